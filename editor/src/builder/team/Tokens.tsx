import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../common/api/errors';
import { teamApi, type ApiToken, type Role } from '../api/team';
import { ConfirmDialog, Modal, formatWhen, toast } from '../app/ui';
import { RevocationStatus, RevokeButton } from './Revocation';
import { ActionError, ListState } from './ListState';
import { useLoad } from './useLoad';

const ROLES: readonly Role[] = ['agent', 'admin'];

/** API tokens for programs: create one (its secret is shown once), see which are active, revoke. */
export function Tokens() {
  const { t, i18n } = useTranslation();
  const { data: tokens, setData, error, reload } = useLoad(teamApi.tokens);
  const [name, setName] = useState('');
  // The smaller role by default: a token is handed to a program, so it starts with the least it might need.
  const [role, setRole] = useState<Role>('agent');
  const [tried, setTried] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: ApiToken; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const nameError = tried && !name.trim() ? t('tokens.nameMissing') : null;

  const create = async () => {
    setTried(true);
    setCreateError(null);
    if (!name.trim()) return nameInput.current?.focus();
    setCreating(true);
    try {
      const result = await teamApi.createToken(name.trim(), role);
      setCreated(result);
      setData((list) => [...(list ?? []), result.token]);
      setName('');
      setTried(false);
    } catch (err) {
      setCreateError(fieldErrors(err).name ?? (err as Error).message);
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setRevoking(null);
    setBusyId(token.id);
    setActionError(null);
    try {
      await teamApi.revokeToken(token.id);
      const now = new Date().toISOString();
      setData((list) => list?.map((x) => (x.id === token.id ? { ...x, revokedAt: now } : x)) ?? null);
      toast(t('tokens.revoked', { name: token.name }), 'success');
    } catch (err) {
      setActionError((err as Error).message);
    } finally {
      setBusyId(null);
    }
  };

  const newestFirst = tokens ? [...tokens].sort((a, b) => b.id - a.id) : null;

  return (
    <section className="team-section" aria-label={t('team.tokens')}>
      <p className="muted">{t('tokens.intro')}</p>
      <form
        className="bots__create token-create card"
        aria-label={t('tokens.create')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className={`field${nameError ? ' field--invalid' : ''}`}>
          <label htmlFor="token-name" className="field__label">
            {t('tokens.name')}
          </label>
          <input
            ref={nameInput}
            id="token-name"
            className="input"
            value={name}
            maxLength={80}
            placeholder={t('tokens.namePlaceholder')}
            aria-invalid={Boolean(nameError)}
            aria-describedby={nameError ? 'token-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="token-role" className="field__label">
            {t('tokens.role')}
          </label>
          <select id="token-role" className="input select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`team.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn--primary" disabled={creating}>
          + {t('tokens.create')}
        </button>
        {nameError && (
          <p id="token-name-error" className="field__error bots__create-error">
            {nameError}
          </p>
        )}
        {createError && (
          <p className="field__error bots__create-error" role="alert">
            {createError}
          </p>
        )}
      </form>

      <ActionError message={actionError} onDismiss={() => setActionError(null)} />
      <ListState error={error} failedText={t('tokens.loadFailed', { message: error })} onRetry={reload} items={newestFirst} emptyText={t('tokens.empty')}>
        {(newestFirst) => (
          <div className="table-wrap card">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.role')}</th>
                  <th scope="col">{t('tokens.created')}</th>
                  <th scope="col">{t('tokens.status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('people.actionsHead')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {newestFirst.map((x) => (
                  <tr key={x.id} className={x.revokedAt ? 'is-disabled' : undefined}>
                    <th scope="row" className="table__name">
                      {x.name}
                    </th>
                    <td>{t(`team.roles.${x.role}`)}</td>
                    <td className="table__muted">
                      <time dateTime={x.createdAt}>{formatWhen(x.createdAt, i18n.language)}</time>
                    </td>
                    <td>
                      <RevocationStatus revokedAt={x.revokedAt} />
                    </td>
                    <td>
                      <div className="table__actions">
                        {!x.revokedAt && <RevokeButton busy={busyId === x.id} label={t('tokens.revokeLabel', { name: x.name })} onRevoke={() => setRevoking(x)} />}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>

      {created && <SecretDialog name={created.token.name} secret={created.secret} onClose={() => setCreated(null)} />}
      {revoking && (
        <ConfirmDialog
          danger
          title={t('tokens.revokeTitle', { name: revoking.name })}
          message={t('tokens.revokeConfirm')}
          confirmLabel={t('tokens.revoke')}
          onCancel={() => setRevoking(null)}
          onConfirm={() => void revoke(revoking)}
        />
      )}
    </section>
  );
}

/** The one time the secret exists outside the program that will use it: selected on open, with a copy button. */
function SecretDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard API (plain http, or permission refused): the older route still works in most browsers.
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <Modal
      title={t('tokens.createdTitle')}
      onClose={onClose}
      actions={
        <button type="button" className="btn btn--primary" onClick={onClose}>
          {t('tokens.done')}
        </button>
      }
    >
      <p className="notice notice--warning">{t('tokens.createdWarning')}</p>
      <div className="field">
        <label htmlFor="token-secret" className="field__label">
          {t('tokens.secret', { name })}
        </label>
        <div className="secret">
          <input
            ref={input}
            id="token-secret"
            className="input secret__value"
            readOnly
            value={secret}
            data-autofocus
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
          />
          <button type="button" className="btn btn--secondary" onClick={() => void copy()}>
            {copied === 'yes' ? `✓ ${t('tokens.copied')}` : t('tokens.copy')}
          </button>
        </div>
        <p className="field__hint" role="status">
          {copied === 'yes' ? t('tokens.copied') : copied === 'failed' ? t('tokens.copyFailed') : ''}
        </p>
      </div>
    </Modal>
  );
}
