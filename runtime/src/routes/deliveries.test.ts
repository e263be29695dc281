import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';

describe('deliveries API', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  const api = (path: string) => `${server.url}/api${path}`;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, seed: false });
    const now = server.clock.now.toISOString();
    const d = server.store.deliveries;
    const enqueue = async (name: string, kind: string, target: string) =>
      (ids[name] = (await d.enqueue({ kind, target, idempotencyKey: `key-${name}`, payload: { secret: `whsec_${name}`, text: 'hello' } }, now))!);
    await enqueue('pending', 'webhook', 'endpoint-1');
    await enqueue('delivered', 'webhook', 'endpoint-2');
    await enqueue('dead', 'email', 'ada@example.com');
    await d.recordAttempt(ids.delivered!, { attempt: 1, at: now, ok: true, status: 200, error: null, ms: 12 }, { status: 'delivered' });
    await d.recordAttempt(ids.dead!, { attempt: 1, at: now, ok: false, status: 550, error: 'mailbox unavailable', ms: 30 }, { status: 'dead' });
  });
  afterAll(async () => {
    await server.close();
    await orders.close();
  });

  it('lists deliveries newest first without their payloads', async () => {
    const { status, body } = await call(api('/deliveries'), { token: ADMIN });
    expect(status).toBe(200);
    expect(body.deliveries.map((d: any) => [d.id, d.kind, d.target, d.status, d.attempts])).toEqual([
      [ids.dead, 'email', 'ada@example.com', 'dead', 1],
      [ids.delivered, 'webhook', 'endpoint-2', 'delivered', 1],
      [ids.pending, 'webhook', 'endpoint-1', 'pending', 0],
    ]);
    expect(body.deliveries[0]).toEqual({
      id: ids.dead,
      kind: 'email',
      target: 'ada@example.com',
      status: 'dead',
      attempts: 1,
      createdAt: server.clock.now.toISOString(),
      nextAttemptAt: null,
      deliveredAt: null,
      lastError: 'mailbox unavailable',
    });
    expect(body.deliveries[2].nextAttemptAt).toBe(server.clock.now.toISOString());
    expect(JSON.stringify(body)).not.toContain('whsec_');
  });

  it('filters by status and kind, and limits', async () => {
    const dead = await call(api('/deliveries?status=dead'), { token: ADMIN });
    expect(dead.body.deliveries.map((d: any) => d.id)).toEqual([ids.dead]);
    const webhooks = await call(api('/deliveries?kind=webhook&limit=1'), { token: ADMIN });
    expect(webhooks.body.deliveries.map((d: any) => d.id)).toEqual([ids.delivered]);
    const none = await call(api('/deliveries?kind=telegram'), { token: ADMIN });
    expect(none.body.deliveries).toEqual([]);
  });

  it('refuses a bad filter or limit with 400', async () => {
    for (const query of ['status=lost', 'limit=0', 'limit=501', 'limit=ten']) {
      const { status, body } = await call(api(`/deliveries?${query}`), { token: ADMIN });
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('invalid_request');
    }
    expect((await call(api('/deliveries?limit=500'), { token: ADMIN })).status).toBe(200);
  });

  it('shows one delivery with its payload and attempt log', async () => {
    const { status, body } = await call(api(`/deliveries/${ids.dead}`), { token: ADMIN });
    expect(status).toBe(200);
    expect(body.delivery).toMatchObject({
      id: ids.dead,
      status: 'dead',
      idempotencyKey: 'key-dead',
      payload: { secret: 'whsec_dead', text: 'hello' },
      log: [{ attempt: 1, at: server.clock.now.toISOString(), ok: false, status: 550, error: 'mailbox unavailable', ms: 30 }],
    });
  });

  it('answers 404 with a sentence for a delivery that does not exist, and 400 for an id that is not one', async () => {
    const missing = await call(api('/deliveries/424242'), { token: ADMIN });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no delivery 424242') });
    expect((await call(api('/deliveries/424242/retry'), { token: ADMIN, body: {} })).status).toBe(404);
    expect((await call(api('/deliveries/abc'), { token: ADMIN })).status).toBe(400);
  });

  it('retries a dead delivery, audits it, and refuses one that is not dead with 409', async () => {
    const retried = await call(api(`/deliveries/${ids.dead}/retry`), { token: ADMIN, body: {} });
    expect(retried.status).toBe(200);
    expect(retried.body.delivery).toMatchObject({ id: ids.dead, status: 'pending', attempts: 1, lastError: null, nextAttemptAt: server.clock.now.toISOString() });
    expect(retried.body.delivery.payload).toBeUndefined();

    const again = await call(api(`/deliveries/${ids.dead}/retry`), { token: ADMIN, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'not_dead', message: expect.stringContaining('pending') });
    const delivered = await call(api(`/deliveries/${ids.delivered}/retry`), { token: ADMIN, body: {} });
    expect(delivered.status).toBe(409);

    const audit = await call(api('/audit'), { token: ADMIN });
    const entries = audit.body.entries.filter((e: any) => e.action === 'delivery.retried');
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).toContain(String(ids.dead));
  });

  it('sends a retried delivery once the dispatcher runs', async () => {
    const { dispatcher } = server.app;
    const id = (await server.store.deliveries.enqueue({ kind: 'sms', target: '+15550100', idempotencyKey: 'sms-1', payload: {} }, server.clock.now.toISOString()))!;
    await server.store.deliveries.recordAttempt(id, { attempt: 1, at: server.clock.now.toISOString(), ok: false, status: null, error: 'carrier down', ms: 1 }, { status: 'dead' });
    let sent!: () => void;
    const delivered = new Promise<void>((ok) => (sent = ok));
    dispatcher.register('sms', async () => (sent(), { ok: true }));
    dispatcher.start(3_600_000);
    try {
      // The retry wakes the dispatcher: with an hour between ticks, nothing else would send it now.
      expect((await call(api(`/deliveries/${id}/retry`), { token: ADMIN, body: {} })).status).toBe(200);
      await delivered;
    } finally {
      await dispatcher.stop();
    }
    const { body } = await call(api(`/deliveries/${id}`), { token: ADMIN });
    expect(body.delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(body.delivery.log.map((a: any) => a.ok)).toEqual([false, true]);
  });

  it('is for admins only', async () => {
    expect((await call(api('/deliveries'))).status).toBe(401);
    expect((await call(api('/deliveries'), { token: AGENT })).status).toBe(403);
    expect((await call(api(`/deliveries/${ids.pending}`), { token: AGENT })).status).toBe(403);
    expect((await call(api(`/deliveries/${ids.pending}/retry`), { token: AGENT, body: {} })).status).toBe(403);
  });
});
