import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Message } from '@parley/shared';
import { parseInput } from '../http/errors';
import { conversationTopic, type Hub } from './hub';
import type { Store } from '../store';

const HEARTBEAT_MS = 25_000;

/** Starts a server-sent event stream with a heartbeat, and returns how to send one event on it. */
export function openStream(req: Request, res: Response): (event: string, data: unknown, id?: number) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => clearInterval(heartbeat));
  return (event, data, id) => res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The sequence number a reconnecting client has seen: EventSource sends Last-Event-ID; a fresh one passes `after`. */
export function resumePoint(req: Request): number {
  const value = req.headers['last-event-id'] ?? req.query.after;
  return parseInput(z.coerce.number().int().min(0).default(0), Array.isArray(value) ? value[0] : value, 'Last-Event-ID');
}

/**
 * A conversation's messages after `after`, then live ones, each exactly once and in order. It subscribes before
 * reading history, so nothing committed in between is missed; a message that arrives by both paths is dropped by its
 * sequence number.
 */
export function streamConversation(req: Request, res: Response, deps: { hub: Hub; store: Store }, conversationId: string, after: number): void {
  const send = openStream(req, res);
  let sent = after;
  const deliver = (messages: Message[]) => {
    for (const m of messages) if (m.seq > sent) send('message', m, (sent = m.seq));
  };
  const pending: Message[][] = [];
  let live = false;
  const unsubscribe = deps.hub.subscribe(conversationTopic(conversationId), (event) => {
    if (event.kind === 'messages') {
      if (live) deliver(event.messages);
      else pending.push(event.messages);
    } else if (event.kind === 'conversation') {
      send('status', { status: event.status });
    }
  });
  for (let batch = deps.store.conversations.messagesAfter(conversationId, sent); batch.length > 0; batch = deps.store.conversations.messagesAfter(conversationId, sent)) deliver(batch);
  for (const batch of pending) deliver(batch);
  live = true;
  send('ready', { lastSeq: sent, status: deps.store.conversations.get(conversationId)?.status });
  req.on('close', unsubscribe);
}
