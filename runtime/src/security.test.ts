import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, exportSPKI } from 'jose';
import { ADMIN, AGENT, call, Customer, startOrderApi, type TestServer } from './testing/harness';
import { openSse } from './testing/sse';
import { createApp } from './app';
import { openStore } from './store';
import { seed } from './seed/seed';
import { parseAllowHosts } from './net/addressGuard';
import { hashToken } from './http/auth';
import { silentLogger } from './log';
import { createIdentityVerifier } from './auth/identity';
import { issueSetupCode } from './auth/setupCode';
import { repoRoot } from './testing/harness';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Limits } from './context';

const SECRET = 'a-long-shared-secret-for-hs256-tests';
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;

let setupCode = '';

async function boot(origin: string, limits: Partial<Limits> = {}): Promise<TestServer> {
  const store = openStore(':memory:');
  setupCode = (await issueSetupCode(store))!;
  const now = new Date('2026-11-25T15:00:00Z');
  await seed(store, join(repoRoot, 'flows'), { origin, now: now.toISOString(), log: silentLogger() });
  const identity = await createIdentityVerifier({ secret: SECRET, publicKey: await exportSPKI(rsa.publicKey), audience: 'parley' });
  const app = createApp({
    store,
    clock: () => now,
    allowHosts: parseAllowHosts('127.0.0.1'),
    tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
    identity,
    staticDir: join(repoRoot, 'editor/dist'),
    limits: { loginPerMinute: 1e6, conversationsPerIpPerMinute: 1e6, messagesPerIpPerMinute: 1e6, messagesPerConversationPerMinute: 1e6, ...limits },
  });
  const server = await new Promise<import('node:http').Server>((ok) => {
    const s = app.app.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app,
    store,
    dbPath: ':memory:',
    clock: { now },
    close: async () => {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await store.close();
    },
  };
}

const jwt = (claims: Record<string, unknown>, opts: { exp?: string | number; aud?: string; key?: Uint8Array } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'cust-1'))
    .setAudience(opts.aud ?? 'parley')
    .setExpirationTime(opts.exp ?? '1h')
    .setIssuedAt()
    .sign(opts.key ?? new TextEncoder().encode(SECRET));

describe('security', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  const api = (p: string) => `${server.url}/api${p}`;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    orders = await startOrderApi();
    server = await boot(orders.origin);
  });
  afterAll(async () => {
    await server.close();
    await orders.close();
  });

  describe('accounts, sessions and tokens', () => {
    let adminCookie = '';
    let adminCsrf = '';

    it('creates the first admin on setup only with the printed setup code, only while there are no users, storing a scrypt hash', async () => {
      expect((await call(api('/auth/status'))).body.setupRequired).toBe(true);
      const account = { email: 'boss@example.com', name: 'Boss', password: 'correct horse battery' };
      const anonymous = await call(api('/auth/setup'), { body: account });
      expect(anonymous.status).toBe(403);
      expect(anonymous.body.error.code).toBe('setup_code');
      const guessed = await call(api('/auth/setup'), { body: { ...account, setupCode: 'AAAA-BBBB-CCCC' } });
      expect(guessed.status).toBe(403);
      // An agent's token proves nothing about owning the server.
      expect((await call(api('/auth/setup'), { token: AGENT, body: account })).status).toBe(403);
      expect(await server.store.users.count()).toBe(0);
      const setup = await fetch(api('/auth/setup'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, setupCode: ` ${setupCode.toLowerCase()} ` }) });
      expect(setup.status).toBe(201);
      const cookie = setup.headers.get('set-cookie')!;
      expect(cookie).toMatch(/parley_session=.+HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      // The code is spent, and the admin token does not open setup again either.
      const again = await call(api('/auth/setup'), { token: ADMIN, body: { email: 'x@example.com', name: 'X', password: 'another long one', setupCode } });
      expect(again.status).toBe(409);
      const stored = (await server.store.users.byEmail('boss@example.com'))!.passwordHash;
      expect(stored).toMatch(/^scrypt\$/);
      expect(stored).not.toContain('correct horse');
    });

    it('signs in with a session cookie; writes need the CSRF token', async () => {
      const bad = await call(api('/auth/login'), { body: { email: 'boss@example.com', password: 'wrong password' } });
      expect(bad.status).toBe(401);
      const login = await fetch(api('/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'BOSS@example.com', password: 'correct horse battery' }) });
      expect(login.status).toBe(200);
      adminCookie = login.headers.get('set-cookie')!.split(';')[0]!;
      adminCsrf = ((await login.json()) as { csrf: string }).csrf;
      expect((await call(api('/bots'), { headers: { cookie: adminCookie } })).status).toBe(200);
      const noCsrf = await call(api('/bots'), { headers: { cookie: adminCookie }, body: { name: 'Forged' } });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error.code).toBe('csrf');
      const withCsrf = await call(api('/bots'), { headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf }, body: { name: 'Real', id: 'real' } });
      expect(withCsrf.status).toBe(201);
      const me = await call(api('/auth/me'), { headers: { cookie: adminCookie } });
      expect(me.body).toMatchObject({ role: 'admin', via: 'session', csrf: adminCsrf });
    });

    it('issues API tokens that work until revoked, and audits it', async () => {
      const created = await call(api('/tokens'), { headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf }, body: { name: 'ci', role: 'agent' } });
      expect(created.status).toBe(201);
      const secret = created.body.secret as string;
      expect((await call(api('/tickets'), { token: secret })).status).toBe(200);
      expect((await call(api('/bots'), { token: secret })).status).toBe(403);
      expect((await call(api(`/tokens/${created.body.token.id}`), { method: 'DELETE', token: ADMIN })).status).toBe(204);
      expect((await call(api('/tickets'), { token: secret })).status).toBe(401);
      const audit = (await call(api('/audit'), { token: ADMIN })).body.entries.map((e: any) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['token.created', 'token.revoked', 'user.created', 'bot.created']));
    });

    it('keeps the last admin: demoting or disabling them is refused', async () => {
      const me = (await server.store.users.byEmail('boss@example.com'))!;
      const demote = await call(api(`/users/${me.id}`), { method: 'PATCH', token: ADMIN, body: { role: 'agent' } });
      expect(demote.status).toBe(409);
      expect(demote.body.error.code).toBe('last_admin');
      const second = await call(api('/users'), { token: ADMIN, body: { email: 'second@example.com', name: 'Second', password: 'another long password', role: 'admin' } });
      expect(second.status).toBe(201);
      const renamed = await call(api(`/users/${me.id}`), { method: 'PATCH', token: ADMIN, body: { name: 'Big Boss' } });
      expect(renamed.status).toBe(200);
      // A new name changes no rights, so the session stays.
      expect((await call(api('/bots'), { headers: { cookie: adminCookie } })).status).toBe(200);
      const audit = (await call(api('/audit'), { token: ADMIN })).body.entries.find((e: any) => e.action === 'user.updated');
      expect(audit.detail).toMatchObject({ email: 'boss@example.com', name: 'Big Boss' });
    });

    it('signs in again over a stale session cookie without a CSRF token', async () => {
      const login = await call(api('/auth/login'), { headers: { cookie: adminCookie }, body: { email: 'boss@example.com', password: 'correct horse battery' } });
      expect(login.status).toBe(200);
    });

    it('ends the session on sign-out', async () => {
      await call(api('/auth/logout'), { headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf }, body: {} });
      expect((await call(api('/bots'), { headers: { cookie: adminCookie } })).status).toBe(401);
    });
  });

  describe('the endpoints × roles matrix', () => {
    const matrix: { method: string; path: string; body?: unknown; admin: number; agent: number; none: number }[] = [
      { method: 'GET', path: '/bots', admin: 200, agent: 403, none: 401 },
      { method: 'POST', path: '/bots', body: { name: 'M' }, admin: 201, agent: 403, none: 401 },
      { method: 'GET', path: '/bots/order-support/flow', admin: 200, agent: 403, none: 401 },
      { method: 'PUT', path: '/bots/order-support/flow', body: { nodes: 1 }, admin: 400, agent: 403, none: 401 },
      { method: 'POST', path: '/bots/order-support/publish', body: {}, admin: 201, agent: 403, none: 401 },
      { method: 'GET', path: '/bots/order-support/versions', admin: 200, agent: 403, none: 401 },
      { method: 'POST', path: '/bots/order-support/preview', body: {}, admin: 201, agent: 403, none: 401 },
      { method: 'POST', path: '/articles/import', body: { articles: [] }, admin: 200, agent: 403, none: 401 },
      { method: 'GET', path: '/articles?query=x', admin: 200, agent: 403, none: 401 },
      { method: 'POST', path: '/tools/api-call', body: {}, admin: 400, agent: 403, none: 401 },
      { method: 'GET', path: '/users', admin: 200, agent: 403, none: 401 },
      { method: 'GET', path: '/tokens', admin: 200, agent: 403, none: 401 },
      { method: 'GET', path: '/audit', admin: 200, agent: 403, none: 401 },
      { method: 'GET', path: '/tickets', admin: 200, agent: 200, none: 401 },
      { method: 'GET', path: '/tickets/999999', admin: 404, agent: 404, none: 401 },
      { method: 'POST', path: '/tickets/999999/messages', body: { text: 'x' }, admin: 404, agent: 404, none: 401 },
      { method: 'POST', path: '/tickets/999999/resolve', body: {}, admin: 404, agent: 404, none: 401 },
      { method: 'GET', path: '/blocks', admin: 200, agent: 200, none: 401 },
      { method: 'PATCH', path: '/bots/no-such-bot', body: { name: 'x' }, admin: 404, agent: 403, none: 401 },
      { method: 'DELETE', path: '/bots/no-such-bot', admin: 404, agent: 403, none: 401 },
      { method: 'GET', path: '/bots/order-support/versions/1', admin: 200, agent: 403, none: 401 },
      { method: 'POST', path: '/users', body: {}, admin: 400, agent: 403, none: 401 },
      { method: 'PATCH', path: '/users/999999', body: { name: 'x' }, admin: 404, agent: 403, none: 401 },
      { method: 'DELETE', path: '/users/999999', admin: 404, agent: 403, none: 401 },
      { method: 'POST', path: '/tokens', body: {}, admin: 400, agent: 403, none: 401 },
      { method: 'DELETE', path: '/tokens/999999', admin: 404, agent: 403, none: 401 },
      { method: 'PATCH', path: '/tickets/999999', body: {}, admin: 404, agent: 404, none: 401 },
      { method: 'GET', path: '/tickets/999999/notes', admin: 404, agent: 404, none: 401 },
      { method: 'POST', path: '/tickets/999999/notes', body: { text: 'x' }, admin: 404, agent: 404, none: 401 },
      { method: 'GET', path: '/tickets/999999/stream', admin: 404, agent: 404, none: 401 },
      { method: 'GET', path: '/agent/stream', admin: 200, agent: 200, none: 401 },
      { method: 'POST', path: '/blocks', body: { kind: 'ip', value: '203.0.113.99' }, admin: 201, agent: 201, none: 401 },
      { method: 'DELETE', path: '/blocks/999999', admin: 404, agent: 404, none: 401 },
      { method: 'GET', path: '/auth/me', admin: 200, agent: 200, none: 401 },
      { method: 'GET', path: '/auth/status', admin: 200, agent: 200, none: 200 },
      { method: 'GET', path: '/widget/bots', admin: 200, agent: 200, none: 200 },
      { method: 'GET', path: '/widget/bots/order-support', admin: 200, agent: 200, none: 200 },
      { method: 'GET', path: '/health', admin: 200, agent: 200, none: 200 },
    ];

    it.each(matrix)('$method $path: admin $admin, agent $agent, anonymous $none', async (row) => {
      for (const [who, token] of [['admin', ADMIN], ['agent', AGENT], ['none', undefined]] as const) {
        if (row.path.endsWith('/stream')) {
          // An open stream never ends: the status line is the answer, then the connection is dropped.
          const abort = new AbortController();
          const res = await fetch(api(row.path), { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
          abort.abort();
          expect([who, res.status]).toEqual([who, row[who]]);
          continue;
        }
        const reply = await call(api(row.path), { method: row.method, token, ...(row.body === undefined ? {} : { body: row.body }) });
        expect([who, reply.status]).toEqual([who, row[who]]);
      }
    });

    it('treats a conversation token as no role at all', async () => {
      const { customer } = await Customer.start(server, 'order-support');
      expect((await call(api('/tickets'), { token: customer.token })).status).toBe(401);
      expect((await call(api('/bots'), { token: customer.token })).status).toBe(401);
    });

    it('never lets one visitor read or write another visitor\'s conversation', async () => {
      const { customer: a } = await Customer.start(server, 'order-support');
      const { customer: b } = await Customer.start(server, 'order-support');
      expect((await call(api(`/conversations/${a.id}/messages`), { token: b.token })).status).toBe(404);
      expect((await call(api(`/conversations/${a.id}/messages`), { token: b.token, body: { type: 'text', text: 'hi' } })).status).toBe(404);
      const stream = await fetch(api(`/conversations/${a.id}/stream?token=${b.token}`));
      expect(stream.status).toBe(404);
    });
  });

  describe('signed-in customers (JWT)', () => {
    it('marks a customer with a valid HS256 token as verified, and follows them to another device', async () => {
      const identity = await jwt({ sub: 'cust-42', name: 'Hana', email: 'hana@example.com' });
      const first = await call(api('/bots/order-support/conversations'), { body: { identity } });
      expect(first.status).toBe(201);
      const row = (await server.store.conversations.get(first.body.conversationId))!;
      expect(row).toMatchObject({ verified: 1, visitorId: 'user:cust-42' });
      expect(row.visitor.name).toBe('Hana');

      const otherDevice = await call(api('/bots/order-support/conversations/resume'), { body: { identity: await jwt({ sub: 'cust-42' }) } });
      expect(otherDevice.status).toBe(200);
      expect(otherDevice.body.conversationId).toBe(first.body.conversationId);
      expect(otherDevice.body.token).not.toBe(first.body.token);
      const both = new Customer(server, otherDevice.body.conversationId, otherDevice.body.token);
      expect((await both.press('menu:track')).status).toBe(200);
      expect((await call(api(`/conversations/${first.body.conversationId}/messages`), { token: first.body.token })).body.messages.length).toBe(4);
    });

    it('refuses an anonymous visitor who claims a verified customer\'s id', async () => {
      const reply = await call(api('/bots/order-support/conversations'), { body: { visitor: { id: 'user:cust-42' } } });
      expect(reply.status).toBe(400);
    });

    it('accepts RS256 from the configured public key', async () => {
      const identity = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject('rs-user').setAudience('parley').setExpirationTime('5m').sign(rsa.privateKey);
      expect((await call(api('/bots/order-support/conversations'), { body: { identity } })).status).toBe(201);
    });

    it.each([
      ['expired', () => jwt({ sub: 'x' }, { exp: Math.floor(new Date('2020-01-01').getTime() / 1000) })],
      ['for another audience', () => jwt({ sub: 'x' }, { aud: 'someone-else' })],
      ['signed with another secret', () => jwt({ sub: 'x' }, { key: new TextEncoder().encode('not-the-secret-not-the-secret') })],
      ['tampered', async () => {
        const [h, p, sig] = (await jwt({ sub: 'x' })).split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
        return [h, Buffer.from(JSON.stringify({ ...payload, sub: 'admin' })).toString('base64url'), sig].join('.');
      }],
      ['unsigned (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', aud: 'parley', exp: 4e9 })).toString('base64url')}.`],
    ])('refuses a token that is %s with 401, creating nothing', async (_name, make) => {
      const before = await server.store.conversations.count();
      const reply = await call(api('/bots/order-support/conversations'), { body: { identity: await make() } });
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('invalid_identity');
      expect(await server.store.conversations.count()).toBe(before);
    });
  });

  describe('abuse limits', () => {
    it('blocks a visitor: a polite refusal, and nothing reaches the bot or the agent', async () => {
      const { customer } = await Customer.start(server, 'order-support', { id: 'troll-1' });
      const blocked = await call(api('/blocks'), { token: AGENT, body: { conversationId: customer.id, by: 'visitor', reason: 'abuse' } });
      expect(blocked.status).toBe(201);
      const before = (await customer.history()).body.messages.length;
      const reply = await customer.say('spam spam');
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatchObject({ code: 'blocked', message: expect.stringMatching(/Sorry/) });
      expect((await customer.history()).body.messages).toHaveLength(before);
      expect((await call(api('/bots/order-support/conversations'), { body: { visitor: { id: 'troll-1' } } })).status).toBe(403);
      await call(api(`/blocks/${blocked.body.block.id}`), { method: 'DELETE', token: AGENT });
      expect((await customer.say('sorry')).status).toBe(200);
    });

    it('caps message text at 4,096 characters and bodies at 100 KB, changing nothing', async () => {
      const { customer } = await Customer.start(server, 'order-support');
      const long = await customer.say('x'.repeat(4097));
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/4096/);
      const huge = await call(api(`/conversations/${customer.id}/messages`), { token: customer.token, raw: JSON.stringify({ type: 'text', text: 'y'.repeat(120_000) }) });
      expect(huge.status).toBe(413);
      expect((await customer.history()).body.messages).toHaveLength(2);
    });

    it('caps the messages of a conversation (30,000 by default), changing nothing past the cap', async () => {
      const capped = await boot(orders.origin, { messagesPerConversation: 4 });
      try {
        const { customer } = await Customer.start(capped, 'order-support');
        // The greeting and the menu, then the customer's choice and the question it leads to: 4 messages.
        expect((await customer.press('menu:track')).status).toBe(200);
        const reply = await customer.say('one more');
        expect(reply.status).toBe(409);
        expect(reply.body.error.code).toBe('conversation_full');
        expect((await customer.history()).body.messages).toHaveLength(4);
      } finally {
        await capped.close();
      }
    });

    it('rate-limits conversation starts per address and messages per conversation, with Retry-After', async () => {
      const limited = await boot(orders.origin, { conversationsPerIpPerMinute: 3, messagesPerConversationPerMinute: 2 });
      try {
        const starts = [];
        for (let i = 0; i < 4; i++) starts.push(await call(`${limited.url}/api/bots/order-support/conversations`, { body: {} }));
        expect(starts.map((r) => r.status)).toEqual([201, 201, 201, 429]);
        expect(Number(starts[3]!.headers!.get('retry-after'))).toBeGreaterThan(0);
        const customer = new Customer(limited, starts[0]!.body.conversationId, starts[0]!.body.token);
        const sends = [await customer.press('menu:track'), await customer.say('10001'), await customer.say('hello')];
        expect(sends.map((r) => r.status)).toEqual([200, 200, 429]);
        expect(sends[2]!.body.error.code).toBe('rate_limited');
      } finally {
        await limited.close();
      }
    });
  });

  describe('live stream caps', () => {
    it('caps open streams per conversation and per address with 429, and frees a slot when a stream closes', async () => {
      const capped = await boot(orders.origin, { streamsPerConversation: 2, streamsPerAddress: 3 });
      try {
        const start = async () => (await Customer.start(capped, 'order-support')).customer;
        const [one, two] = [await start(), await start()];
        const url = (c: Customer) => `${capped.url}/api/conversations/${c.id}/stream?token=${c.token}`;
        const first = [await openSse(url(one)), await openSse(url(one))];
        const third = await openSse(url(one));
        expect(first.map((s) => s.status)).toEqual([200, 200]);
        expect(third.status).toBe(429);
        const refused = await fetch(url(one));
        expect(refused.headers.get('retry-after')).toBe('30');
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
        // Another conversation from the same address fills the address's third slot, then the address is full.
        const other = await openSse(url(two));
        expect(other.status).toBe(200);
        expect((await openSse(url(two))).status).toBe(429);
        expect((await fetch(`${capped.url}/api/agent/stream?token=${AGENT}`)).status).toBe(429);
        // Closing a stream gives its slot back.
        first[0]!.close();
        await expect.poll(() => capped.app.ctx.streams.open()).toBe(2);
        const again = await openSse(url(one));
        expect(again.status).toBe(200);
        for (const s of [first[1]!, other, again]) s.close();
      } finally {
        await capped.close();
      }
    });
  });

  describe('headers', () => {
    it('serves pages with a strict CSP and the widget script so any site can embed it', async () => {
      const page = await fetch(`${server.url}/agent`);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      const widget = await fetch(`${server.url}/widget.js`);
      expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(widget.headers.get('content-security-policy')).toBeNull();
      for (const res of [page, widget, await fetch(`${server.url}/api/health`)]) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
});
