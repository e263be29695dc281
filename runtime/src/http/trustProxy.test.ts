import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, AGENT, call, freePort, repoRoot, runMainToExit, spawnServer, startOrderApi } from '../testing/harness';
import { openStore, type Store } from '../store';
import { createApp } from '../app';
import { seed } from '../seed/seed';
import { parseAllowHosts } from '../net/addressGuard';
import { hashToken } from './auth';
import { silentLogger } from '../log';
import { parseTrustProxy, TrustProxyError, type TrustProxy } from './trustProxy';

/** Where the test client seems to connect from: a visitor on the internet, or a proxy in front, rather than loopback. */
const CLIENT = '198.51.100.9';

describe('PARLEY_TRUST_PROXY', () => {
  it('accepts the forms Express accepts, and defaults to loopback', () => {
    expect(parseTrustProxy(undefined)).toBe('loopback');
    expect(parseTrustProxy('  ')).toBe('loopback');
    expect(parseTrustProxy('loopback')).toBe('loopback');
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('0')).toBe(0);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.5 ,fd00::/8')).toBe('10.0.0.0/8,192.168.1.5,fd00::/8');
    expect(parseTrustProxy('loopback,linklocal,uniquelocal,::1,10.0.0.0/255.0.0.0,::ffff:10.0.0.1/8')).toBe('loopback,linklocal,uniquelocal,::1,10.0.0.0/255.0.0.0,::ffff:10.0.0.1/8');
  });

  it.each(['yes', 'on', 'TRUE', 'local', '10.0.0', '10.0.0.0/33', '10.0.0.0/0', 'fd00::/129', '10.0.0.0/255.0.255.0', '10.0.0.0/abc', '-1', '1.5', 'loopback,', 'loopback, bogus', '10.0.0.1:8080', 'http://10.0.0.1'])(
    'refuses %j with one line naming the variable',
    (value) => {
      expect(() => parseTrustProxy(value)).toThrow(TrustProxyError);
      expect(() => parseTrustProxy(value)).toThrow(/^PARLEY_TRUST_PROXY: .*use loopback/);
      try {
        parseTrustProxy(value);
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    },
  );

  describe('the address per-address limits and blocks see', () => {
    let orders: Awaited<ReturnType<typeof startOrderApi>>;
    beforeAll(async () => {
      orders = await startOrderApi();
    });
    afterAll(async () => {
      await orders.close();
    });

    /** The app behind a server on which every connection appears to come from CLIENT (a peer that is not loopback). */
    async function boot(trustProxy: TrustProxy | undefined): Promise<{ url: string; store: Store; close: () => Promise<void> }> {
      const store = openStore(':memory:');
      const now = new Date('2026-11-25T15:00:00Z');
      await seed(store, join(repoRoot, 'flows'), { origin: orders.origin, now: now.toISOString(), log: silentLogger() });
      const { app } = createApp({
        store,
        clock: () => now,
        allowHosts: parseAllowHosts('127.0.0.1'),
        tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
        limits: { conversationsPerIpPerMinute: 2 },
        ...(trustProxy === undefined ? {} : { trustProxy }),
      });
      const server: Server = createServer((req, res) => {
        Object.defineProperty(req.socket, 'remoteAddress', { value: CLIENT, configurable: true });
        app(req, res);
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        store,
        close: async () => {
          server.closeAllConnections();
          await new Promise((ok) => server.close(ok));
          await store.close();
        },
      };
    }

    const start = (url: string, forwardedFor?: string) => call(`${url}/api/bots/order-support/conversations`, { body: {}, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
    const block = (url: string, value: string) => call(`${url}/api/blocks`, { token: AGENT, body: { kind: 'ip', value } });

    it('with the client trusted as a proxy, X-Forwarded-For decides the address: limits and blocks follow it', async () => {
      const app = await boot(CLIENT);
      try {
        expect((await block(app.url, '203.0.113.66')).status).toBe(201);
        const blocked = await start(app.url, '203.0.113.66');
        expect(blocked.status).toBe(403);
        expect(blocked.body.error.code).toBe('blocked');
        // Two starts a minute per address: the third from one address is refused, another address is not affected.
        const one = [await start(app.url, '203.0.113.7'), await start(app.url, '203.0.113.7'), await start(app.url, '203.0.113.7')];
        expect(one.map((r) => r.status)).toEqual([201, 201, 429]);
        expect((await start(app.url, '203.0.113.8')).status).toBe(201);
        // The conversation records the forwarded address, which is what an agent blocks by.
        expect((await app.store.conversations.get(one[0]!.body.conversationId as string))?.ip).toBe('203.0.113.7');
      } finally {
        await app.close();
      }
    });

    it('without it, X-Forwarded-For is ignored: a blocked visitor cannot spoof a way past the block or the limits', async () => {
      const app = await boot(undefined);
      try {
        const blocked = await block(app.url, CLIENT);
        expect(blocked.status).toBe(201);
        const refused = await start(app.url, '203.0.113.200');
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('blocked');
        expect((await call(`${app.url}/api/blocks/${blocked.body.block.id}`, { method: 'DELETE', token: AGENT })).status).toBe(204);
        // Every start counts against the real peer address, whatever the header claims: the refused one was the first
        // of two a minute.
        const spoofed = [await start(app.url, '203.0.113.1'), await start(app.url, '203.0.113.2')];
        expect(spoofed.map((r) => r.status)).toEqual([201, 429]);
        expect((await app.store.conversations.get(spoofed[0]!.body.conversationId as string))?.ip).toBe(CLIENT);
      } finally {
        await app.close();
      }
    });

    it('the real server reads it from the environment', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-trust-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // The test client connects from 127.0.0.1: named as the proxy, its X-Forwarded-For is believed.
      const proc = await spawnServer({ ...process.env, PORT: String(port), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: ADMIN, PARLEY_AGENT_TOKEN: AGENT, PARLEY_TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'silent' });
      try {
        expect((await block(url, '203.0.113.66')).status).toBe(201);
        expect((await start(url, '203.0.113.66')).status).toBe(403);
        expect((await start(url, '203.0.113.67')).status).toBe(201);
        expect((await start(url)).status).toBe(201);
      } finally {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }, 60_000);

    it('a value Express would not take stops the real server at start: one line, exit code 78', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-trust-bad-'));
      const env = { ...process.env, PORT: String(await freePort()), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: ADMIN, PARLEY_AGENT_TOKEN: AGENT, PARLEY_TRUST_PROXY: 'nginx', LOG_LEVEL: 'silent' };
      const { code, stderr } = await runMainToExit(env);
      expect(code).toBe(78);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^parley: PARLEY_TRUST_PROXY: "nginx" is not an address/)]);
    }, 60_000);
  });
});
