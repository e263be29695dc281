import { z } from 'zod';
import type { MessagePayload } from '@parley/shared';
import type { OutboundHook } from '../engine/turn';
import type { Sender } from '../outbox/dispatcher';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { NewDelivery } from '../store/deliveries';
import type { ChannelAdapter, PlatformRequest, ReplyContext } from './channel';
import { CHANNELS, channelNamed, channelOfVisitor, deliveryKind } from './registry';

/** A channel delivery's payload: the rendered requests, in order. Never the secrets: the sender reads those when it sends. */
export const ChannelDeliveryPayload = z.object({
  botId: z.string(),
  chatId: z.string(),
  /** The conversation the messages belong to (absent for acknowledgements and polite refusals). */
  conversationId: z.string().optional(),
  requests: z.array(z.object({ method: z.string(), body: z.record(z.string(), z.unknown()), seq: z.number().int().optional() })),
});
export type ChannelDeliveryPayload = z.infer<typeof ChannelDeliveryPayload>;

/**
 * One delivery per turn for a chat, keyed by the conversation and the first message's sequence number: the turn's
 * messages are sent in order by one sender, where separate deliveries could overtake each other in a batch.
 */
export function chatDelivery(link: ChatLink, idempotencyKey: string, requests: PlatformRequest[], conversationId?: string): NewDelivery {
  const payload: ChannelDeliveryPayload = { botId: link.botId, chatId: link.chatId, ...(conversationId ? { conversationId } : {}), requests };
  return { kind: deliveryKind(link.channel), target: `${link.botId}:${link.chatId}`, idempotencyKey, payload };
}

/**
 * What a customer event in flight lets this process answer with, by conversation: set by the inbound handler around
 * its turn and read by the turn's outbound hook, which runs inside that same call.
 */
export const replyContexts = new Map<string, InFlight>();

/** A customer event being answered: how the platform lets us answer it, and a new conversation's greeting to send first. */
export interface InFlight extends ReplyContext {
  /** The greeting of the conversation this event started: sent in the same delivery as the answer, so always first. */
  greeting?: { seq: number; payload: MessagePayload | { type: 'customer' } }[] | undefined;
  /** Set once the turn's delivery took the greeting. */
  greetingQueued?: boolean;
}

/** The delivery for a conversation's new bot, agent and system messages, or none when nothing renders. */
export function messagesDelivery(
  adapter: ChannelAdapter<unknown>,
  link: ChatLink,
  conversationId: string,
  messages: { seq: number; payload: MessagePayload | { type: 'customer' } }[],
  context: ReplyContext = {},
): NewDelivery | undefined {
  const shown = messages.filter((m): m is { seq: number; payload: MessagePayload } => m.payload.type !== 'customer');
  const rendered = shown.flatMap((m) => adapter.render(m.payload, link.chatId).map((r) => ({ ...r, seq: m.seq })));
  const requests = adapter.combine ? adapter.combine(rendered, context) : rendered;
  if (requests.length === 0) return undefined;
  return chatDelivery(link, `${conversationId}:${shown[0]!.seq}`, requests, conversationId);
}

/** The TurnEngine's outbound hook: a conversation that belongs to a platform chat has its turns sent there. */
export function channelOutbound(store: Store): OutboundHook {
  return async (conversation, messages) => {
    // Widget conversations (the hot path) never have a chat: no lookup for them.
    if (!channelOfVisitor(conversation.visitorId)) return [];
    const inFlight = replyContexts.get(conversation.id);
    const greeting = inFlight?.greetingQueued ? [] : (inFlight?.greeting ?? []);
    if (greeting.length === 0 && !messages.some((m) => m.message.author !== 'customer')) return [];
    const link = await store.channels.chatOf(conversation.id);
    const adapter = link && channelNamed(link.channel);
    if (!link || !adapter) return [];
    const delivery = messagesDelivery(adapter, link, conversation.id, [...greeting, ...messages.map((m) => ({ seq: m.seq, payload: m.message.payload }))], inFlight);
    if (inFlight && greeting.length > 0) inFlight.greetingQueued = true;
    return delivery ? [delivery] : [];
  };
}

export interface SenderDeps {
  store: Store;
  fetch: typeof globalThis.fetch;
  clock: () => Date;
  /** The audit log, for a channel that breaks. */
  audit: (actor: string, action: string, detail: Record<string, unknown>) => Promise<void>;
}

/**
 * The dispatcher's sender for one channel: reads the bot's settings at send time (so a fixed token fixes the retries)
 * and sends the requests in order, saving after each one how far it got: a retry resumes at the first request not
 * sent, so no message is sent twice (only the one whose answer was lost can be). Outside a platform's service window
 * the turn's messages give way to the channel's template. Credentials the platform refuses mark the channel broken
 * (panel and audit log) and the delivery dead, kept for an admin's retry.
 */
export function channelSender(adapter: ChannelAdapter<unknown>, deps: SenderDeps): Sender {
  return async (delivery, ctx) => {
    const payload = ChannelDeliveryPayload.safeParse(delivery.payload);
    if (!payload.success) return { ok: false, error: 'The delivery is not a channel send this version understands', retryable: false };
    const { botId, chatId, conversationId } = payload.data;
    const row = await deps.store.channels.getConfig(botId, adapter.name);
    if (!row) return { ok: false, error: `Bot ${botId} has no ${adapter.name} settings any more`, retryable: false };
    const config = adapter.configSchema.safeParse(row.config);
    if (!config.success) return { ok: false, error: `Bot ${botId}'s ${adapter.name} settings are not valid; save them again`, retryable: false };
    let requests: PlatformRequest[] = payload.data.requests;
    if (adapter.serviceWindowMs !== undefined && adapter.outsideWindow) {
      const last = await deps.store.channels.lastInboundAt({ channel: adapter.name, botId, chatId });
      if (last === undefined || deps.clock().getTime() - Date.parse(last) > adapter.serviceWindowMs) {
        const instead = adapter.outsideWindow(requests, config.data, chatId);
        if (!Array.isArray(instead)) return { ok: false, error: instead.error, retryable: false };
        requests = instead;
      }
    }
    for (let i = ctx.progress; i < requests.length; i++) {
      const request = requests[i]!;
      const result = await adapter.send(request, config.data, deps.fetch, ctx.signal);
      if (!result.ok) {
        if (result.credentialsRefused) await markBroken(adapter, deps, botId, result.error);
        return result.credentialsRefused ? { ...result, retryable: false } : result;
      }
      const at = deps.clock().toISOString();
      if (conversationId && request.seq !== undefined && result.messageIds?.length) await deps.store.channels.recordSent(adapter.name, botId, conversationId, request.seq, result.messageIds, at);
      if (i + 1 < requests.length) await ctx.saveProgress(i + 1);
    }
    return { ok: true };
  };
}

async function markBroken(adapter: ChannelAdapter<unknown>, deps: SenderDeps, botId: string, error: string): Promise<void> {
  const reason = error.slice(0, 500);
  if (await deps.store.channels.markBroken(botId, adapter.name, reason, deps.clock().toISOString())) {
    await deps.audit('system', 'channel.broken', { botId, channel: adapter.name, reason });
  }
}

/** Registers every channel's sender on the dispatcher. */
export function registerChannelSenders(dispatcher: { register(kind: string, sender: Sender): unknown }, deps: SenderDeps): void {
  for (const adapter of Object.values(CHANNELS)) dispatcher.register(deliveryKind(adapter.name), channelSender(adapter, deps));
}
