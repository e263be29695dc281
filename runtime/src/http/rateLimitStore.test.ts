import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import type { Options } from 'express-rate-limit';
import { ADMIN, AGENT, call, Customer, repoRoot, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { openStore, type Store } from '../store';
import type { RateLimitStore } from '../store/rateLimits';
import { createApp } from '../app';
import { seed } from '../seed/seed';
import { parseAllowHosts } from '../net/addressGuard';
import { hashToken } from './auth';
import { silentLogger, type Logger } from '../log';
import { DatabaseRateLimitStore, pruneRateLimits } from './rateLimitStore';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-25T15:00:00Z');

/** A logger that keeps what it was told, to count how often a failure is reported. */
function recordingLogger(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, lines };
}

const limiterStore = (counters: RateLimitStore, prefix: string, now: () => number, log: Logger = silentLogger()) => {
  const store = new DatabaseRateLimitStore(counters, prefix, log, now, now);
  store.init({ windowMs: MINUTE } as Options);
  return store;
};

describe('rate limits counted in the database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ratelimit-'));

  it('counts the hits of two processes on one database in the same window, apart from other limiters', async () => {
    const path = join(dir, 'shared.db');
    const [one, two] = [openStore(path), openStore(path)];
    try {
      const now = () => T0 + 1_000;
      const a = limiterStore(one.rateLimits, 'starts:ip:', now);
      const b = limiterStore(two.rateLimits, 'starts:ip:', now);
      const other = limiterStore(one.rateLimits, 'login:ip:', now);
      const hits = [await a.increment('198.51.100.7'), await b.increment('198.51.100.7'), await a.increment('198.51.100.7')];
      expect(hits.map((h) => h.totalHits)).toEqual([1, 2, 3]);
      expect(hits.map((h) => h.resetTime?.getTime())).toEqual([T0 + MINUTE, T0 + MINUTE, T0 + MINUTE]);
      // The same address under another limiter's prefix, and another address, start from one.
      expect((await other.increment('198.51.100.7')).totalHits).toBe(1);
      expect((await b.increment('198.51.100.8')).totalHits).toBe(1);
      expect(a.localKeys).toBe(false);
      expect(a.prefix).toBe('starts:ip:');
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('starts a fresh window when the last one ends; takes back and resets hits; prunes ended windows', async () => {
    const store = openStore(':memory:');
    try {
      let now = T0 + 59_000;
      const limiter = limiterStore(store.rateLimits, 'messages:ip:', () => now);
      await limiter.increment('k');
      expect((await limiter.increment('k')).totalHits).toBe(2);
      await limiter.decrement('k');
      expect((await limiter.increment('k')).totalHits).toBe(2);
      now = T0 + MINUTE;
      expect(await limiter.increment('k')).toEqual({ totalHits: 1, resetTime: new Date(T0 + 2 * MINUTE) });
      await limiter.resetKey('k');
      expect((await limiter.increment('k')).totalHits).toBe(1);
      // The window that ended at T0 + 1 min goes; the current one (ending at T0 + 2 min) stays until it ends.
      await limiter.increment('other');
      expect(await pruneRateLimits(store, T0 + MINUTE + 1)).toBe(0);
      await store.rateLimits.hit('messages:ip:old', MINUTE, T0 - MINUTE);
      expect(await pruneRateLimits(store, T0 + MINUTE + 1)).toBe(1);
      expect(await pruneRateLimits(store, T0 + 2 * MINUTE + 1)).toBe(2);
      expect((await limiter.increment('k')).totalHits).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('fails open when the database cannot count: lets every hit through and logs once per outage', async () => {
    const store = openStore(':memory:');
    try {
      let down = true;
      const counters: RateLimitStore = {
        hit: (...args) => (down ? Promise.reject(new Error('connection refused')) : store.rateLimits.hit(...args)),
        unhit: (...args) => (down ? Promise.reject(new Error('connection refused')) : store.rateLimits.unhit(...args)),
        reset: (key) => (down ? Promise.reject(new Error('connection refused')) : store.rateLimits.reset(key)),
        prune: (before) => store.rateLimits.prune(before),
      };
      const { log, lines } = recordingLogger();
      const limiter = limiterStore(counters, 'starts:ip:', () => T0 + 5_000, log);
      const during = [await limiter.increment('k'), await limiter.increment('k'), await limiter.increment('k')];
      await limiter.decrement('k');
      await limiter.resetKey('k');
      expect(during).toEqual(Array(3).fill({ totalHits: 1, resetTime: new Date(T0 + MINUTE) }));
      expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/cannot count hits; letting requests through/)]);
      down = false;
      expect((await limiter.increment('k')).totalHits).toBe(1);
      expect((await limiter.increment('k')).totalHits).toBe(2);
      expect(lines.filter((l) => /counting hits in the database again/.test(l.msg))).toHaveLength(1);
      // A second outage is news again.
      down = true;
      await limiter.increment('k');
      expect(lines.filter((l) => l.level >= 50)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  describe('over HTTP', () => {
    let orders: Awaited<ReturnType<typeof startOrderApi>>;
    beforeAll(async () => {
      orders = await startOrderApi();
    });
    afterAll(async () => {
      await orders.close();
    });

    it('holds two processes on one database to one limit per address, per conversation and for sign-in, with Retry-After', async () => {
      const limits = { conversationsPerIpPerMinute: 3, messagesPerConversationPerMinute: 2, loginPerMinute: 2 };
      const first = await startServer({ origin: orders.origin, limits });
      const second = await startServer({ origin: orders.origin, limits, dbPath: first.dbPath, seed: false });
      try {
        const starts = [];
        for (const server of [first, second, first, second]) starts.push(await call(`${server.url}/api/bots/order-support/conversations`, { body: {} }));
        expect(starts.map((r) => r.status)).toEqual([201, 201, 201, 429]);
        expect(starts[3]!.body.error.code).toBe('rate_limited');
        expect(Number(starts[3]!.headers!.get('retry-after'))).toBeGreaterThan(0);

        const id = starts[0]!.body.conversationId as string;
        const token = starts[0]!.body.token as string;
        const sends = [await new Customer(first, id, token).press('menu:track'), await new Customer(second, id, token).say('10001'), await new Customer(first, id, token).say('hi')];
        expect(sends.map((r) => r.status)).toEqual([200, 200, 429]);

        const login = (server: TestServer) => call(`${server.url}/api/auth/login`, { body: { email: 'nobody@example.com', password: 'wrong' } });
        expect([(await login(first)).status, (await login(second)).status, (await login(first)).status]).toEqual([401, 401, 429]);
      } finally {
        await second.close();
        await first.close();
      }
    });

    it('writes no counter at all for a lifted limit (PARLEY_RATE_LIMITS=off)', async () => {
      const unlimited = await startServer({ origin: orders.origin, limits: { conversationsPerIpPerMinute: Infinity, messagesPerIpPerMinute: Infinity, messagesPerConversationPerMinute: Infinity } });
      try {
        const { customer } = await Customer.start(unlimited, 'order-support');
        expect((await customer.press('menu:track')).status).toBe(200);
        expect(await pruneRateLimits(unlimited.store, Number.MAX_SAFE_INTEGER)).toBe(0);
        // A finite limit does count: the same request now leaves a window behind.
        const limited = await startServer({ origin: orders.origin, dbPath: unlimited.dbPath, seed: false, limits: { conversationsPerIpPerMinute: 5 } });
        try {
          await Customer.start(limited, 'order-support');
          expect(await pruneRateLimits(limited.store, Number.MAX_SAFE_INTEGER)).toBe(1);
        } finally {
          await limited.close();
        }
      } finally {
        await unlimited.close();
      }
    });

    it('keeps the endpoints up when the counters fail, logging it once', async () => {
      const real = openStore(':memory:');
      await seed(real, join(repoRoot, 'flows'), { origin: orders.origin, now: new Date(T0).toISOString(), log: silentLogger() });
      const broken: Store = { ...real, rateLimits: { ...real.rateLimits, hit: () => Promise.reject(new Error('database is locked')) } as RateLimitStore };
      const { log, lines } = recordingLogger();
      const app = createApp({
        store: broken,
        log,
        allowHosts: parseAllowHosts('127.0.0.1'),
        tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
        limits: { conversationsPerIpPerMinute: 1, messagesPerConversationPerMinute: 1, messagesPerIpPerMinute: 1 },
      });
      const server = await new Promise<Server>((ok) => {
        const s = app.app.listen(0, '127.0.0.1', () => ok(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const starts = [];
        for (let i = 0; i < 3; i++) starts.push(await call(`${url}/api/bots/order-support/conversations`, { body: {} }));
        expect(starts.map((r) => r.status)).toEqual([201, 201, 201]);
        const customer = new Customer({ url } as TestServer, starts[0]!.body.conversationId, starts[0]!.body.token);
        expect([(await customer.press('menu:track')).status, (await customer.say('10001')).status]).toEqual([200, 200]);
        expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/rate limits: the database cannot count hits/)]);
      } finally {
        server.closeAllConnections();
        await new Promise((ok) => server.close(ok));
        await real.close();
      }
    });
  });
});
