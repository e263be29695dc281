import { z } from 'zod';
import {
  ConversationEvent,
  ConversationStartedResponse,
  CustomerMessageRequest,
  HistoryQuery,
  HistoryResponse,
  ResumeConversationRequest,
  StartConversationRequest,
  TurnResponse,
} from '@parley/shared';
import { IdentityError } from '../auth/identity';
import { linkCustomer } from '../customers/profiles';
import { HttpError, parseInput } from '../http/errors';
import { newToken } from '../http/auth';
import { conversationOfRequest } from '../http/access';
import { createRoutes } from '../http/routes';
import { EventStream } from '../http/contract';
import type { Router } from 'express';
import { tokenDigest as hashConversationToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { resumePoint, streamConversation } from '../live/messageStream';
import { sharedRateLimit } from '../http/rateLimitStore';
import { tooMany } from './auth';
import { channelOfVisitor } from '../channels/registry';
import { presenceOf } from '../email/presence';
import { showNoticeIn, startWithNotice } from '../notifications/webNotice';

export const BLOCKED_MESSAGE = 'Sorry, we cannot take messages from you here. If you think this is a mistake, please contact us another way.';

/** The widget's API. A conversation's token is its only key: without it, nothing about the conversation is revealed. */
export function conversationRoutes(ctx: AppContext): Router {
  const { store, turns } = ctx;
  const r = createRoutes(ctx);

  // Counted in the database, so every process behind the load balancer counts the same hits (http/rateLimitStore.ts).
  // Each limiter has its own key prefix; per-address limits key on req.ip, which `trust proxy` decides.
  const perIp = (prefix: string, limit: number) => sharedRateLimit(ctx, prefix, { windowMs: 60_000, limit, handler: tooMany });
  const perConversation = sharedRateLimit(ctx, 'messages:conversation:', {
    windowMs: 60_000,
    limit: ctx.limits.messagesPerConversationPerMinute,
    keyGenerator: (req) => String(req.params.id),
    handler: tooMany,
  });
  const verifyIdentity = async (token: string) => {
    if (!ctx.identity) throw new HttpError(400, 'identity_not_configured', 'This server does not accept customer identity tokens (set PARLEY_JWT_SECRET or PARLEY_JWT_PUBLIC_KEY)');
    try {
      return await ctx.identity(token);
    } catch (error) {
      throw new HttpError(401, 'invalid_identity', error instanceof IdentityError ? error.message : 'The identity token is not valid');
    }
  };
  const refuseBlocked = async (visitorId: string | null | undefined, ip: string | undefined) => {
    if (await store.blocks.isBlocked(visitorId ?? null, ip ?? null)) throw new HttpError(403, 'blocked', BLOCKED_MESSAGE);
  };

  r.post('/api/bots/:botId/conversations', { access: 'public', cors: true, request: { body: StartConversationRequest }, response: { 201: ConversationStartedResponse } }, perIp('starts:ip:', ctx.limits.conversationsPerIpPerMinute), ctx.lifecycle.turn(async (req, res) => {
    const { botId } = parseInput(z.object({ botId: z.string().min(1).max(64) }), req.params, 'path');
    const body = parseInput(StartConversationRequest, req.body ?? {});
    const verified = body.identity === undefined ? undefined : await verifyIdentity(body.identity);
    // A verified customer is known by the host's id for them; an anonymous one by the widget's random id.
    const visitor = verified ? { ...body.visitor, id: `user:${verified.id}`, name: body.visitor.name ?? verified.name, email: body.visitor.email ?? verified.email } : body.visitor;
    // Only the host's signature may claim a customer's identity.
    if (!verified && visitor.id?.startsWith('user:')) throw new HttpError(400, 'invalid_request', 'Visitor ids starting with "user:" are reserved for verified customers');
    // A channel's conversations are known by `<channel>:<chat id>`; a widget visitor must not pass for one.
    if (channelOfVisitor(visitor.id)) throw new HttpError(400, 'invalid_request', `Visitor ids starting with "${channelOfVisitor(visitor.id)}:" are reserved for that channel`);
    await refuseBlocked(visitor.id, req.ip);
    // A notification waiting for this customer is the new conversation's first message (notifications/webNotice.ts).
    const { conversation, token, messages } = await startWithNotice(ctx, botId, visitor, { ip: req.ip, verified: verified !== undefined });
    // A verified customer is one customer wherever they write from: their profile gathers this conversation now.
    if (verified) await linkCustomer(store, conversation, verified.email, ctx.clock().toISOString());
    res.status(201).json({ conversationId: conversation.id, token, status: conversation.status, nodeId: conversation.nodeId, messages });
  }));

  // The same signed-in customer on another device: their open conversation, with a token for this device.
  r.post('/api/bots/:botId/conversations/resume', { access: 'public', cors: true, request: { body: ResumeConversationRequest }, response: { 200: ConversationStartedResponse } }, perIp('resumes:ip:', ctx.limits.conversationsPerIpPerMinute), async (req, res) => {
    const { botId } = parseInput(z.object({ botId: z.string().min(1).max(64) }), req.params, 'path');
    const { identity } = parseInput(ResumeConversationRequest, req.body);
    const verified = await verifyIdentity(identity);
    await refuseBlocked(`user:${verified.id}`, req.ip);
    const id = await store.conversations.latestOpenFor(`user:${verified.id}`, botId);
    if (!id) throw new HttpError(404, 'not_found', 'No open conversation for this customer; start a new one');
    const token = newToken();
    await store.conversations.addToken(id, hashConversationToken(token), ctx.clock().toISOString());
    await showNoticeIn(ctx, { id, botId }, `user:${verified.id}`);
    const conv = (await store.conversations.get(id))!;
    res.json({ conversationId: id, token, status: conv.status, nodeId: conv.nodeId, messages: await store.conversations.messagesAfter(id, 0) });
  });

  r.post('/api/conversations/:id/messages', { access: 'visitor', cors: true, request: { body: CustomerMessageRequest }, response: { 200: TurnResponse } }, perIp('messages:ip:', ctx.limits.messagesPerIpPerMinute), perConversation, ctx.lifecycle.turn(async (req, res) => {
    const conv = conversationOfRequest(res);
    const body = parseInput(CustomerMessageRequest, req.body);
    // Nothing from a blocked visitor reaches the bot or an agent.
    await refuseBlocked(conv.visitorId, req.ip);
    const { messages, status, nodeId } = await turns.customerMessage(conv.id, body);
    res.json({ messages, status, nodeId });
  }));

  r.get('/api/conversations/:id/messages', { access: 'visitor', cors: true, request: { query: HistoryQuery }, response: { 200: HistoryResponse } }, async (req, res) => {
    const conv = conversationOfRequest(res);
    const { after } = parseInput(HistoryQuery, req.query, 'query');
    res.json({ messages: await store.conversations.messagesAfter(conv.id, after), status: conv.status, lastSeq: conv.lastSeq });
  });

  r.get('/api/conversations/:id/stream', { access: 'visitor', cors: true, queryToken: true, response: { 200: new EventStream(ConversationEvent) } }, async (req, res) => {
    const conv = conversationOfRequest(res);
    const after = resumePoint(req);
    ctx.streams.take(req, res, conv.id);
    // The customer is here while this stream is open: agent replies are not emailed to them (email/presence.ts).
    presenceOf(ctx)?.track(req, conv.id);
    streamConversation(req, res, ctx, conv.id, after);
  });

  return r.router;
}
