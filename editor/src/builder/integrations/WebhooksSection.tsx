import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog, toast } from '../app/ui';
import { ActionError, ListState } from '../team/ListState';
import { useLoad } from '../team/useLoad';
import { DeliveriesList } from './DeliveriesList';
import { formErrorText } from './errorText';
import { integrationsApi, WEBHOOK_EVENT_TYPES, type Integration, type WebhookEndpoint, type WebhookEventType } from './integrationsApi';
import { OneTimeSecret } from './OneTimeSecret';
import { EVENT_GROUPS, EVENT_INFO } from './scopes';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Webhook endpoints: register one with a URL and events (its signing secret is shown once), see who owns each, turn
 * one off and on, delete it, and open its recent deliveries. Whether an address is allowed (no private networks) is
 * the server's call; its refusal is shown by the form.
 */
export function WebhooksSection({ integrations }: { integrations: readonly Integration[] }) {
  const { t } = useTranslation();
  const { data: webhooks, setData, error, reload } = useLoad(integrationsApi.webhooks);
  const formId = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [tried, setTried] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  // The secret lives here only until the panel is closed; the list never holds it.
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const urlInput = useRef<HTMLInputElement>(null);

  const urlError = !tried ? null : !url.trim() ? t('integrations.webhooks.urlMissing') : !isHttpUrl(url.trim()) ? t('integrations.webhooks.urlInvalid') : null;
  const eventsError = tried && events.length === 0 ? t('integrations.webhooks.eventsMissing') : null;

  const toggle = (type: WebhookEventType, on: boolean) =>
    setEvents((list) => (on ? WEBHOOK_EVENT_TYPES.filter((e) => e === type || list.includes(e)) : list.filter((e) => e !== type)));

  const owner = (w: WebhookEndpoint) => {
    if (w.integrationId === null) return t('integrations.webhooks.ownerAdmin');
    const integration = integrations.find((i) => i.id === w.integrationId);
    return integration ? t('integrations.webhooks.ownerIntegration', { name: integration.name }) : t('integrations.webhooks.unknownIntegration', { id: w.integrationId });
  };

  const register = async () => {
    setTried(true);
    setCreateError(null);
    if (!url.trim() || !isHttpUrl(url.trim())) return urlInput.current?.focus();
    if (events.length === 0) return document.getElementById(`${formId}-event-${WEBHOOK_EVENT_TYPES[0]}`)?.focus();
    setCreating(true);
    try {
      const result = await integrationsApi.createWebhook(url.trim(), events);
      setCreated({ url: result.webhook.url, secret: result.secret });
      setData((list) => [...(list ?? []), result.webhook]);
      setUrl('');
      setEvents([]);
      setTried(false);
    } catch (err) {
      setCreateError(formErrorText(err, t));
    } finally {
      setCreating(false);
    }
  };

  const act = async (w: WebhookEndpoint, action: () => Promise<void>) => {
    setBusyId(w.id);
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError(formErrorText(err, t));
    } finally {
      setBusyId(null);
    }
  };

  const setDisabled = (w: WebhookEndpoint, disabled: boolean) =>
    act(w, async () => {
      const changed = await integrationsApi.changeWebhook(w.id, { disabled });
      setData((list) => list?.map((x) => (x.id === changed.id ? changed : x)) ?? null);
      toast(t(disabled ? 'integrations.webhooks.nowDisabled' : 'integrations.webhooks.nowEnabled'), 'success');
    });

  const remove = (w: WebhookEndpoint) => {
    setDeleting(null);
    return act(w, async () => {
      await integrationsApi.deleteWebhook(w.id);
      setData((list) => list?.filter((x) => x.id !== w.id) ?? null);
      if (open === w.id) setOpen(null);
      toast(t('integrations.webhooks.deleted'), 'success');
    });
  };

  const closeDeliveries = useCallback(() => {
    const id = open;
    setOpen(null);
    if (id) document.getElementById(`${formId}-deliveries-${id}`)?.focus();
  }, [open, formId]);

  const newestFirst = webhooks ? [...webhooks].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : null;
  const shown = open ? webhooks?.find((w) => w.id === open) : undefined;

  return (
    <section className="team-section" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`} className="integrations__heading">
        {t('integrations.webhooks.heading')}
      </h2>
      <p className="muted">{t('integrations.webhooks.intro')}</p>
      <form
        className="integration-create card"
        aria-label={t('integrations.webhooks.register')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void register();
        }}
      >
        <div className={`field${urlError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${formId}-url`} className="field__label">
            {t('integrations.webhooks.url')}
          </label>
          <input
            ref={urlInput}
            id={`${formId}-url`}
            className="input"
            type="url"
            inputMode="url"
            value={url}
            maxLength={2000}
            placeholder={t('integrations.webhooks.urlPlaceholder')}
            aria-invalid={Boolean(urlError)}
            aria-describedby={urlError ? `${formId}-url-error` : undefined}
            onChange={(e) => setUrl(e.target.value)}
          />
          {urlError && (
            <p id={`${formId}-url-error`} className="field__error">
              {urlError}
            </p>
          )}
        </div>
        <fieldset className="integrations__events" aria-describedby={eventsError ? `${formId}-events-error` : undefined}>
          <legend className="field__label">{t('integrations.webhooks.events')}</legend>
          {EVENT_GROUPS.map((group) => (
            <fieldset key={group} className="choice integrations__checks">
              <legend className="integrations__group">{t(`integrations.webhooks.groups.${group}`)}</legend>
              {WEBHOOK_EVENT_TYPES.filter((type) => EVENT_INFO[type].group === group).map((type) => (
                <label key={type} className={`choice__item${events.includes(type) ? ' is-active' : ''}`}>
                  <input id={`${formId}-event-${type}`} type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
                  <span>
                    <code className="choice__title">{type}</code>
                    <span className="choice__hint">{t(EVENT_INFO[type].hint)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </fieldset>
        {eventsError && (
          <p id={`${formId}-events-error`} className="field__error">
            {eventsError}
          </p>
        )}
        {createError && (
          <p className="field__error" role="alert">
            {createError}
          </p>
        )}
        <div>
          <button type="submit" className="btn btn--primary" disabled={creating}>
            + {t('integrations.webhooks.register')}
          </button>
        </div>
      </form>

      {created && (
        <OneTimeSecret
          title={t('integrations.webhooks.secretTitle', { url: created.url })}
          warning={t('integrations.webhooks.secretWarning')}
          value={created.secret}
          copyLabel={t('integrations.webhooks.copySecret')}
          hint={t('integrations.webhooks.verifyHint')}
          onDone={() => {
            setCreated(null);
            urlInput.current?.focus();
          }}
        />
      )}

      <ActionError message={actionError} onDismiss={() => setActionError(null)} />
      <ListState error={error} failedText={t('integrations.webhooks.loadFailed', { message: error })} onRetry={reload} items={newestFirst} emptyText={t('integrations.webhooks.empty')}>
        {(rows) => (
          <div className="table-wrap card">
            <table className="table">
              <caption className="sr-only">{t('integrations.webhooks.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('integrations.webhooks.url')}</th>
                  <th scope="col">{t('integrations.webhooks.events')}</th>
                  <th scope="col">{t('integrations.webhooks.owner')}</th>
                  <th scope="col">{t('integrations.webhooks.status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('integrations.actionsHead')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((w) => (
                  <tr key={w.id} className={w.disabledAt ? 'is-disabled' : undefined}>
                    <th scope="row" className="table__name integrations__url">
                      {w.url}
                    </th>
                    <td>
                      <ul className="chips integrations__chips">
                        {w.events.map((e) => (
                          <li key={e} className="chip integrations__chip">
                            {e}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{owner(w)}</td>
                    <td>
                      {w.disabledAt ? (
                        <span className="pill pill--muted">{t('integrations.webhooks.disabled')}</span>
                      ) : (
                        <span className="pill pill--success">{t('integrations.webhooks.enabled')}</span>
                      )}
                    </td>
                    <td>
                      <div className="table__actions">
                        <button
                          type="button"
                          id={`${formId}-deliveries-${w.id}`}
                          className="btn btn--ghost btn--small"
                          aria-expanded={open === w.id}
                          aria-controls={open === w.id ? `${formId}-deliveries` : undefined}
                          aria-label={t('integrations.webhooks.deliveriesLabel', { url: w.url })}
                          onClick={() => setOpen(open === w.id ? null : w.id)}
                        >
                          {t('integrations.webhooks.showDeliveries')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small table__toggle"
                          disabled={busyId === w.id}
                          aria-label={t(w.disabledAt ? 'integrations.webhooks.enableLabel' : 'integrations.webhooks.disableLabel', { url: w.url })}
                          onClick={() => void setDisabled(w, !w.disabledAt)}
                        >
                          {t(w.disabledAt ? 'integrations.webhooks.enable' : 'integrations.webhooks.disable')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small btn--danger-text"
                          disabled={busyId === w.id}
                          aria-label={t('integrations.webhooks.deleteLabel', { url: w.url })}
                          onClick={() => setDeleting(w)}
                        >
                          {t('integrations.webhooks.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>

      {shown && <DeliveriesList key={shown.id} id={`${formId}-deliveries`} endpoint={shown} onClose={closeDeliveries} />}

      {deleting && (
        <ConfirmDialog
          danger
          title={t('integrations.webhooks.deleteTitle')}
          message={t('integrations.webhooks.deleteConfirm', { url: deleting.url })}
          confirmLabel={t('integrations.webhooks.delete')}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </section>
  );
}
