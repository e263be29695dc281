import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { z } from 'zod';
import {
  AgentMessageRequest,
  AgentMessageResponse,
  BlockRequest,
  BlockResponse,
  BlocksResponse,
  ResolvedTicketResponse,
  TicketDetailResponse,
  TicketQuery,
  TicketResponse,
  TicketsResponse,
  UpdateTicketRequest,
  phrases,
} from '@parley/shared';
import { HttpError, notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { principalOf } from '../http/auth';
import { TICKETS_TOPIC } from '../live/hub';
import { channelOfConversation } from '../customers/profiles';
import { channelOfVisitor } from '../channels/registry';
import type { ConversationRow } from '../store/conversations';
import { webhookEvent } from '../webhooks/events';

const TicketParams = z.object({ id: z.coerce.number().int().positive() });

/** The agent workspace's API: the queue, a ticket with everything the bot collected, replies and resolving. */
export function agentRoutes(ctx: AppContext): Router {
  const { store, turns, hub, clock } = ctx;
  const r = createRoutes(ctx);

  const ticket = async (params: unknown) => {
    const { id } = parseInput(TicketParams, params, 'path');
    const t = await store.tickets.get(id);
    if (!t) throw notFound('Ticket');
    return t;
  };

  /** The customer's other conversations: the same visitor's, and their profile's on every channel; newest first. */
  async function customerConversations(conv: ConversationRow) {
    const profile = await store.profiles.profileOf(conv.id);
    const ids = new Set(profile ? (await store.profiles.conversationsOf(profile)).map((c) => c.conversationId) : []);
    const rows = conv.visitorId ? await store.conversations.byVisitor(conv.visitorId) : [];
    for (const row of rows) ids.delete(row.id);
    const linked = await Promise.all([...ids].map((id) => store.conversations.get(id)));
    const all = [...rows, ...linked.filter((c): c is ConversationRow => c !== undefined)].filter((c) => c.id !== conv.id);
    all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return Promise.all(
      all.slice(0, 50).map(async (c) => ({ id: c.id, status: c.status, createdAt: c.createdAt, ticketId: (await store.tickets.latestFor(c.id))?.id ?? null, channel: channelOfConversation(c.visitorId) })),
    );
  }

  r.get('/api/tickets', { access: 'agent', request: { query: TicketQuery }, response: { 200: TicketsResponse } }, async (req, res) => {
    const q = parseInput(TicketQuery, req.query, 'query');
    const listed = (await store.tickets.list(q.status)).filter((t) => (q.skill ? t.group === q.skill : true) && (q.tag ? t.tags.includes(q.tag) : true));
    const tickets = await Promise.all(
      listed.map(async (t) => {
        const conv = await store.conversations.get(t.conversationId);
        return { ...t, visitor: conv?.visitor ?? {}, lastSeq: conv?.lastSeq ?? 0, channel: channelOfConversation(conv?.visitorId) };
      }),
    );
    res.json({ tickets: q.channel ? tickets.filter((t) => t.channel === q.channel) : tickets });
  });

  r.get('/api/tickets/:id', { access: 'agent', response: { 200: TicketDetailResponse } }, async (req, res) => {
    const t = await ticket(req.params);
    const conv = await store.conversations.get(t.conversationId);
    const transcript = await store.conversations.messagesAfter(t.conversationId, 0, 30_000);
    const earlier = conv ? await customerConversations(conv) : [];
    res.json({
      ticket: t,
      notes: await store.tickets.notes(t.id),
      visitor: conv?.visitor ?? {},
      conversation: conv && { id: conv.id, status: conv.status, botId: conv.botId, flowVersion: conv.flowVersion, verified: conv.verified === 1, channel: channelOfConversation(conv.visitorId) },
      transcript,
      earlier,
      deliveries: conv && channelOfVisitor(conv.visitorId) ? await store.channels.statuses(conv.id) : [],
    });
  });

  r.patch('/api/tickets/:id', { access: 'agent', request: { body: UpdateTicketRequest }, response: { 200: TicketResponse } }, async (req, res) => {
    const t = await ticket(req.params);
    const body = parseInput(UpdateTicketRequest, req.body);
    const next = { ...t, ...(body.tags ? { tags: body.tags } : {}), ...(body.priority ? { priority: body.priority } : {}), ...(body.assignee !== undefined ? { assignee: body.assignee } : {}) };
    await store.tickets.update(next, clock().toISOString());
    hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: t.id, conversationId: t.conversationId, change: 'updated' });
    await ctx.events.emit(webhookEvent('ticket.updated', { botId: t.botId, conversationId: t.conversationId, data: { ticket: next, changes: body } }, clock()));
    res.json({ ticket: await store.tickets.get(t.id) });
  });

  r.post('/api/tickets/:id/messages', { access: 'agent', request: { body: AgentMessageRequest }, response: { 201: AgentMessageResponse } }, ctx.lifecycle.turn(async (req, res) => {
    const t = await ticket(req.params);
    if (t.status !== 'open') throw new HttpError(409, 'ticket_resolved', 'This ticket is resolved; the customer can no longer be reached here');
    const { text } = parseInput(AgentMessageRequest, req.body);
    const messages = await turns.appendFromOutside(t.conversationId, [{ author: 'agent', payload: { type: 'text', text }, nodeId: null }]);
    await store.tickets.touch(t.id, clock().toISOString());
    res.status(201).json({ messages });
  }));

  r.post('/api/tickets/:id/resolve', { access: 'agent', response: { 200: ResolvedTicketResponse } }, ctx.lifecycle.turn(async (req, res) => {
    const t = await ticket(req.params);
    if (t.status !== 'open') throw new HttpError(409, 'ticket_resolved', 'This ticket is already resolved');
    const conv = await store.conversations.get(t.conversationId);
    const locale = conv?.visitor.locale?.startsWith('ko') ? 'ko' : 'en';
    const messages = await turns.resolveTicket(t.conversationId, t.id, { author: 'system', payload: { type: 'system', text: phrases[locale].closed }, nodeId: null });
    res.json({ ticket: await store.tickets.get(t.id), messages });
  }));

  r.get('/api/blocks', { access: 'agent', response: { 200: BlocksResponse } }, async (_req, res) => {
    res.json({ blocks: await store.blocks.list() });
  });

  r.post('/api/blocks', { access: 'agent', request: { body: BlockRequest }, response: { 201: BlockResponse } }, async (req, res) => {
    const body = parseInput(BlockRequest, req.body);
    let kind: 'visitor' | 'ip';
    let value: string;
    if ('conversationId' in body) {
      const conv = await store.conversations.get(body.conversationId);
      if (!conv) throw notFound('Conversation');
      if (body.by === 'visitor' && conv.visitorId) [kind, value] = ['visitor', conv.visitorId];
      else if (conv.ip) [kind, value] = ['ip', conv.ip];
      else throw new HttpError(409, 'nothing_to_block', 'This conversation has neither a visitor id nor an address to block');
    } else {
      [kind, value] = [body.kind, body.value];
    }
    const actor = principalOf(res)!.actor;
    const id = await store.blocks.add(kind, value, body.reason, actor, clock().toISOString());
    await ctx.audit(actor, 'visitor.blocked', { blockId: id, kind });
    res.status(201).json({ block: (await store.blocks.list()).find((b) => b.id === id) });
  });

  r.delete('/api/blocks/:id', { access: 'agent', response: { 204: null } }, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params, 'path');
    if (!await store.blocks.remove(id)) throw notFound('Block');
    await ctx.audit(principalOf(res)!.actor, 'visitor.unblocked', { blockId: id });
    res.status(204).end();
  });

  return r.router;
}
