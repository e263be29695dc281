import { MAX_TEXT, type CustomerMessageRequest } from '@parley/shared';
import type { TurnEngine } from '../engine/turn';
import { buttonsOf } from '../engine/recentButtons';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { NewDelivery } from '../store/deliveries';
import type { ChannelAdapter, CustomerEvent, ParsedUpdate } from './channel';
import { chatDelivery, messagesDelivery, replyContexts } from './outbound';

export interface InboundDeps {
  store: Store;
  turns: TurnEngine;
  clock: () => Date;
  /** Queues a delivery and wakes the dispatcher (Dispatcher.enqueue). */
  enqueue: (delivery: NewDelivery) => Promise<unknown>;
  /** Called with every conversation a channel starts, before its first turn (one customer across channels). */
  onStarted?: ((conversationId: string, link: ChatLink) => Promise<void>) | undefined;
}

export type InboundOutcome = 'handled' | 'duplicate';

/**
 * One verified webhook update: taken once (its id is claimed first, and given back if handling fails, so the
 * platform's retry is handled then), each event run through the bot like a widget message. A chat continues its
 * conversation until that one ends; then the next message starts a new one. Events of one call are taken in the
 * platform's time order (Meta batches several per call, not always sorted).
 */
export async function handleUpdate(deps: InboundDeps, adapter: ChannelAdapter<unknown>, botId: string, update: ParsedUpdate): Promise<InboundOutcome> {
  const { store, clock } = deps;
  if (!(await store.channels.claimUpdate(adapter.name, botId, update.updateId, clock().toISOString()))) return 'duplicate';
  const events = update.events.map((event, i) => ({ event, i })).sort((a, b) => (a.event.at ?? 0) - (b.event.at ?? 0) || a.i - b.i);
  try {
    for (const { event } of events) await handleEvent(deps, adapter, { channel: adapter.name, botId, chatId: event.chatId }, update.updateId, event);
  } catch (error) {
    await store.channels.releaseUpdate(adapter.name, botId, update.updateId).catch(() => undefined);
    throw error;
  }
  return 'handled';
}

async function handleEvent(deps: InboundDeps, adapter: ChannelAdapter<unknown>, link: ChatLink, updateId: string, event: CustomerEvent): Promise<void> {
  const { store, turns, clock } = deps;
  if (event.kind === 'status') return applyStatus(store, adapter, link, event, clock().toISOString());
  if (event.kind === 'postback' && event.ackId) {
    const ack = adapter.acknowledge(event.ackId);
    if (ack) await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:ack:${updateId}`, [ack]));
  }
  if (event.kind === 'unsupported') {
    const reply = adapter.combine ? adapter.combine([adapter.unsupportedReply(link.chatId)], { replyToken: event.replyToken }) : [adapter.unsupportedReply(link.chatId)];
    await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:unsupported:${updateId}`, reply));
    return;
  }
  const { conversationId, started } = await conversationFor(deps, adapter, link, event);
  await store.channels.touchInbound(link, clock().toISOString());
  // Telegram's "Start" button sends /start: a new conversation's greeting is the whole answer.
  if (started && event.kind === 'text' && event.text.trim() === '/start') return;
  const request: CustomerMessageRequest =
    event.kind === 'text'
      ? { type: 'text', text: event.text.slice(0, MAX_TEXT) }
      : { type: 'postback', payload: (await pressedPayload(store, adapter, conversationId, event.payload)).slice(0, 200) };
  // The turn's outbound hook (same process, same call) picks the reply token up to answer with it.
  if (event.replyToken) replyContexts.set(conversationId, { replyToken: event.replyToken });
  try {
    await turns.customerMessage(conversationId, request);
  } finally {
    replyContexts.delete(conversationId);
  }
}

/** A delivery or read report, tied to the messages it names or, for a watermark, to the chat's conversation. */
async function applyStatus(store: Store, adapter: ChannelAdapter<unknown>, link: ChatLink, event: Extract<CustomerEvent, { kind: 'status' }>, now: string): Promise<void> {
  if (event.messageIds && event.messageIds.length > 0) {
    await store.channels.markStatus(adapter.name, link.botId, { messageIds: event.messageIds.slice(0, 100) }, event.status, now);
    return;
  }
  const conversationId = event.before ? await store.channels.conversationOf(link) : undefined;
  if (conversationId && event.before) await store.channels.markStatus(adapter.name, link.botId, { conversationId, before: event.before }, event.status, now);
}

/** The chat's open conversation, or a new one (linked to the chat) when it has none or its last one ended. */
async function conversationFor(deps: InboundDeps, adapter: ChannelAdapter<unknown>, link: ChatLink, event: Exclude<CustomerEvent, { kind: 'status' }>): Promise<{ conversationId: string; started: boolean }> {
  const { store, turns, clock } = deps;
  const existing = await store.channels.conversationOf(link);
  // Only the status matters here: the key fields, not the state the turn will read anyway.
  const current = existing === undefined ? undefined : await store.conversations.key(existing);
  if (current && current.status !== 'ended') return { conversationId: current.id, started: false };
  const name = event.kind === 'unsupported' ? undefined : event.name;
  const started = await turns.start(link.botId, { id: `${link.channel}:${link.chatId}`.slice(0, 128), ...(name ? { name: name.slice(0, 200) } : {}) });
  const id = started.conversation.id;
  let conversationId = id;
  if (current) await store.channels.relinkChat(link, id, clock().toISOString());
  // Two first messages raced: the one linked first wins, the other's conversation is left unused.
  else conversationId = await store.channels.linkChat(link, id, clock().toISOString());
  if (conversationId === id) {
    await deps.onStarted?.(id, link);
    // The greeting is the conversation's first turn, committed before the chat was linked to it: queued here instead.
    const greeting = messagesDelivery(adapter, link, id, started.messages, { replyToken: event.replyToken });
    if (greeting) await deps.enqueue(greeting);
  }
  return { conversationId, started: true };
}

/**
 * The payload of a pressed button. Platforms with short button data carry long payloads encoded (a digest on
 * Telegram): those are matched against the buttons of the last 20 messages.
 */
async function pressedPayload(store: Store, adapter: ChannelAdapter<unknown>, conversationId: string, data: string): Promise<string> {
  if (adapter.encodePayload(data) === data) return data;
  const conversation = await store.conversations.key(conversationId);
  if (!conversation) return data;
  const found = await store.conversations.findRecent(conversationId, Math.max(0, conversation.lastSeq - 20), 20, '"payload"', (payload) =>
    buttonsOf(payload).find((b) => b.payload !== undefined && adapter.encodePayload(b.payload) === data)?.payload,
  );
  return found ?? data;
}
