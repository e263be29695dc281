import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Message } from '@parley/shared';
import { parseInput } from '../http/errors';
import { conversationTopic, type Hub, type LiveEvent } from './hub';
import type { Store } from '../store';
import { STREAM_RETRY_MS, type Lifecycle } from '../lifecycle';

const HEARTBEAT_MS = 25_000;

/**
 * Starts a server-sent event stream with a heartbeat, and returns how to send one event on it. The stream is registered
 * with the process's lifecycle: when the process drains, it is ended with a `retry:` hint, so the client reconnects
 * (through the load balancer, to a process that stays) and resumes after the last message it holds.
 */
export function openStream(req: Request, res: Response, lifecycle: Pick<Lifecycle, 'addStream'>): (event: string, data: unknown, id?: number) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const unregister = lifecycle.addStream(() => {
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end(`retry: ${STREAM_RETRY_MS}\n\n`);
  });
  req.on('close', () => {
    clearInterval(heartbeat);
    unregister();
  });
  return (event, data, id) => {
    // Events can still arrive for a stream the drain has ended; they are the next process's to send.
    if (res.writableEnded) return;
    res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}

/** The sequence number a reconnecting client has seen: EventSource sends Last-Event-ID; a fresh one passes `after`. */
export function resumePoint(req: Request): number {
  const value = req.headers['last-event-id'] ?? req.query.after;
  return parseInput(z.coerce.number().int().min(0).default(0), Array.isArray(value) ? value[0] : value, 'Last-Event-ID');
}

/**
 * A conversation's messages after `after`, then live ones, each exactly once and in order. It subscribes before
 * reading history, so nothing committed in between is missed; a message that arrives by both paths is dropped by its
 * sequence number. A live batch that does not follow on from the last one sent (another process committed the
 * messages between) is preceded by a read of the gap, and a `changed` hint from the outbox tail reads whatever is new,
 * so the stream never skips a message whichever process committed it.
 */
export function streamConversation(req: Request, res: Response, deps: { hub: Hub; store: Store; lifecycle: Pick<Lifecycle, 'addStream'> }, conversationId: string, after: number): void {
  const send = openStream(req, res, deps.lifecycle);
  let sent = after;
  let status: string | undefined;
  const deliver = (messages: Message[]) => {
    for (const m of messages) if (m.seq > sent) send('message', m, (sent = m.seq));
  };
  const catchUp = async () => {
    for (let batch = await deps.store.conversations.messagesAfter(conversationId, sent); batch.length > 0; batch = await deps.store.conversations.messagesAfter(conversationId, sent)) deliver(batch);
  };
  const sendStatus = (next: string | undefined) => {
    if (next !== undefined && next !== status) send('status', { status: (status = next) });
  };
  const handle = async (event: LiveEvent) => {
    if (event.kind === 'messages') {
      if (event.messages.length > 0 && event.messages[0]!.seq > sent + 1) await catchUp();
      deliver(event.messages);
    } else if (event.kind === 'conversation') {
      sendStatus(event.status);
    } else if (event.kind === 'changed') {
      await catchUp();
      sendStatus((await deps.store.conversations.key(conversationId))?.status);
    }
  };
  // Reads are async, so events are handled one after another, in the order they came: the initial catch-up first.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch(() => {
      // The store failed under the stream: end it, and the client resumes from its last sequence number.
      unsubscribe();
      res.end();
    });
  };
  const unsubscribe = deps.hub.subscribe(conversationTopic(conversationId), (event) => enqueue(() => handle(event)));
  req.on('close', unsubscribe);
  enqueue(async () => {
    await catchUp();
    status = (await deps.store.conversations.key(conversationId))?.status;
    send('ready', { lastSeq: sent, status });
  });
}
