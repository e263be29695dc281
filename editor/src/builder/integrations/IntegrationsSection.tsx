import { RevocationStatus, RevokeButton } from '../team/Revocation';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog, formatWhen, toast } from '../app/ui';
import { ActionError, ListState } from '../team/ListState';
import type { Loaded } from '../team/useLoad';
import { formErrorText } from './errorText';
import { integrationsApi, SCOPES, type Integration, type Scope } from './integrationsApi';
import { OneTimeSecret } from './OneTimeSecret';
import { SCOPE_HINT } from './scopes';

/**
 * Integrations: create one with a name and scopes (its key is shown once, in the panel under the form), see each
 * one's scopes, key hint and last use, revoke. The list comes from the page, which shares it with the webhooks'
 * owner column.
 */
export function IntegrationsSection({ loaded }: { loaded: Loaded<Integration[]> }) {
  const { t, i18n } = useTranslation();
  const { data: integrations, setData, error, reload } = loaded;
  const formId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [tried, setTried] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  // The key lives here only until the panel is closed; the list never holds it.
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<Integration | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const nameError = tried && !name.trim() ? t('integrations.nameMissing') : null;
  const scopesError = tried && scopes.length === 0 ? t('integrations.scopesMissing') : null;

  const toggle = (scope: Scope, on: boolean) => setScopes((list) => (on ? SCOPES.filter((s) => s === scope || list.includes(s)) : list.filter((s) => s !== scope)));

  const create = async () => {
    setTried(true);
    setCreateError(null);
    if (!name.trim()) return nameInput.current?.focus();
    if (scopes.length === 0) return document.getElementById(`${formId}-scope-${SCOPES[0]}`)?.focus();
    setCreating(true);
    try {
      const result = await integrationsApi.createIntegration(name.trim(), scopes);
      setCreated({ name: result.integration.name, key: result.key });
      setData((list) => [...(list ?? []), result.integration]);
      setName('');
      setScopes([]);
      setTried(false);
    } catch (err) {
      setCreateError(formErrorText(err, t));
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (integration: Integration) => {
    setRevoking(null);
    setBusyId(integration.id);
    setActionError(null);
    try {
      const revoked = await integrationsApi.revokeIntegration(integration.id);
      setData((list) => list?.map((x) => (x.id === revoked.id ? revoked : x)) ?? null);
      toast(t('integrations.revoked', { name: integration.name }), 'success');
    } catch (err) {
      setActionError(formErrorText(err, t));
      // A 409 means someone else revoked it first: show the list as it is now.
      reload();
    } finally {
      setBusyId(null);
    }
  };

  const newestFirst = integrations ? [...integrations].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : null;

  return (
    <section className="team-section" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`} className="integrations__heading">
        {t('integrations.heading')}
      </h2>
      <form
        className="integration-create card"
        aria-label={t('integrations.create')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className={`field${nameError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${formId}-name`} className="field__label">
            {t('integrations.name')}
          </label>
          <input
            ref={nameInput}
            id={`${formId}-name`}
            className="input"
            value={name}
            maxLength={80}
            placeholder={t('integrations.namePlaceholder')}
            aria-invalid={Boolean(nameError)}
            aria-describedby={nameError ? `${formId}-name-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {nameError && (
            <p id={`${formId}-name-error`} className="field__error">
              {nameError}
            </p>
          )}
        </div>
        <fieldset className="choice integrations__checks" aria-describedby={scopesError ? `${formId}-scopes-error` : undefined}>
          <legend className="field__label">{t('integrations.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s} className={`choice__item${scopes.includes(s) ? ' is-active' : ''}`}>
              <input id={`${formId}-scope-${s}`} type="checkbox" checked={scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
              <span>
                <code className="choice__title">{s}</code>
                <span className="choice__hint">{t(SCOPE_HINT[s])}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {scopesError && (
          <p id={`${formId}-scopes-error`} className="field__error">
            {scopesError}
          </p>
        )}
        {createError && (
          <p className="field__error" role="alert">
            {createError}
          </p>
        )}
        <div>
          <button type="submit" className="btn btn--primary" disabled={creating}>
            + {t('integrations.create')}
          </button>
        </div>
      </form>

      {created && (
        <OneTimeSecret
          title={t('integrations.keyTitle', { name: created.name })}
          warning={t('integrations.keyWarning')}
          value={created.key}
          copyLabel={t('integrations.copyKey')}
          hint={t('integrations.keyUsage')}
          onDone={() => {
            setCreated(null);
            nameInput.current?.focus();
          }}
        />
      )}

      <ActionError message={actionError} onDismiss={() => setActionError(null)} />
      <ListState error={error} failedText={t('integrations.loadFailed', { message: error })} onRetry={reload} items={newestFirst} emptyText={t('integrations.empty')}>
        {(rows) => (
          <div className="table-wrap card">
            <table className="table">
              <caption className="sr-only">{t('integrations.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('integrations.name')}</th>
                  <th scope="col">{t('integrations.scopes')}</th>
                  <th scope="col">{t('integrations.key')}</th>
                  <th scope="col">{t('integrations.created')}</th>
                  <th scope="col">{t('integrations.lastUsed')}</th>
                  <th scope="col">{t('integrations.status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('integrations.actionsHead')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.id} className={x.revokedAt ? 'is-disabled' : undefined}>
                    <th scope="row" className="table__name">
                      {x.name}
                    </th>
                    <td>
                      <ul className="chips integrations__chips">
                        {x.scopes.map((s) => (
                          <li key={s} className="chip integrations__chip" title={t(SCOPE_HINT[s])}>
                            {s}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <code className="integrations__hint">…{x.keyHint}</code>
                    </td>
                    <td className="table__muted">
                      <time dateTime={x.createdAt}>{formatWhen(x.createdAt, i18n.language)}</time>
                    </td>
                    <td className="table__muted">{x.lastUsedAt ? <time dateTime={x.lastUsedAt}>{formatWhen(x.lastUsedAt, i18n.language)}</time> : t('integrations.never')}</td>
                    <td>
                      <RevocationStatus revokedAt={x.revokedAt} />
                    </td>
                    <td>
                      <div className="table__actions">
                        {!x.revokedAt && <RevokeButton busy={busyId === x.id} label={t('integrations.revokeLabel', { name: x.name })} onRevoke={() => setRevoking(x)} />}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>

      {revoking && (
        <ConfirmDialog
          danger
          title={t('integrations.revokeTitle', { name: revoking.name })}
          message={t('integrations.revokeConfirm')}
          confirmLabel={t('integrations.revoke')}
          onCancel={() => setRevoking(null)}
          onConfirm={() => void revoke(revoking)}
        />
      )}
    </section>
  );
}
