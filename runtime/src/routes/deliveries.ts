import type { Router } from 'express';
import { z } from 'zod';
import { createRoutes } from '../http/routes';
import { HttpError, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import type { AppContext } from '../context';
import type { Delivery } from '../store/deliveries';
import { DeliveriesResponse, DeliveryDetailResponse, DeliveryQuery, DeliveryResponse, type DeliverySummary } from '@parley/shared';

const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The list's view of a delivery (see `DeliverySummary`): never its payload. */
function summary(d: Delivery): DeliverySummary {
  return {
    id: d.id,
    kind: d.kind,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    createdAt: d.createdAt,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    lastError: d.lastError,
  };
}

const missing = (id: number) => new HttpError(404, 'not_found', `There is no delivery ${id}; it may have been delivered and pruned`);

/**
 * Admin-only: the outbound delivery log. `wake` runs the dispatcher soon after a retry (absent in tests that build
 * the routes alone).
 */
export function deliveryRoutes(ctx: AppContext, dispatcher?: { wake(): void }): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);

  r.get('/api/deliveries', { access: 'admin', request: { query: DeliveryQuery }, response: { 200: DeliveriesResponse } }, async (req, res) => {
    const query = parseInput(DeliveryQuery, req.query, 'query');
    const rows = await store.deliveries.list({ limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.kind ? { kind: query.kind } : {}) });
    res.json({ deliveries: rows.map(summary) });
  });

  r.get('/api/deliveries/:id', { access: 'admin', response: { 200: DeliveryDetailResponse } }, async (req, res) => {
    const { id } = parseInput(Id, req.params, 'path');
    const delivery = await store.deliveries.get(id);
    if (!delivery) throw missing(id);
    res.json({ delivery: { ...summary(delivery), idempotencyKey: delivery.idempotencyKey, payload: delivery.payload, log: delivery.log } });
  });

  r.post('/api/deliveries/:id/retry', { access: 'admin', response: { 200: DeliveryResponse } }, async (req, res) => {
    const { id } = parseInput(Id, req.params, 'path');
    const delivery = await store.deliveries.get(id);
    if (!delivery) throw missing(id);
    const notDead = (status: string) => new HttpError(409, 'not_dead', `Delivery ${id} is ${status}, not dead: only a dead delivery can be retried`);
    if (delivery.status !== 'dead') throw notDead(delivery.status);
    // Another admin (or process) may have revived it in between.
    if (!(await store.deliveries.revive(id, clock().toISOString()))) throw notDead((await store.deliveries.get(id))?.status ?? 'gone');
    await ctx.audit(principalOf(res)!.actor, 'delivery.retried', { deliveryId: id });
    dispatcher?.wake();
    const revived = await store.deliveries.get(id);
    if (!revived) throw missing(id);
    res.json({ delivery: summary(revived) });
  });

  return r.router;
}
