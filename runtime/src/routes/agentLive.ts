import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { z } from 'zod';
import { AgentEvent, ConversationEvent, NoteRequest, NoteResponse, NotesResponse } from '@parley/shared';
import { EventStream } from '../http/contract';
import { notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { TICKETS_TOPIC } from '../live/hub';
import { openStream, resumePoint, streamConversation } from '../live/messageStream';

/** Live queue and ticket streams for the agent workspace, plus internal notes. */
export function agentLiveRoutes(ctx: AppContext): Router {
  const { store, hub, clock } = ctx;
  const r = createRoutes(ctx);

  r.get('/api/agent/stream', { access: 'agent', queryToken: true, response: { 200: new EventStream(AgentEvent) } }, async (req, res) => {
    ctx.streams.take(req, res);
    const send = openStream(req, res, ctx.lifecycle);
    const unsubscribe = hub.subscribe(TICKETS_TOPIC, (event) => {
      if (event.kind === 'ticket') send('ticket', { ticketId: event.ticketId, conversationId: event.conversationId, change: event.change });
    });
    send('ready', {});
    req.on('close', unsubscribe);
  });

  r.get('/api/tickets/:id/stream', { access: 'agent', queryToken: true, response: { 200: new EventStream(ConversationEvent) } }, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    const ticket = await store.tickets.get(id);
    if (!ticket) throw notFound('Ticket');
    const after = resumePoint(req);
    ctx.streams.take(req, res, ticket.conversationId);
    streamConversation(req, res, ctx, ticket.conversationId, after);
  });

  r.get('/api/tickets/:id/notes', { access: 'agent', response: { 200: NotesResponse } }, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    if (!await store.tickets.get(id)) throw notFound('Ticket');
    res.json({ notes: await store.tickets.notes(id) });
  });

  r.post('/api/tickets/:id/notes', { access: 'agent', request: { body: NoteRequest }, response: { 201: NoteResponse } }, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    const ticket = await store.tickets.get(id);
    if (!ticket) throw notFound('Ticket');
    const { text } = parseInput(NoteRequest, req.body);
    const note = await store.tickets.addNote(id, 'agent', text, clock().toISOString());
    hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: id, conversationId: ticket.conversationId, change: 'updated' });
    res.status(201).json({ note });
  });

  return r.router;
}
