import type { ChannelName, ChannelView } from '@parley/shared';

const PATH = /\/api\/channels\/[^/]+\/[^/]+\/webhook$/;

/**
 * The address a platform must post to. The server names it only for channels already saved, on its public origin
 * (PARLEY_PUBLIC_URL), which may differ from the page's; so for a channel not set up yet it is built on the origin of
 * any saved channel's address, else on the page's own (then `provisional`: the answer to Save gives the real one).
 */
export function webhookUrlFor(channel: ChannelName, botId: string, saved: readonly ChannelView[]): { url: string; provisional: boolean } {
  const own = saved.find((c) => c.channel === channel);
  if (own) return { url: own.webhookUrl, provisional: false };
  const path = `/api/channels/${channel}/${encodeURIComponent(botId)}/webhook`;
  const other = saved.find((c) => PATH.test(c.webhookUrl));
  if (other) return { url: other.webhookUrl.replace(PATH, path), provisional: false };
  return { url: `${window.location.origin}${path}`, provisional: true };
}
