import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { openStore, type Store } from '../store';
import type { Delivery, DeliveryStore, NewDelivery } from '../store/deliveries';
import { silentLogger, type Logger } from '../log';
import { backoffBounds, backoffDelay, DEFAULT_DISPATCHER_OPTIONS, Dispatcher, scheduleSpan, type DispatcherOptions, type SendContext, type Sender } from './dispatcher';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

/** The store with some methods replaced (the rest still act on the real one). */
const overriding = (base: DeliveryStore, overrides: Partial<DeliveryStore>): DeliveryStore => Object.assign(Object.create(base) as DeliveryStore, overrides);

describe('Dispatcher', () => {
  let store: Store;
  let clock: { now: Date };
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  const at = (iso: string) => (clock.now = new Date(iso));

  const dispatcher = (options: Partial<DispatcherOptions> = {}, deliveries: DeliveryStore = store.deliveries, log: Logger = silentLogger()) =>
    new Dispatcher({ store: deliveries, clock: () => clock.now, random: seeded(42), log }, options);
  const enqueue = (d: Partial<NewDelivery> & { idempotencyKey: string }) =>
    store.deliveries.enqueue({ kind: 'webhook', target: 'endpoint-1', payload: { hello: 'world' }, ...d }, clock.now.toISOString());
  const get = async (id: number | null) => (await store.deliveries.get(id!))!;

  beforeEach(() => {
    store = openStore(':memory:');
    clock = { now: T0 };
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  it('delivers on the first success, with the idempotency key, and logs the attempt', async () => {
    const calls: { delivery: Delivery; ctx: SendContext }[] = [];
    const d = dispatcher().register('webhook', async (delivery, ctx) => (calls.push({ delivery, ctx }), { ok: true, status: 200 }));
    const id = await enqueue({ idempotencyKey: 'evt-1', payload: { order: 10001 } });

    expect(await d.tick()).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.ctx).toMatchObject({ idempotencyKey: 'evt-1', attempt: 1 });
    expect(calls[0]!.ctx.signal.aborted).toBe(false);
    expect(calls[0]!.delivery.payload).toEqual({ order: 10001 });

    const row = await get(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, deliveredAt: T0.toISOString() });
    expect(row.log).toEqual([{ attempt: 1, at: T0.toISOString(), ok: true, status: 200, error: null, ms: expect.any(Number) }]);
    // Nothing is due any more.
    expect(await d.tick()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('computes each backoff delay within its jitter bounds, and the default schedule spans at least 15 minutes over at least 5 attempts', () => {
    const o = DEFAULT_DISPATCHER_OPTIONS;
    const random = seeded(7);
    for (let attempt = 1; attempt < o.maxAttempts + 5; attempt++) {
      const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
      const bounds = backoffBounds(attempt, o);
      expect(bounds).toEqual({ min: Math.max(o.baseDelayMs / 2, 0.75 * cap), max: Math.max(o.baseDelayMs / 2, cap) });
      // Never beyond the exponential cap nor the maximum, never under half the base.
      expect(bounds.max).toBeLessThanOrEqual(o.maxDelayMs);
      expect(bounds.min).toBeGreaterThanOrEqual(o.baseDelayMs / 2);
      for (const r of [0, 0.5, 0.999999, ...Array.from({ length: 200 }, random)]) {
        const delay = backoffDelay(attempt, r, o);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(bounds.min));
        expect(delay).toBeLessThanOrEqual(Math.ceil(bounds.max));
      }
    }
    // The first retry waits 7.5–10 s, the seventh 8–10⅔ min; the worst case of the whole schedule still spans 15 min.
    expect(backoffBounds(1, o)).toEqual({ min: 7_500, max: 10_000 });
    expect(backoffBounds(7, o)).toEqual({ min: 480_000, max: 640_000 });
    const span = scheduleSpan(o);
    expect(span.attempts).toBeGreaterThanOrEqual(5);
    expect(span.min).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(span).toEqual({ min: 952_500, max: 1_270_000, attempts: 8 });
    // A small maximum clamps the later delays; half the base remains the floor.
    expect(backoffBounds(10, { baseDelayMs: 1_000, maxDelayMs: 5_000 })).toEqual({ min: 3_750, max: 5_000 });
    expect(backoffDelay(1, 0.999999, { baseDelayMs: 1_000, maxDelayMs: 100 })).toBe(500);
  });

  it('retries on the backoff schedule and goes dead after maxAttempts, with every attempt in the log', async () => {
    const sent: number[] = [];
    const d = dispatcher().register('webhook', async (_delivery, ctx) => (sent.push(ctx.attempt), { ok: false, status: 503, error: 'HTTP 503 Service Unavailable' }));
    const id = await enqueue({ idempotencyKey: 'evt-dead' });
    const o = d.options;

    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      expect(await d.tick()).toBe(1);
      const row = await get(id);
      expect(row.attempts).toBe(attempt);
      if (attempt === o.maxAttempts) break;
      expect(row.status).toBe('pending');
      const wait = Date.parse(row.nextAttemptAt) - clock.now.getTime();
      const bounds = backoffBounds(attempt, o);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(bounds.min));
      expect(wait).toBeLessThanOrEqual(Math.ceil(bounds.max));
      // Not a moment early.
      advance(wait - 1);
      expect(await d.tick()).toBe(0);
      advance(1);
    }

    const dead = await get(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: o.maxAttempts, lastError: 'HTTP 503 Service Unavailable', deliveredAt: null });
    expect(sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(dead.log.map((a) => [a.attempt, a.ok, a.status, a.error])).toEqual(sent.map((n) => [n, false, 503, 'HTTP 503 Service Unavailable']));
    expect(Date.parse(dead.log.at(-1)!.at) - Date.parse(dead.log[0]!.at)).toBeGreaterThanOrEqual(15 * MINUTE);
    // Dead is dead: much later, nothing is sent.
    advance(DAY);
    expect(await d.tick()).toBe(0);
    expect(sent).toHaveLength(8);
  });

  it('sends a non-retryable failure dead at once, and counts a thrown error as retryable', async () => {
    const d = dispatcher()
      .register('webhook', async () => ({ ok: false, status: 410, error: 'HTTP 410 Gone', retryable: false }))
      .register('email', async () => {
        throw new Error('connect ECONNREFUSED');
      });
    const gone = await enqueue({ idempotencyKey: 'evt-gone' });
    const refused = await enqueue({ idempotencyKey: 'evt-refused', kind: 'email', target: 'ada@example.com' });
    expect(await d.tick()).toBe(2);

    const goneRow = await get(gone);
    expect(goneRow).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 410 Gone' });
    expect(goneRow.log).toHaveLength(1);
    expect(await get(refused)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connect ECONNREFUSED' });
  });

  it('aborts a send that outlasts the timeout and counts it as a retryable failure', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const started = deferred<AbortSignal[]>();
    const signals: AbortSignal[] = [];
    const d = dispatcher()
      // One sender gives up when its signal is aborted …
      .register('webhook', (_delivery, ctx) => {
        signals.push(ctx.signal);
        if (signals.length === 2) started.resolve(signals);
        return new Promise((_ok, fail) => ctx.signal.addEventListener('abort', () => fail(ctx.signal.reason as Error)));
      })
      // … the other ignores it, and is abandoned all the same.
      .register('email', (_delivery, ctx) => {
        signals.push(ctx.signal);
        if (signals.length === 2) started.resolve(signals);
        return new Promise(() => undefined);
      });
    const polite = await enqueue({ idempotencyKey: 'evt-slow' });
    const deaf = await enqueue({ idempotencyKey: 'evt-deaf', kind: 'email' });

    const tick = d.tick();
    await started.promise;
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(d.options.sendTimeoutMs);
    expect(await tick).toBe(2);

    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    for (const id of [polite, deaf]) {
      const row = await get(id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timed out after 15000 ms' });
      expect(row.log).toEqual([expect.objectContaining({ attempt: 1, ok: false, status: null, error: 'timed out after 15000 ms' })]);
    }
  });

  it('sends again with the same idempotency key once the lease of a dispatcher that died mid-send runs out', async () => {
    const keys: string[] = [];
    const claimedBeforeCrash = deferred();
    // The first process sends, then dies before it can record the attempt.
    const dying = overriding(store.deliveries, { recordAttempt: () => new Promise<void>(() => undefined) });
    const first = dispatcher({}, dying).register('webhook', async (_delivery, ctx) => {
      keys.push(`first:${ctx.idempotencyKey}:${ctx.attempt}`);
      claimedBeforeCrash.resolve();
      return { ok: true, status: 200 };
    });
    const second = dispatcher().register('webhook', async (_delivery, ctx) => (keys.push(`second:${ctx.idempotencyKey}:${ctx.attempt}`), { ok: true, status: 202 }));
    const id = await enqueue({ idempotencyKey: 'evt-crash' });

    void first.tick();
    await claimedBeforeCrash.promise;
    // While the lease holds, nobody else sends it.
    advance(first.options.leaseMs - 1);
    expect(await second.tick()).toBe(0);
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 0 });
    advance(1);
    expect(await second.tick()).toBe(1);

    expect(keys).toEqual(['first:evt-crash:1', 'second:evt-crash:1']);
    const row = await get(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(row.log).toEqual([expect.objectContaining({ attempt: 1, ok: true, status: 202 })]);
  });

  it('keeps one delivery per kind and idempotency key', async () => {
    const first = await enqueue({ idempotencyKey: 'evt-dup', payload: { n: 1 } });
    const again = await enqueue({ idempotencyKey: 'evt-dup', payload: { n: 2 } });
    const otherKind = await enqueue({ idempotencyKey: 'evt-dup', kind: 'email' });
    expect(first).toEqual(expect.any(Number));
    expect(again).toBeNull();
    expect(otherKind).not.toBe(first);

    const sent: unknown[] = [];
    const d = dispatcher().register('webhook', async (delivery) => (sent.push(delivery.payload), { ok: true }));
    expect(await d.enqueue({ kind: 'webhook', target: 'endpoint-1', idempotencyKey: 'evt-dup', payload: { n: 3 } })).toBeNull();
    await d.tick();
    expect(sent).toEqual([{ n: 1 }]);
    expect(await store.deliveries.list({ kind: 'webhook', limit: 10 })).toHaveLength(1);
  });

  it('never lets two dispatchers on one store send the same delivery at the same time', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await enqueue({ idempotencyKey: `evt-${i}` }))!);
    const inFlight = new Set<number>();
    const overlaps: number[] = [];
    const sends: number[] = [];
    const sender: Sender = async (delivery) => {
      if (inFlight.has(delivery.id)) overlaps.push(delivery.id);
      inFlight.add(delivery.id);
      // Stay in flight across turns of the event loop, so the other dispatcher ticks meanwhile.
      await new Promise((ok) => setImmediate(ok));
      inFlight.delete(delivery.id);
      sends.push(delivery.id);
      return { ok: true };
    };
    const a = dispatcher({ batch: 4 }).register('webhook', sender);
    const b = dispatcher({ batch: 4 }).register('webhook', sender);
    const drain = async (d: Dispatcher) => {
      let total = 0;
      for (let n = await d.tick(); n > 0; n = await d.tick()) total += n;
      return total;
    };

    // Two loops per dispatcher as well: ticks of one dispatcher may overlap too.
    const [a1, b1, a2, b2] = await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    expect(overlaps).toEqual([]);
    expect([...sends].sort((x, y) => x - y)).toEqual(ids);
    expect(a1! + a2!).toBeGreaterThan(0);
    expect(b1! + b2!).toBeGreaterThan(0);
    expect(a1! + a2! + b1! + b2!).toBe(30);
    const rows = await store.deliveries.list({ limit: 100 });
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
  });

  it('leaves a kind it has no sender for to a process that has one, counting no attempt', async () => {
    const bare = dispatcher();
    const able = dispatcher().register('telegram', async () => ({ ok: true }));
    const id = await enqueue({ idempotencyKey: 'evt-tg', kind: 'telegram', target: 'chat-1' });

    expect(await bare.tick()).toBe(0);
    expect(await get(id)).toMatchObject({ status: 'pending', attempts: 0, log: [] });
    // Claimed by the process without a sender: taken by the other once that lease runs out.
    expect(await able.tick()).toBe(0);
    advance(bare.options.leaseMs);
    expect(await able.tick()).toBe(1);
    expect(await get(id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('prunes only delivered rows older than the retention', async () => {
    const d = dispatcher()
      .register('webhook', async () => ({ ok: true }))
      .register('email', async () => ({ ok: false, error: 'mailbox unavailable', retryable: false }));
    const oldDelivered = await enqueue({ idempotencyKey: 'old-ok' });
    const oldDead = await enqueue({ idempotencyKey: 'old-dead', kind: 'email' });
    const oldPending = await enqueue({ idempotencyKey: 'old-pending', kind: 'nobody' });
    expect(await d.tick()).toBe(2);
    advance(d.options.retentionMs - MINUTE);
    const recent = await enqueue({ idempotencyKey: 'recent-ok' });
    expect(await d.tick()).toBe(1);
    advance(2 * MINUTE);

    expect(await d.prune()).toBe(1);
    expect(await store.deliveries.get(oldDelivered!)).toBeUndefined();
    expect((await store.deliveries.list({ limit: 10 })).map((r) => [r.id, r.status])).toEqual([
      [recent, 'delivered'],
      [oldPending, 'pending'],
      [oldDead, 'dead'],
    ]);
    expect(await d.prune()).toBe(0);
  });

  it('sends a revived dead delivery again, continuing its log', async () => {
    let up = false;
    const d = dispatcher().register('webhook', async () => (up ? { ok: true, status: 200 } : { ok: false, status: 404, error: 'HTTP 404', retryable: false }));
    const id = await enqueue({ idempotencyKey: 'evt-revive' });
    await d.tick();
    expect(await get(id)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await store.deliveries.revive(id!, clock.now.toISOString())).toBe(true);
    expect(await store.deliveries.revive(id!, clock.now.toISOString())).toBe(false);

    up = true;
    expect(await d.tick()).toBe(1);
    const row = await get(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(row.log.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('runs on its own once started: drains a backlog past one batch, wakes on enqueue, prunes daily, and stop waits for sends in flight', async () => {
    const prunes: string[] = [];
    let pruned = deferred();
    const spied = overriding(store.deliveries, {
      prune: async (before) => {
        prunes.push(before);
        pruned.resolve();
        return store.deliveries.prune(before);
      },
    });
    let sent = 0;
    const backlogDone = deferred();
    let gate: { promise: Promise<void>; resolve: () => void } | undefined;
    const inGate = deferred();
    const d = dispatcher({ batch: 5 }, spied).register('webhook', async (delivery) => {
      if (delivery.idempotencyKey === 'slow') {
        inGate.resolve();
        await gate!.promise;
      }
      if (++sent === 12) backlogDone.resolve();
      return { ok: true };
    });
    for (let i = 0; i < 12; i++) await enqueue({ idempotencyKey: `backlog-${i}` });

    // An hour between ticks: only full batches and wake-ups make it tick sooner.
    d.start(3_600_000);
    await backlogDone.promise;
    await pruned.promise;
    expect(prunes).toEqual([new Date(T0.getTime() - d.options.retentionMs).toISOString()]);

    // A day later by the clock, the next tick prunes again.
    pruned = deferred();
    advance(DAY);
    d.wake();
    await pruned.promise;
    expect(prunes).toHaveLength(2);

    gate = deferred();
    expect(await d.enqueue({ kind: 'webhook', target: 'endpoint-1', idempotencyKey: 'slow', payload: {} })).toEqual(expect.any(Number));
    await inGate.promise;
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    await new Promise((ok) => setImmediate(ok));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    // Recorded before stop resolved; no third prune (the clock did not move a day).
    expect((await store.deliveries.list({ status: 'delivered', limit: 100 })).length).toBe(13);
    expect(prunes).toHaveLength(2);
  });

  it('logs ids, kinds, targets, attempts and errors, never the payload', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const results = [{ ok: false as const, status: 500, error: 'HTTP 500' }, { ok: true as const, status: 200 }];
    const d = dispatcher({}, store.deliveries, log).register('webhook', async () => results.shift()!);
    const id = await enqueue({ idempotencyKey: 'evt-log', target: 'endpoint-9', payload: { apiKey: 'sk_live_SECRET', card: '4242' } });
    await d.tick();
    advance(d.options.maxDelayMs);
    await d.tick();

    const text = lines.join('\n');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('4242');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({ deliveryId: id, kind: 'webhook', target: 'endpoint-9', attempt: 1, status: 500, error: 'HTTP 500' }),
      expect.objectContaining({ deliveryId: id, kind: 'webhook', target: 'endpoint-9', attempt: 2, status: 200 }),
    ]);
  });

  it("waits at least a receiver's Retry-After (bounded by the longest backoff), and hands a many-part send its saved progress", async () => {
    const seen: number[] = [];
    const d = dispatcher({ baseDelayMs: 1_000, maxDelayMs: 10 * MINUTE }).register('webhook', async (_delivery, ctx) => {
      seen.push(ctx.progress);
      if (ctx.attempt === 1) {
        await ctx.saveProgress(2);
        return { ok: false, error: '429', retryAfterMs: 5 * MINUTE };
      }
      if (ctx.attempt === 2) return { ok: false, error: '429', retryAfterMs: 10 * DAY };
      return { ok: true };
    });
    const id = await enqueue({ idempotencyKey: 'many-parts' });
    await d.tick();
    expect(Date.parse((await get(id)).nextAttemptAt) - clock.now.getTime()).toBeGreaterThanOrEqual(5 * MINUTE);
    advance(5 * MINUTE);
    await d.tick();
    // A receiver asking for ten days gets the longest backoff, not ten days.
    expect(Date.parse((await get(id)).nextAttemptAt) - clock.now.getTime()).toBeLessThanOrEqual(10 * MINUTE);
    advance(10 * MINUTE);
    await d.tick();
    expect((await get(id)).status).toBe('delivered');
    expect(seen).toStrictEqual([0, 2, 2]);
    // Progress never moves back.
    await store.deliveries.setProgress(id!, 1);
    expect((await get(id)).progress).toBe(2);
  });

  it('refuses a lease no longer than the send timeout', () => {
    expect(() => dispatcher({ leaseMs: 10_000, sendTimeoutMs: 10_000 })).toThrow(/leaseMs/);
    expect(() => dispatcher({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => dispatcher().register('webhook', async () => ({ ok: true })).register('webhook', async () => ({ ok: true }))).toThrow(/registered already/);
  });
});
