import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type Bot } from '../api/admin';
import { ConfirmDialog, Modal, Spinner, formatWhen, toast } from '../app/ui';
import { AppBar, type Area } from '../app/AppBar';
import type { SignedIn } from '../app/SignIn';

function RenameDialog({ bot, onDone, onCancel }: { bot: Bot; onDone: (bot: Bot) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(bot.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      onDone(await adminApi.renameBot(bot.id, name));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('bots.renameTitle')}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form="rename-form" className="btn btn--primary" disabled={busy || name.trim() === ''}>
            {t('bots.rename')}
          </button>
        </>
      }
    >
      <form
        id="rename-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="rename-input" className="field__label">
            {t('bots.name')}
          </label>
          <input id="rename-input" className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-autofocus />
          {error && <p className="field__error">{error}</p>}
        </div>
      </form>
    </Modal>
  );
}

export function BotList({ who, onOpen, onNavigate, onSignOut }: { who: SignedIn; onOpen: (id: string) => void; onNavigate: (area: Area) => void; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const [bots, setBots] = useState<Bot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [locale, setLocale] = useState<'en' | 'ko'>(() => (i18n.language.startsWith('ko') ? 'ko' : 'en'));
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Bot | null>(null);
  const [deleting, setDeleting] = useState<Bot | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    adminApi
      .listBots()
      .then(setBots)
      .catch((err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = `${t('bots.title')} — ${t('app.name')}`;
  }, [t]);

  const create = async () => {
    if (!name.trim()) return;
    setCreating(true);
    setCreateError(null);
    try {
      const bot = await adminApi.createBot(name.trim(), locale);
      toast(t('bots.created', { name: bot.name }), 'success');
      onOpen(bot.id);
    } catch (err) {
      setCreateError((err as Error).message);
      setCreating(false);
    }
  };

  const duplicate = async (bot: Bot) => {
    setBusyId(bot.id);
    try {
      const copyName = t('bots.duplicateName', { name: bot.name }).slice(0, 120);
      const copy = await adminApi.duplicateBot(copyName, bot.id);
      toast(t('bots.duplicated', { name: copy.name }), 'success');
      load();
    } catch (err) {
      toast((err as Error).message, 'error');
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (bot: Bot) => {
    setDeleting(null);
    setBusyId(bot.id);
    try {
      await adminApi.deleteBot(bot.id);
      toast(t('bots.deleted', { name: bot.name }), 'success');
      setBots((list) => list?.filter((b) => b.id !== bot.id) ?? null);
    } catch (err) {
      toast((err as Error).message, 'error');
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div className="page">
      <AppBar current="bots" who={who} onNavigate={onNavigate} onSignOut={onSignOut} />
      <main className="bots">
        <div className="bots__head">
          <div>
            <h1>{t('bots.title')}</h1>
            <p className="muted">{t('bots.subtitle')}</p>
          </div>
        </div>
        <form
          className="bots__create card"
          aria-label={t('bots.create')}
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <div className="field">
            <label htmlFor="new-bot-name" className="field__label">
              {t('bots.name')}
            </label>
            <input id="new-bot-name" className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder={t('bots.create')} />
          </div>
          <div className="field">
            <label htmlFor="new-bot-locale" className="field__label">
              {t('bots.locale')}
            </label>
            <select id="new-bot-locale" className="input select" value={locale} onChange={(e) => setLocale(e.target.value as 'en' | 'ko')}>
              <option value="en">{t('locales.en')}</option>
              <option value="ko">{t('locales.ko')}</option>
            </select>
          </div>
          <button type="submit" className="btn btn--primary" disabled={creating || name.trim() === ''}>
            + {t('bots.createSubmit')}
          </button>
          {createError && <p className="field__error bots__create-error">{createError}</p>}
        </form>

        {error ? (
          <div className="notice notice--error" role="alert">
            {t('bots.loadFailed', { message: error })}{' '}
            <button type="button" className="btn btn--ghost btn--small" onClick={load}>
              {t('app.retry')}
            </button>
          </div>
        ) : bots === null ? (
          <Spinner label={t('app.loading')} />
        ) : bots.length === 0 ? (
          <div className="empty card">
            <p>{t('bots.empty')}</p>
          </div>
        ) : (
          <ul className="botlist" aria-label={t('bots.title')}>
            {bots.map((bot) => (
              <li key={bot.id} className="botrow card">
                <button type="button" className="botrow__main" onClick={() => onOpen(bot.id)} aria-label={`${t('bots.open')} ${bot.name}`}>
                  <span className="botrow__avatar" aria-hidden="true">
                    {bot.name.slice(0, 1).toUpperCase()}
                  </span>
                  <span className="botrow__text">
                    <span className="botrow__name">{bot.name}</span>
                    <span className="botrow__meta">
                      <code>{bot.id}</code> · {t('bots.updated', { when: formatWhen(bot.updatedAt, i18n.language) })}
                    </span>
                  </span>
                </button>
                <span className={`pill ${bot.publishedVersion ? 'pill--success' : 'pill--muted'}`}>
                  {bot.publishedVersion ? t('bots.published', { version: bot.publishedVersion }) : t('bots.unpublished')}
                </span>
                <div className="botrow__actions" role="group" aria-label={t('bots.actionsFor', { name: bot.name })}>
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => setRenaming(bot)} disabled={busyId === bot.id} aria-label={`${t('bots.rename')} ${bot.name}`}>
                    {t('bots.rename')}
                  </button>
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => void duplicate(bot)} disabled={busyId === bot.id} aria-label={`${t('bots.duplicate')} ${bot.name}`}>
                    {t('bots.duplicate')}
                  </button>
                  <button type="button" className="btn btn--ghost btn--small btn--danger-text" onClick={() => setDeleting(bot)} disabled={busyId === bot.id} aria-label={`${t('bots.delete')} ${bot.name}`}>
                    {t('bots.delete')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </main>
      {renaming && (
        <RenameDialog
          bot={renaming}
          onCancel={() => setRenaming(null)}
          onDone={(b) => {
            setRenaming(null);
            setBots((list) => list?.map((x) => (x.id === b.id ? b : x)) ?? null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          danger
          title={t('bots.delete')}
          message={t('bots.deleteConfirm', { name: deleting.name })}
          confirmLabel={t('bots.delete')}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </div>
  );
}
