import { MAX_TEXT, type CustomerMessageRequest, type MessagePayload } from '@parley/shared';
import type { TurnEngine } from '../engine/turn';
import { buttonsOf } from '../engine/recentButtons';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { NewDelivery } from '../store/deliveries';
import type { ChannelAdapter, CustomerEvent, ParsedUpdate } from './channel';
import { chatDelivery, messagesDelivery, replyContexts, type InFlight } from './outbound';
import { optOutWord } from '../notifications/optOut';

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
    // The customer did write: their service window is open for the polite answer too.
    await store.channels.touchInbound(link, clock().toISOString());
    const reply = adapter.combine ? adapter.combine([adapter.unsupportedReply(link.chatId)], { replyToken: event.replyToken }) : [adapter.unsupportedReply(link.chatId)];
    await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:unsupported:${updateId}`, reply));
    return;
  }
  // STOP / UNSUBSCRIBE / 수신거부 (and START back) are recorded and confirmed, never run through the bot (notifications/optOut.ts).
  if (event.kind === 'text') {
    const confirmation = await optOutWord(store, link, event.text, clock().toISOString());
    if (confirmation !== undefined) {
      await store.channels.touchInbound(link, clock().toISOString());
      const reply = adapter.render({ type: 'text', text: confirmation }, link.chatId);
      await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:optout:${updateId}`, adapter.combine ? adapter.combine(reply, { replyToken: event.replyToken }) : reply));
      return;
    }
  }
  const { conversationId, greeting } = await conversationFor(deps, link, event);
  await store.channels.touchInbound(link, clock().toISOString());
  const sendGreeting = async () => {
    const delivery = greeting && messagesDelivery(adapter, link, conversationId, greeting, { replyToken: event.replyToken });
    if (delivery) await deps.enqueue(delivery);
  };
  // Telegram's "Start" button sends /start, and customers open a chat with "hi": a new conversation's greeting is the
  // whole answer to those (run through the bot, a "hi" at the menu would be an unanswerable question).
  if (greeting && event.kind === 'text' && isOpener(event.text)) return sendGreeting();
  const request: CustomerMessageRequest =
    event.kind === 'text'
      ? { type: 'text', text: event.text.slice(0, MAX_TEXT) }
      : { type: 'postback', payload: (await pressedPayload(store, adapter, conversationId, event.payload)).slice(0, 200) };
  // The turn's outbound hook (same process, same call) picks these up: the reply token to answer with, and the
  // greeting, which goes in the same delivery as the answer so it can never arrive after it.
  const inFlight: InFlight = { replyToken: event.replyToken, greeting };
  replyContexts.set(conversationId, inFlight);
  try {
    await turns.customerMessage(conversationId, request);
  } finally {
    replyContexts.delete(conversationId);
    // The turn failed before its delivery took the greeting: the greeting still goes out (the platform retries the rest).
    if (greeting && !inFlight.greetingQueued) await sendGreeting();
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

/** Words that only open a chat, in English and Korean. */
const OPENERS = new Set(['/start', 'start', 'hi', 'hello', 'hey', 'hiya', 'yo', 'good morning', 'good afternoon', 'good evening', '안녕', '안녕하세요', '안녕하십니까', '하이', '헬로', '시작', '여보세요']);

/** Whether a first message only opens the chat: an opener word, give or take punctuation, emoji and "there". */
export function isOpener(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim()
    .replace(/ there$/, '');
  return OPENERS.has(words) || OPENERS.has(text.trim().toLowerCase());
}

type Greeting = { seq: number; payload: MessagePayload | { type: 'customer' } }[];

/** The chat's open conversation, or a new one (linked to the chat) when it has none or its last one ended. */
async function conversationFor(
  deps: InboundDeps,
  link: ChatLink,
  event: Exclude<CustomerEvent, { kind: 'status' }>,
): Promise<{ conversationId: string; greeting?: Greeting }> {
  const { store, turns, clock } = deps;
  const existing = await store.channels.conversationOf(link);
  // Only the status matters here: the key fields, not the state the turn will read anyway.
  const current = existing === undefined ? undefined : await store.conversations.key(existing);
  if (current && current.status !== 'ended') return { conversationId: current.id };
  const name = event.kind === 'unsupported' ? undefined : event.name;
  const started = await turns.start(link.botId, { id: `${link.channel}:${link.chatId}`.slice(0, 128), ...(name ? { name: name.slice(0, 200) } : {}) });
  const id = started.conversation.id;
  let conversationId = id;
  if (current) await store.channels.relinkChat(link, id, clock().toISOString());
  // Two first messages raced: the one linked first wins, the other's conversation is left unused.
  else conversationId = await store.channels.linkChat(link, id, clock().toISOString());
  if (conversationId !== id) return { conversationId };
  await deps.onStarted?.(id, link);
  // The greeting is the conversation's first turn, committed before the chat was linked to it: its hook could not send it.
  return { conversationId, greeting: started.messages.map((m) => ({ seq: m.seq, payload: m.payload })) };
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
