import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWhen } from '../app/ui';
import { ListState } from '../team/ListState';
import { useLoad } from '../team/useLoad';
import { formErrorText } from './errorText';
import { integrationsApi, type WebhookDelivery, type WebhookEndpoint } from './integrationsApi';

const STATUS_TONE: Record<WebhookDelivery['status'], string> = { delivered: 'pill--success', pending: 'pill--warning', dead: 'pill--error' };

/**
 * An endpoint's recent deliveries: what was sent, whether it arrived, how the receiver answered and how fast, and a
 * Redeliver button per row: a failed delivery is revived, a delivered one is sent anew with the same event id (so a
 * receiver that has it can tell). A result message stays in a live region until the next one.
 */
export function DeliveriesList({ id, endpoint, onClose }: { id: string; endpoint: WebhookEndpoint; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => integrationsApi.deliveries(endpoint.id), [endpoint.id]);
  const { data: deliveries, error, reload } = useLoad(load);
  const [busy, setBusy] = useState<number | null>(null);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened from a row's button: take the keyboard to the list it opened.
  useEffect(() => heading.current?.focus(), []);

  const redeliver = async (d: WebhookDelivery) => {
    setBusy(d.id);
    setResult(null);
    try {
      await integrationsApi.redeliver(endpoint.id, d.id);
      setResult({ tone: 'success', text: t('integrations.deliveries.redelivered', { type: d.type }) });
      reload();
    } catch (err) {
      setResult({ tone: 'error', text: t('integrations.deliveries.redeliverFailed', { type: d.type, message: formErrorText(err, t) }) });
    } finally {
      setBusy(null);
    }
  };

  const none = t('integrations.deliveries.none');

  return (
    <section id={id} className="deliveries card" aria-labelledby={`${id}-heading`}>
      <div className="team-section__head deliveries__head">
        <h3 id={`${id}-heading`} ref={heading} tabIndex={-1} className="deliveries__title">
          {t('integrations.deliveries.heading', { url: endpoint.url })}
        </h3>
        <div className="table__actions">
          <button type="button" className="btn btn--ghost btn--small" onClick={reload}>
            {t('integrations.deliveries.refresh')}
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
            {t('integrations.deliveries.hide')}
          </button>
        </div>
      </div>
      <p className={`deliveries__result${result ? ` notice notice--${result.tone}` : ''}`} role="status" aria-live="polite">
        {result?.text ?? ''}
      </p>
      <ListState error={error} failedText={t('integrations.deliveries.loadFailed', { message: error })} onRetry={reload} items={deliveries} emptyText={t('integrations.deliveries.empty')}>
        {(rows) => (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t('integrations.deliveries.heading', { url: endpoint.url })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('integrations.deliveries.event')}</th>
                  <th scope="col">{t('integrations.deliveries.status')}</th>
                  <th scope="col">{t('integrations.deliveries.attempts')}</th>
                  <th scope="col">{t('integrations.deliveries.response')}</th>
                  <th scope="col">{t('integrations.deliveries.latency')}</th>
                  <th scope="col">{t('integrations.deliveries.time')}</th>
                  <th scope="col">{t('integrations.deliveries.lastError')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('integrations.actionsHead')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => {
                  const when = formatWhen(d.createdAt, i18n.language);
                  return (
                    <tr key={d.id}>
                      <th scope="row">
                        <code>{d.type}</code>
                      </th>
                      <td>
                        <span className={`pill ${STATUS_TONE[d.status]}`}>{t(`integrations.deliveries.statuses.${d.status}`)}</span>
                      </td>
                      <td>{d.attempts}</td>
                      <td>{d.responseCode ?? none}</td>
                      <td>{d.latencyMs === null ? none : t('integrations.deliveries.ms', { count: Math.round(d.latencyMs) })}</td>
                      <td className="table__muted">
                        <time dateTime={d.createdAt}>{when}</time>
                      </td>
                      <td className="deliveries__error">{d.lastError ?? none}</td>
                      <td>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          // One at a time; a pending delivery is on its way already (the server refuses it).
                          disabled={busy !== null || d.status === 'pending'}
                          aria-busy={busy === d.id}
                          aria-label={t('integrations.deliveries.redeliverLabel', { type: d.type, when })}
                          onClick={() => void redeliver(d)}
                        >
                          {busy === d.id ? t('integrations.deliveries.redelivering') : t('integrations.deliveries.redeliver')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
    </section>
  );
}
