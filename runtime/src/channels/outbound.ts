import { z } from 'zod';
import type { MessagePayload } from '@parley/shared';
import type { OutboundHook } from '../engine/turn';
import type { Sender } from '../outbox/dispatcher';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { NewDelivery } from '../store/deliveries';
import type { ChannelAdapter, PlatformRequest } from './channel';
import { CHANNELS, channelNamed, channelOfVisitor, deliveryKind } from './registry';

/** A channel delivery's payload: the rendered requests, in order. Never the secrets: the sender reads those when it sends. */
export const ChannelDeliveryPayload = z.object({
  botId: z.string(),
  chatId: z.string(),
  requests: z.array(z.object({ method: z.string(), body: z.record(z.string(), z.unknown()) })),
});
export type ChannelDeliveryPayload = z.infer<typeof ChannelDeliveryPayload>;

/**
 * One delivery per turn for a chat, keyed by the conversation and the first message's sequence number: the turn's
 * messages are sent in order by one sender, where separate deliveries could overtake each other in a batch.
 */
export function chatDelivery(link: ChatLink, idempotencyKey: string, requests: PlatformRequest[]): NewDelivery {
  const payload: ChannelDeliveryPayload = { botId: link.botId, chatId: link.chatId, requests };
  return { kind: deliveryKind(link.channel), target: `${link.botId}:${link.chatId}`, idempotencyKey, payload };
}

/** The delivery for a conversation's new bot, agent and system messages, or none when nothing renders. */
export function messagesDelivery(adapter: ChannelAdapter<unknown>, link: ChatLink, conversationId: string, messages: { seq: number; payload: MessagePayload | { type: 'customer' } }[]): NewDelivery | undefined {
  const shown = messages.filter((m): m is { seq: number; payload: MessagePayload } => m.payload.type !== 'customer');
  const requests = shown.flatMap((m) => adapter.render(m.payload, link.chatId));
  if (requests.length === 0) return undefined;
  return chatDelivery(link, `${conversationId}:${shown[0]!.seq}`, requests);
}

/** The TurnEngine's outbound hook: a conversation that belongs to a platform chat has its turns sent there. */
export function channelOutbound(store: Store): OutboundHook {
  return async (conversation, messages) => {
    // Widget conversations (the hot path) never have a chat: no lookup for them.
    if (!channelOfVisitor(conversation.visitorId) || !messages.some((m) => m.message.author !== 'customer')) return [];
    const link = await store.channels.chatOf(conversation.id);
    const adapter = link && channelNamed(link.channel);
    if (!link || !adapter) return [];
    const delivery = messagesDelivery(adapter, link, conversation.id, messages.map((m) => ({ seq: m.seq, payload: m.message.payload })));
    return delivery ? [delivery] : [];
  };
}

/**
 * The dispatcher's sender for one channel: reads the bot's settings at send time (so a fixed token fixes the retries)
 * and sends the requests in order, stopping at the first failure. A retry sends them all again: the platform has no
 * idempotency key, so a failure after the first of several requests repeats the ones before it (at least once).
 */
export function channelSender(adapter: ChannelAdapter<unknown>, deps: { store: Store; fetch: typeof globalThis.fetch }): Sender {
  return async (delivery, ctx) => {
    const payload = ChannelDeliveryPayload.safeParse(delivery.payload);
    if (!payload.success) return { ok: false, error: 'The delivery is not a channel send this version understands', retryable: false };
    const { botId, requests } = payload.data;
    const row = await deps.store.channels.getConfig(botId, adapter.name);
    if (!row) return { ok: false, error: `Bot ${botId} has no ${adapter.name} settings any more`, retryable: false };
    const config = adapter.configSchema.safeParse(row.config);
    if (!config.success) return { ok: false, error: `Bot ${botId}'s ${adapter.name} settings are not valid; save them again`, retryable: false };
    for (const request of requests) {
      const result = await adapter.send(request, config.data, deps.fetch, ctx.signal);
      if (!result.ok) return result;
    }
    return { ok: true };
  };
}

/** Registers every channel's sender on the dispatcher. */
export function registerChannelSenders(dispatcher: { register(kind: string, sender: Sender): unknown }, deps: { store: Store; fetch: typeof globalThis.fetch }): void {
  for (const adapter of Object.values(CHANNELS)) dispatcher.register(deliveryKind(adapter.name), channelSender(adapter, deps));
}
