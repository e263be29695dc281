import type { ChannelAdapter } from './channel';
import { telegram } from './telegram';
import { whatsapp } from './whatsapp';
import { line } from './line';
import { messenger } from './messenger';
import { instagram } from './instagram';

/** Every channel Parley speaks, by the name used in routes and delivery kinds. Adding one is one line here. */
export const CHANNELS: Readonly<Record<string, ChannelAdapter<unknown>>> = { telegram, whatsapp, line, messenger, instagram };

export const CHANNEL_NAMES = Object.keys(CHANNELS);

export function channelNamed(name: string): ChannelAdapter<unknown> | undefined {
  return Object.hasOwn(CHANNELS, name) ? CHANNELS[name] : undefined;
}

/** The delivery kind of a channel's sends. */
export const deliveryKind = (channel: string) => `channel:${channel}`;

/**
 * The channel a visitor id belongs to: conversations a channel starts carry `<channel>:<chat id>` as their visitor id,
 * and the widget may not claim those prefixes (routes/conversations.ts), so only such conversations can have a chat.
 */
export function channelOfVisitor(visitorId: string | null | undefined): string | undefined {
  const name = visitorId?.slice(0, Math.max(0, visitorId.indexOf(':')));
  return name && channelNamed(name) ? name : undefined;
}
