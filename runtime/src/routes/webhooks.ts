import type { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookCreatedResponse,
  WebhookDeliveriesResponse,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhooksResponse,
  type WebhookEndpoint,
  type WebhookEventType,
} from '@parley/shared';
import { createRoutes } from '../http/routes';
import { HttpError, parseInput } from '../http/errors';
import { principalOf, type Principal } from '../http/auth';
import type { AppContext } from '../context';
import { guardedLookup, type AllowList, type Resolver } from '../net/addressGuard';
import type { Delivery, DeliveryAttempt } from '../store/deliveries';
import type { WebhookEndpointRow } from '../store/integrations';
import { WEBHOOK_KIND, type WebhookPayload } from '../webhooks/events';
import { newWebhookSecret } from '../webhooks/signature';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const DeliveryParams = IdParams.extend({ deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** Endpoints one owner (an integration, or the admins together) may have: each one multiplies every event. */
export const MAX_ENDPOINTS_PER_OWNER = 50;

export interface WebhookRouteDeps {
  /** The operator's allow list (PARLEY_ALLOW_HOSTS): the same rule the sender's guarded fetch applies. */
  allow: AllowList;
  dispatcher: { enqueue(delivery: { kind: string; target: string; idempotencyKey: string; payload: unknown }): Promise<number | null>; wake(): void };
  /** Told when endpoints change here, so the next turn reads them again. */
  subscriptions: { invalidate(): void };
  /** For tests; the system resolver otherwise. */
  lookup?: Resolver;
}

const endpointView = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events as WebhookEventType[],
  integrationId: row.integrationId,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  disabledAt: row.disabledAt,
});

/** The URL without its query or fragment, for the audit log (a receiver may put a token there). */
const auditUrl = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

function deliveryView(d: Delivery & { log: DeliveryAttempt[] }) {
  const { event } = d.payload as WebhookPayload;
  const last = d.log.at(-1);
  return {
    id: d.id,
    eventId: event.id,
    type: event.type,
    status: d.status,
    attempts: d.attempts,
    createdAt: d.createdAt,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    lastError: d.lastError,
    responseCode: last?.status ?? null,
    latencyMs: last ? Math.round(last.ms * 10) / 10 : null,
    log: d.log,
  };
}

/**
 * Webhook endpoints: admins, and integrations whose key has the `webhooks` scope, register URLs to receive signed
 * events. An integration sees and manages only the endpoints it registered (others' are 404, as if absent); an admin
 * sees all. The secret is in the registration's answer only. A URL must pass the address guard when registered (the
 * sender's guarded fetch checks it again at every connection, so a name later pointed inside is refused then too).
 */
export function webhookRoutes(ctx: AppContext, deps: WebhookRouteDeps): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  const lookup = guardedLookup(deps.allow, deps.lookup);
  const access = { access: 'admin', scope: 'webhooks' } as const;

  const ownerOf = (principal: Principal) => principal.integration?.id ?? null;

  /** The endpoint, when this caller may see it; 404 otherwise (an integration cannot tell others' endpoints exist). */
  const visible = async (res: Parameters<typeof principalOf>[0], id: string): Promise<WebhookEndpointRow> => {
    const principal = principalOf(res)!;
    const row = await store.webhooks.get(id);
    if (!row || (principal.integration && row.integrationId !== principal.integration.id)) throw new HttpError(404, 'not_found', `There is no webhook endpoint ${id}`);
    return row;
  };

  const checkAddress = async (url: string) => {
    const u = new URL(url);
    const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
    const check = await lookup(u.hostname, port);
    if (!check.ok) throw new HttpError(400, 'address_refused', `This URL cannot receive webhooks: ${check.reason}`);
  };

  r.get('/api/webhooks', { ...access, summary: "Webhook endpoints: an integration's own, or all for an admin", response: { 200: WebhooksResponse } }, async (_req, res) => {
    const principal = principalOf(res)!;
    const rows = await store.webhooks.list(principal.integration ? principal.integration.id : undefined);
    res.json({ webhooks: rows.map(endpointView) });
  });

  r.post(
    '/api/webhooks',
    { ...access, summary: 'Registers a webhook endpoint; its signing secret is in this answer only', request: { body: CreateWebhookRequest }, response: { 201: WebhookCreatedResponse } },
    async (req, res) => {
      const principal = principalOf(res)!;
      const body = parseInput(CreateWebhookRequest, req.body);
      await checkAddress(body.url);
      const owner = ownerOf(principal);
      if ((await store.webhooks.list(owner)).length >= MAX_ENDPOINTS_PER_OWNER) {
        throw new HttpError(409, 'too_many', `At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints can be registered; delete one first`);
      }
      const secret = newWebhookSecret();
      const row: WebhookEndpointRow = {
        id: `wh_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
        integrationId: owner,
        url: body.url,
        events: [...new Set(body.events)],
        secret,
        createdAt: clock().toISOString(),
        createdBy: principal.actor,
        disabledAt: null,
      };
      await store.webhooks.create(row);
      deps.subscriptions.invalidate();
      await ctx.audit(principal.actor, 'webhook.created', { webhookId: row.id, url: auditUrl(row.url), events: row.events });
      res.status(201).json({ webhook: endpointView(row), id: row.id, secret });
    },
  );

  r.get('/api/webhooks/:id', { ...access, summary: 'One webhook endpoint', response: { 200: WebhookResponse } }, async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    res.json({ webhook: endpointView(await visible(res, id)) });
  });

  r.patch(
    '/api/webhooks/:id',
    { ...access, summary: "Changes an endpoint's URL or events, or disables it", request: { body: UpdateWebhookRequest }, response: { 200: WebhookResponse } },
    async (req, res) => {
      const { id } = parseInput(IdParams, req.params, 'path');
      const row = await visible(res, id);
      const body = parseInput(UpdateWebhookRequest, req.body);
      if (body.url !== undefined) await checkAddress(body.url);
      const disabledAt = body.disabled === undefined ? undefined : body.disabled ? (row.disabledAt ?? clock().toISOString()) : null;
      await store.webhooks.update(id, {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}),
        ...(disabledAt !== undefined ? { disabledAt } : {}),
      });
      deps.subscriptions.invalidate();
      const changed = await visible(res, id);
      await ctx.audit(principalOf(res)!.actor, 'webhook.updated', {
        webhookId: id,
        ...(body.url !== undefined ? { url: auditUrl(body.url) } : {}),
        ...(body.events !== undefined ? { events: changed.events } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      });
      res.json({ webhook: endpointView(changed) });
    },
  );

  r.delete('/api/webhooks/:id', { ...access, summary: 'Deletes an endpoint; deliveries still queued for it are dropped when due', response: { 200: WebhookResponse } }, async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    const row = await visible(res, id);
    await store.webhooks.delete(id);
    deps.subscriptions.invalidate();
    await ctx.audit(principalOf(res)!.actor, 'webhook.deleted', { webhookId: id, url: auditUrl(row.url) });
    res.json({ webhook: endpointView(row) });
  });

  r.get(
    '/api/webhooks/:id/deliveries',
    { ...access, summary: "An endpoint's recent deliveries, newest first, with each one's attempts", request: { query: DeliveriesQuery }, response: { 200: WebhookDeliveriesResponse } },
    async (req, res) => {
      const { id } = parseInput(IdParams, req.params, 'path');
      const { limit } = parseInput(DeliveriesQuery, req.query, 'query');
      await visible(res, id);
      const rows = await store.deliveries.list({ kind: WEBHOOK_KIND, target: id, limit });
      // A delivery pruned between the list and its read is simply left out.
      const detailed = await Promise.all(rows.map((d) => store.deliveries.get(d.id)));
      res.json({ deliveries: detailed.filter((d) => d !== undefined).map(deliveryView) });
    },
  );

  r.post(
    '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      ...access,
      summary: 'Sends a delivery again: a dead one is revived; a delivered one is queued anew with the same event id',
      response: { 200: WebhookDeliveryResponse },
    },
    async (req, res) => {
      const { id, deliveryId } = parseInput(DeliveryParams, req.params, 'path');
      await visible(res, id);
      const delivery = await store.deliveries.get(deliveryId);
      if (!delivery || delivery.kind !== WEBHOOK_KIND || delivery.target !== id) {
        throw new HttpError(404, 'not_found', `Endpoint ${id} has no delivery ${deliveryId}; it may have been delivered and pruned`);
      }
      let answer: number;
      if (delivery.status === 'dead') {
        // Another caller (or process) may have revived it in between: then it is pending, which is what was asked.
        await store.deliveries.revive(deliveryId, clock().toISOString());
        answer = deliveryId;
      } else if (delivery.status === 'delivered') {
        const payload = delivery.payload as WebhookPayload;
        // A new delivery of the same event: the receiver sees the same X-Parley-Event-Id and can drop it if it has it.
        const again = await deps.dispatcher.enqueue({ kind: WEBHOOK_KIND, target: id, idempotencyKey: `${payload.event.id}:${id}:again:${randomUUID()}`, payload });
        answer = again!;
      } else {
        throw new HttpError(409, 'pending', `Delivery ${deliveryId} is still being delivered (attempt ${delivery.attempts + 1} is due ${delivery.nextAttemptAt})`);
      }
      deps.dispatcher.wake();
      await ctx.audit(principalOf(res)!.actor, 'webhook.redelivered', { webhookId: id, deliveryId, ...(answer !== deliveryId ? { newDeliveryId: answer } : {}) });
      const row = await store.deliveries.get(answer);
      if (!row) throw new HttpError(404, 'not_found', `Delivery ${answer} is gone already`);
      res.json({ delivery: deliveryView(row) });
    },
  );

  return r.router;
}
