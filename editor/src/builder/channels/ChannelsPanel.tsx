import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelName, type ChannelView } from '@parley/shared';
import { Spinner } from '../app/ui';
import { useLoad } from '../team/useLoad';
import { ChannelCard } from './ChannelCard';
import { channelsApi } from './channelsApi';
import { webhookUrlFor } from './webhookUrl';
import './channels.css';

/**
 * The messaging channels of one bot besides its widget: one card per platform, saved or not, each saved on its own
 * (not with the flow draft: channel settings live on the server, per bot, and are admin-only).
 */
export function ChannelsPanel({ botId }: { botId: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => channelsApi.list(botId), [botId]);
  const { data: channels, setData, error, reload } = useLoad(load);

  const saved = (view: ChannelView) => setData((list) => [...(list ?? []).filter((c) => c.channel !== view.channel), view]);

  if (error)
    return (
      <div className="notice notice--error notice--row" role="alert">
        <span>{t('channels.loadFailed', { message: error })}</span>
        <button type="button" className="btn btn--ghost btn--small" onClick={reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  if (channels === null) return <Spinner label={t('channels.loading')} />;
  return (
    <div className="channels">
      <p className="muted channels__intro">{t('channels.intro')}</p>
      {channels.length === 0 && <p className="notice channels__empty">{t('channels.empty')}</p>}
      {ChannelName.options.map((channel) => (
        <ChannelCard
          key={channel}
          botId={botId}
          channel={channel}
          view={channels.find((c) => c.channel === channel)}
          webhook={webhookUrlFor(channel, botId, channels)}
          onSaved={saved}
        />
      ))}
    </div>
  );
}
