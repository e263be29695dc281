import type { Router } from 'express';
import { EmailResumeRequest, EmailResumeResponse, InboundEmailResponse } from '@parley/shared';
import { createRoutes, rawBodyOf } from '../http/routes';
import { HttpError, parseInput } from '../http/errors';
import { newToken } from '../http/auth';
import { sharedRateLimit } from '../http/rateLimitStore';
import { sameSecret } from '../auth/constantTime';
import { tokenDigest } from '../auth/tokens';
import type { AppContext } from '../context';
import type { EmailConfig } from '../email/config';
import { checkToken } from '../email/replyToken';
import { takeInboundEmail } from '../email/inbound';
import { BLOCKED_MESSAGE } from './conversations';
import { tooMany } from './auth';

/** Inbound emails larger than this are refused (413) before anything in them is read. */
export const INBOUND_LIMIT = '1mb';
export const INBOUND_SECRET_HEADER = 'x-parley-inbound-secret';

/**
 * Email follow-up: the widget opens a conversation from an email's link, and an inbound-email provider posts the
 * customer's replies. Both are public; the link's signed token and the provider's shared secret are their keys.
 */
export function emailRoutes(ctx: AppContext, config: EmailConfig): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  const perIp = sharedRateLimit(ctx, 'email-resume:ip:', { windowMs: 60_000, limit: ctx.limits.conversationsPerIpPerMinute, handler: tooMany });

  r.post(
    '/api/email/resume',
    { access: 'public', cors: true, summary: "Opens the conversation of an email's link: a fresh visitor token for it", request: { body: EmailResumeRequest }, response: { 200: EmailResumeResponse } },
    perIp,
    async (req, res) => {
      const { token } = parseInput(EmailResumeRequest, req.body);
      const check = checkToken(config.tokenKey, token, clock());
      if (!check.ok) {
        if (check.reason === 'expired') throw new HttpError(401, 'link_expired', 'This link has expired. Open the chat to start a new conversation; your earlier messages are with our team.');
        throw new HttpError(check.reason === 'malformed' ? 400 : 401, 'invalid_link', 'This link is not valid. Open the chat from the shop to talk to us.');
      }
      const conv = await store.conversations.get(check.conversationId);
      if (!conv) throw new HttpError(401, 'invalid_link', 'This link is not valid. Open the chat from the shop to talk to us.');
      if (await store.blocks.isBlocked(conv.visitorId, req.ip ?? null)) throw new HttpError(403, 'blocked', BLOCKED_MESSAGE);
      const visitorToken = newToken();
      await store.conversations.addToken(conv.id, tokenDigest(visitorToken), clock().toISOString());
      res.json({ conversationId: conv.id, botId: conv.botId, token: visitorToken, status: conv.status, nodeId: conv.nodeId, messages: await store.conversations.messagesAfter(conv.id, 0) });
    },
  );

  r.post(
    '/api/email/inbound',
    {
      access: 'public',
      rawBody: true,
      body: INBOUND_LIMIT,
      summary: "A customer's reply by email, as raw MIME from an inbound-email provider (X-Parley-Inbound-Secret)",
      response: { 200: InboundEmailResponse },
    },
    ctx.lifecycle.turn(async (req, res) => {
      // Checked before a byte of the mail is parsed.
      if (!config.inboundSecret || !sameSecret(req.headers[INBOUND_SECRET_HEADER], config.inboundSecret)) {
        ctx.log.warn({ configured: Boolean(config.inboundSecret) }, 'email: refused an inbound call without the right secret');
        throw new HttpError(401, 'unauthorized', config.inboundSecret ? 'The inbound-email secret is missing or wrong' : 'Inbound email is not set up on this server (PARLEY_INBOUND_EMAIL_SECRET)');
      }
      const raw = rawBodyOf(req);
      if (!raw || raw.length === 0) throw new HttpError(400, 'invalid_email', 'The body is empty; post the raw MIME message');
      const result = await takeInboundEmail({ store, turns: ctx.turns, config, now: clock() }, raw);
      if (!result.ok) {
        ctx.log.warn({ code: result.code }, 'email: refused an inbound reply');
        throw new HttpError(result.status, result.code, result.message);
      }
      res.json({ ok: true, conversationId: result.conversationId, seq: result.seq });
    }),
  );

  return r.router;
}
