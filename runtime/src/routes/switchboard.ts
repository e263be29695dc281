import type { Router, Response } from 'express';
import { z } from 'zod';
import {
  BusinessMessageRequest,
  BusinessMessageResponse,
  CustomerProfileResponse,
  MetadataRequest,
  MetadataResponse,
  OfferControlRequest,
  PassControlRequest,
  ReleaseControlRequest,
  StreamHistoryQuery,
  StreamHistoryResponse,
  SwitchboardResponse,
  SwitchboardStateResponse,
  type Visitor,
} from '@parley/shared';
import { createRoutes } from '../http/routes';
import { HttpError, notFound, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import type { AppContext } from '../context';
import { Switchboard, type Caller } from '../switchboard/control';
import { channelOfConversation } from '../customers/profiles';

const Params = z.object({ id: z.string().min(1).max(64) });
/** Metadata a conversation may hold, serialized: enough for an order's status, not a document store. */
const MAX_METADATA_CHARS = 16_384;
const MAX_PROFILE_CONVERSATIONS = 50;

/**
 * The switchboard and third parties in the conversation stream. Apart from the widget's `/api/conversations/:id`
 * routes (visitor tokens), these take staff sessions and integration keys:
 * - `/api/switchboard/conversations/:id` (+ `/pass`, `/offer`, `/release`): who controls the conversation (`switchboard`);
 * - `/api/stream/conversations/:id/messages` and `/metadata`: post as the business, merge metadata (`messages:write`);
 * - `/api/stream/conversations/:id/history` and `/profile`: the transcript and the customer (`conversations:read`).
 */
export function switchboardRoutes(ctx: AppContext): Router {
  const { store, turns, clock } = ctx;
  const r = createRoutes(ctx);
  const board = new Switchboard(ctx);

  const callerOf = (res: Response): Caller => {
    const p = principalOf(res)!;
    return p.integration ? { kind: 'integration', actor: p.actor, id: p.integration.id, name: p.integration.name } : { kind: 'agent', actor: p.actor };
  };
  const conversation = async (params: unknown) => {
    const { id } = parseInput(Params, params, 'path');
    const conv = await store.conversations.get(id);
    if (!conv) throw notFound('Conversation');
    return conv;
  };

  r.get('/api/switchboard/conversations/:id', { access: 'agent', scope: 'switchboard', summary: 'Who controls the conversation', response: { 200: SwitchboardStateResponse } }, async (req, res) => {
    const conv = await conversation(req.params);
    res.json({ switchboard: await board.state(conv.id) });
  });

  r.post(
    '/api/switchboard/conversations/:id/pass',
    { access: 'agent', scope: 'switchboard', summary: 'Passes control to an integration, an agent (a ticket) or the flow', request: { body: PassControlRequest }, response: { 200: SwitchboardResponse } },
    ctx.lifecycle.turn(async (req, res) => {
      const conv = await conversation(req.params);
      const { state, messages } = await board.pass(conv.id, callerOf(res), parseInput(PassControlRequest, req.body));
      res.json({ switchboard: state, messages });
    }),
  );

  r.post(
    '/api/switchboard/conversations/:id/offer',
    { access: 'agent', scope: 'switchboard', summary: 'Offers control to another party, which takes it by passing it to itself', request: { body: OfferControlRequest }, response: { 200: SwitchboardStateResponse } },
    ctx.lifecycle.turn(async (req, res) => {
      const conv = await conversation(req.params);
      res.json({ switchboard: await board.offer(conv.id, callerOf(res), parseInput(OfferControlRequest, req.body)) });
    }),
  );

  r.post(
    '/api/switchboard/conversations/:id/release',
    { access: 'agent', scope: 'switchboard', summary: 'Gives control back to the flow, which resumes at the named step', request: { body: ReleaseControlRequest }, response: { 200: SwitchboardResponse } },
    ctx.lifecycle.turn(async (req, res) => {
      const conv = await conversation(req.params);
      const { state, messages } = await board.release(conv.id, callerOf(res), parseInput(ReleaseControlRequest, req.body ?? {}));
      res.json({ switchboard: state, messages });
    }),
  );

  r.post(
    '/api/stream/conversations/:id/messages',
    { access: 'admin', scope: 'messages:write', summary: 'Posts a message as the business (text, options, carousel, articles)', request: { body: BusinessMessageRequest }, response: { 201: BusinessMessageResponse } },
    ctx.lifecycle.turn(async (req, res) => {
      const conv = await conversation(req.params);
      const { message } = parseInput(BusinessMessageRequest, req.body);
      const messages = await turns.appendFromOutside(conv.id, [{ author: 'business', payload: message, nodeId: null }]);
      res.status(201).json({ messages });
    }),
  );

  r.patch(
    '/api/stream/conversations/:id/metadata',
    { access: 'admin', scope: 'messages:write', summary: "Merges into the conversation's metadata (null removes a key)", request: { body: MetadataRequest }, response: { 200: MetadataResponse } },
    async (req, res) => {
      const conv = await conversation(req.params);
      const { metadata } = parseInput(MetadataRequest, req.body);
      const merged = await store.switchboard.mergeMetadata(conv.id, metadata, clock().toISOString(), MAX_METADATA_CHARS);
      if (!merged) throw new HttpError(413, 'too_large', `A conversation's metadata holds at most ${MAX_METADATA_CHARS} characters of JSON`);
      res.json({ metadata: merged });
    },
  );

  r.get(
    '/api/stream/conversations/:id/history',
    { access: 'agent', scope: 'conversations:read', summary: 'The transcript: who said what, when', request: { query: StreamHistoryQuery }, response: { 200: StreamHistoryResponse } },
    async (req, res) => {
      const conv = await conversation(req.params);
      const { after } = parseInput(StreamHistoryQuery, req.query, 'query');
      const [messages, metadata, holder] = await Promise.all([store.conversations.messagesAfter(conv.id, after, 500), store.switchboard.metadata(conv.id), board.holder(conv)]);
      res.json({
        conversation: { id: conv.id, botId: conv.botId, status: conv.status, channel: channelOfConversation(conv.visitorId), createdAt: conv.createdAt, holder },
        metadata,
        messages,
        lastSeq: conv.lastSeq,
      });
    },
  );

  r.get(
    '/api/stream/conversations/:id/profile',
    { access: 'agent', scope: 'conversations:read', summary: "The customer: how they are known and their conversations (never tokens)", response: { 200: CustomerProfileResponse } },
    async (req, res) => {
      const conv = await conversation(req.params);
      const profileId = (await store.profiles.profileOf(conv.id)) ?? null;
      const linked = profileId ? await store.profiles.conversationsOf(profileId) : [];
      const ids = [conv.id, ...linked.map((c) => c.conversationId).filter((id) => id !== conv.id)].slice(0, MAX_PROFILE_CONVERSATIONS);
      const others = await Promise.all(ids.slice(1).map((id) => store.conversations.get(id)));
      const rows = [conv, ...others.filter((c) => c !== undefined)];
      const identities = new Map<string, { kind: 'visitor' | 'email'; value: string }>();
      for (const c of rows) {
        if (c.visitorId) identities.set(`visitor:${c.visitorId}`, { kind: 'visitor', value: c.visitorId });
        const email = c.visitor.email?.trim().toLowerCase();
        if (email) identities.set(`email:${email}`, { kind: 'email', value: email });
      }
      res.json({
        profile: {
          id: profileId,
          visitor: conv.visitor satisfies Visitor,
          identities: [...identities.values()],
          conversations: rows.map((c) => ({ id: c.id, channel: channelOfConversation(c.visitorId), status: c.status, createdAt: c.createdAt })),
        },
      });
    },
  );

  return r.router;
}
