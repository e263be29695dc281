import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Message } from '@parley/shared';
import { notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { conversationTopic, TICKETS_TOPIC } from '../live/hub';

const HEARTBEAT_MS = 25_000;
const NoteRequest = z.object({ text: z.string().trim().min(1, 'The note is empty').max(4096) });

export function openStream(req: Request, res: Response): (event: string, data: unknown, id?: number) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => clearInterval(heartbeat));
  return (event, data, id) => res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Live queue and ticket streams for the agent workspace, plus internal notes. */
export function agentLiveRoutes(ctx: AppContext): Router {
  const { store, hub, clock } = ctx;
  const r = Router();

  r.get('/agent/stream', (req, res) => {
    const send = openStream(req, res);
    const unsubscribe = hub.subscribe(TICKETS_TOPIC, (event) => {
      if (event.kind === 'ticket') send('ticket', { ticketId: event.ticketId, conversationId: event.conversationId, change: event.change });
    });
    send('ready', {});
    req.on('close', unsubscribe);
  });

  r.get('/tickets/:id/stream', (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    const ticket = store.tickets.get(id);
    if (!ticket) throw notFound('Ticket');
    const after = parseInput(z.coerce.number().int().min(0).default(0), req.headers['last-event-id'] ?? req.query.after, 'Last-Event-ID');
    const send = openStream(req, res);
    let sent = after;
    const deliver = (messages: Message[]) => {
      for (const m of messages) if (m.seq > sent) send('message', m, (sent = m.seq));
    };
    const pending: Message[][] = [];
    let live = false;
    const unsubscribe = hub.subscribe(conversationTopic(ticket.conversationId), (event) => {
      if (event.kind === 'messages') (live ? deliver : (m: Message[]) => pending.push(m))(event.messages);
      else if (event.kind === 'conversation') send('status', { status: event.status });
    });
    deliver(store.conversations.messagesAfter(ticket.conversationId, sent, 30_000));
    for (const m of pending) deliver(m);
    live = true;
    send('ready', { lastSeq: sent });
    req.on('close', unsubscribe);
  });

  r.get('/tickets/:id/notes', (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    if (!store.tickets.get(id)) throw notFound('Ticket');
    res.json({ notes: store.tickets.notes(id) });
  });

  r.post('/tickets/:id/notes', (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    const ticket = store.tickets.get(id);
    if (!ticket) throw notFound('Ticket');
    const { text } = parseInput(NoteRequest, req.body);
    const note = store.tickets.addNote(id, 'agent', text, clock().toISOString());
    hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: id, conversationId: ticket.conversationId, change: 'updated' });
    res.status(201).json({ note });
  });

  return r;
}
