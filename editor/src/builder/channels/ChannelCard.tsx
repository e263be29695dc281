import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, ChannelView } from '@parley/shared';
import { formatWhen } from '../app/ui';
import { ChannelForm } from './ChannelForm';
import { CopyField } from './CopyField';
import { HowToConnect } from './HowToConnect';
import { CHANNEL_FIELDS, usesVerifyToken } from './channelFields';

type Status = ChannelView['status'] | 'notSetUp';

const PILL: Record<Status, string> = { connected: 'pill--success', failing: 'pill--warning', broken: 'pill--error', notSetUp: 'pill--muted' };

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`pill ${PILL[status]} channel__status`}>{t(`channels.status.${status}`)}</span>;
}

interface Props {
  botId: string;
  channel: ChannelName;
  view: ChannelView | undefined;
  webhook: { url: string; provisional: boolean };
  onSaved: (view: ChannelView) => void;
}

/**
 * One platform: its state at a glance (status, why it stopped, the last failed send) and, behind a disclosure, the
 * setup steps and the settings form. A broken channel opens by itself: saving its settings again is the way out.
 */
export function ChannelCard({ botId, channel, view, webhook, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const name = t(`channels.names.${channel}`);
  const [open, setOpen] = useState(view?.status === 'broken');
  const [apiBase, setApiBase] = useState(view?.settings.apiBase ?? CHANNEL_FIELDS[channel].find((f) => f.key === 'apiBase')?.defaultValue ?? '');
  const when = (iso: string) => formatWhen(iso, i18n.language);

  const urlField = (
    <CopyField
      label={t('channels.webhookUrl')}
      value={webhook.url}
      copyLabel={t('channels.copyWebhook', { name })}
      hint={
        <>
          {t(usesVerifyToken(channel) ? 'channels.webhookHintMeta' : 'channels.webhookHint', { name })}
          {webhook.provisional ? ` ${t('channels.webhookProvisional')}` : ''}
        </>
      }
    />
  );

  return (
    <article className="channel card" aria-labelledby={`${id}-name`} data-channel={channel}>
      <header className="channel__head">
        <h3 id={`${id}-name`} className="channel__name">
          {name}
        </h3>
        <StatusBadge status={view?.status ?? 'notSetUp'} />
        <span className="channel__spacer" />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          aria-label={t(open ? 'channels.hideNamed' : view ? 'channels.editNamed' : 'channels.setUpNamed', { name })}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('channels.hide') : view ? t('channels.edit') : t('channels.setUp')}
        </button>
      </header>
      {view?.broken && (
        <p className="notice notice--error channel__problem">
          <strong>{t('channels.brokenTitle')}</strong> <time dateTime={view.broken.at}>{when(view.broken.at)}</time>: {view.broken.reason} {t('channels.brokenAction')}
        </p>
      )}
      {view?.lastDeliveryError && (
        <p className="notice notice--warning channel__problem">
          <strong>{t('channels.lastError')}</strong> <time dateTime={view.lastDeliveryError.at}>{when(view.lastDeliveryError.at)}</time>: {view.lastDeliveryError.error}
        </p>
      )}
      {view && (
        <>
          {urlField}
          <p className="channel__updated muted">{t('channels.updatedAt', { when: when(view.updatedAt) })}</p>
        </>
      )}
      <div id={`${id}-body`} className="channel__body" hidden={!open}>
        {!view && (
          <>
            {urlField}
            <HowToConnect channel={channel} webhookUrl={webhook.url} apiBase={apiBase} />
          </>
        )}
        <ChannelForm botId={botId} channel={channel} view={view} onSaved={onSaved} onValues={(v) => setApiBase(v.apiBase ?? '')} />
      </div>
    </article>
  );
}
