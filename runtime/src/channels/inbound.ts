import { MAX_TEXT, type CustomerMessageRequest } from '@parley/shared';
import type { TurnEngine } from '../engine/turn';
import { buttonsOf } from '../engine/recentButtons';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { NewDelivery } from '../store/deliveries';
import type { ChannelAdapter, CustomerEvent, ParsedUpdate } from './channel';
import { chatDelivery, messagesDelivery } from './outbound';

export interface InboundDeps {
  store: Store;
  turns: TurnEngine;
  clock: () => Date;
  /** Queues a delivery and wakes the dispatcher (Dispatcher.enqueue). */
  enqueue: (delivery: NewDelivery) => Promise<unknown>;
}

export type InboundOutcome = 'handled' | 'duplicate';

/**
 * One verified webhook update: taken once (its id is claimed first, and given back if handling fails, so the
 * platform's retry is handled then), each event run through the bot like a widget message. A chat continues its
 * conversation until that one ends; then the next message starts a new one.
 */
export async function handleUpdate(deps: InboundDeps, adapter: ChannelAdapter<unknown>, botId: string, update: ParsedUpdate): Promise<InboundOutcome> {
  const { store, clock } = deps;
  if (!(await store.channels.claimUpdate(adapter.name, botId, update.updateId, clock().toISOString()))) return 'duplicate';
  try {
    for (const event of update.events) await handleEvent(deps, adapter, { channel: adapter.name, botId, chatId: event.chatId }, update.updateId, event);
  } catch (error) {
    await store.channels.releaseUpdate(adapter.name, botId, update.updateId).catch(() => undefined);
    throw error;
  }
  return 'handled';
}

async function handleEvent(deps: InboundDeps, adapter: ChannelAdapter<unknown>, link: ChatLink, updateId: string, event: CustomerEvent): Promise<void> {
  const { store, turns } = deps;
  if (event.kind === 'postback' && event.ackId) {
    const ack = adapter.acknowledge(event.ackId);
    if (ack) await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:ack:${updateId}`, [ack]));
  }
  if (event.kind === 'unsupported') {
    await deps.enqueue(chatDelivery(link, `${link.botId}:${link.chatId}:unsupported:${updateId}`, [adapter.unsupportedReply(link.chatId)]));
    return;
  }
  const { conversationId, started } = await conversationFor(deps, adapter, link, event);
  // Telegram's "Start" button sends /start: a new conversation's greeting is the whole answer.
  if (started && event.kind === 'text' && event.text.trim() === '/start') return;
  const request: CustomerMessageRequest =
    event.kind === 'text'
      ? { type: 'text', text: event.text.slice(0, MAX_TEXT) }
      : { type: 'postback', payload: (await pressedPayload(store, adapter, conversationId, event.payload)).slice(0, 200) };
  await turns.customerMessage(conversationId, request);
}

/** The chat's open conversation, or a new one (linked to the chat) when it has none or its last one ended. */
async function conversationFor(deps: InboundDeps, adapter: ChannelAdapter<unknown>, link: ChatLink, event: CustomerEvent): Promise<{ conversationId: string; started: boolean }> {
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
    // The greeting is the conversation's first turn, committed before the chat was linked to it: queued here instead.
    const greeting = messagesDelivery(adapter, link, id, started.messages);
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
