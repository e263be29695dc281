import type { ChannelName, ChannelView } from '@parley/shared';
import { request } from '../api/client';

export type { ChannelName, ChannelView };

const base = (botId: string) => `/api/bots/${encodeURIComponent(botId)}/channels`;

/** A bot's messaging channels (admin only): the saved ones with secrets masked, and saving one channel's settings. */
export const channelsApi = {
  list: (botId: string) => request<{ channels: ChannelView[] }>(base(botId)).then((r) => r.channels),
  /** Secrets left as the mask keep their saved value; the answer shows the channel as saved, secrets masked again. */
  save: (botId: string, channel: ChannelName, settings: Record<string, string>) =>
    request<{ channel: ChannelView }>(`${base(botId)}/${channel}`, { method: 'PUT', body: settings }).then((r) => r.channel),
};
