import type { Router } from 'express';
import { z } from 'zod';
import { escapeHtml, NotificationResponse, SendNotificationRequest, UnsubscribeQuery, type Notification } from '@parley/shared';
import type { AppContext } from '../context';
import type { EmailConfig } from '../email/config';
import { RawBody } from '../http/contract';
import { HttpError, notFound, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import { createRoutes } from '../http/routes';
import type { NotificationRow } from '../store/notifications';
import { checkUnsubscribeToken } from '../notifications/optOut';
import { notificationStatus, sendNotification } from '../notifications/send';

/** Notifications one customer may be sent per 24 hours, unless the app is told otherwise. */
export const NOTIFICATIONS_PER_CUSTOMER_PER_DAY = 3;

const IdParams = z.object({ id: z.string().min(1).max(64) });

const shown = (row: NotificationRow): Notification => ({
  id: row.id,
  botId: row.botId,
  status: row.status,
  channel: row.channel,
  conversationId: row.conversationId,
  startAt: row.startAt,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
  error: row.error,
});

/**
 * Proactive notifications (runtime/src/notifications): an admin or an integration with the `notifications` scope
 * sends one to a known customer; its status is read back by id; an email's unsubscribe link lands here too.
 */
export function notificationRoutes(ctx: AppContext, options: { email?: EmailConfig | undefined; perCustomerPerDay?: number } = {}): Router {
  const r = createRoutes(ctx);
  const deps = { ctx, email: options.email, perCustomerPerDay: options.perCustomerPerDay ?? NOTIFICATIONS_PER_CUSTOMER_PER_DAY };

  r.post(
    '/api/notifications',
    {
      access: 'admin',
      scope: 'notifications',
      summary: 'Sends a notification to a known customer (WhatsApp template, email, or the widget on their next visit); 202 with its status',
      request: { body: SendNotificationRequest },
      response: { 202: NotificationResponse },
    },
    async (req, res) => {
      const body = parseInput(SendNotificationRequest, req.body);
      try {
        const row = await sendNotification(deps, body, principalOf(res)!.actor);
        res.status(202).json({ notification: shown(row) });
      } catch (error) {
        // A client that honours Retry-After waits exactly as long as the limit needs.
        if (error instanceof HttpError && error.status === 429) res.setHeader('retry-after', String((error as HttpError & { retryAfter: number }).retryAfter));
        throw error;
      }
    },
  );

  // Declared before `/:id`, which would otherwise take "unsubscribe" for an id.
  r.get(
    '/api/notifications/unsubscribe',
    { access: 'public', summary: "An email notification's unsubscribe link: records the opt-out and answers a short page", request: { query: UnsubscribeQuery }, response: { 200: new RawBody('text/html') } },
    async (req, res) => {
      const { token } = parseInput(UnsubscribeQuery, req.query, 'query');
      const id = options.email ? checkUnsubscribeToken(options.email.tokenKey, token) : undefined;
      const row = id ? await ctx.store.notifications.get(id) : undefined;
      if (!row || row.channel !== 'email') throw new HttpError(400, 'invalid_token', 'This unsubscribe link is not valid; copy the whole link from the email');
      await ctx.store.notifications.optOut({ kind: 'email', value: row.address }, ctx.clock().toISOString(), 'email link');
      res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('cache-control', 'no-store');
      res.type('html').send(
        [
          '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribed</title></head>',
          '<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5">',
          `<h1>You're unsubscribed</h1><p>We won't email notifications to ${escapeHtml(row.address)} any more.</p>`,
          '<p lang="ko">수신 거부되었어요. 더 이상 이 주소로 알림을 보내지 않을게요.</p>',
          '</body></html>',
        ].join('\n'),
      );
    },
  );

  r.get(
    '/api/notifications/:id',
    { access: 'admin', scope: 'notifications', summary: "A notification's status: queued, sent, failed or opted_out", response: { 200: NotificationResponse } },
    async (req, res) => {
      const { id } = parseInput(IdParams, req.params, 'path');
      const row = await notificationStatus(ctx, id);
      if (!row) throw notFound('Notification');
      res.json({ notification: shown(row) });
    },
  );

  return r.router;
}
