import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { join } from 'node:path';
import { ADMIN, AGENT, Customer, repoRoot, startOrderApi, startServer, type TestServer } from './testing/harness';
import { SCOPES } from '@parley/shared';
import { routeTable, type RouteEntry } from './testing/routeTable';
import { createRoutes } from './http/routes';

/**
 * Authorization by construction, checked from outside: every route the app really registers (read from Express's
 * router stack) must declare who may call it, and each is called as three callers — anonymous, a visitor holding a
 * conversation token, and an agent — in its own case and in mixed case.
 */
// Each walk makes hundreds of requests; on a loaded 2-core machine that takes far longer than the default 5 s.
describe('authorization over every registered route', { timeout: 180_000 }, () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let routes: RouteEntry[];
  let visitor: Customer;
  let other: Customer;

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, staticDir: join(repoRoot, 'editor/dist') });
    routes = routeTable(server.app.app);
    visitor = (await Customer.start(server, 'order-support')).customer;
    other = (await Customer.start(server, 'order-support')).customer;
  });
  afterAll(async () => {
    await server.close();
    await orders.close();
  });

  const concrete = (r: RouteEntry, conversationId: string) =>
    r.path
      .replace(':botId', 'order-support')
      .replace(':version', '1')
      .replace(':number', '10001')
      // Conversation routes take the visitor's own conversation; tickets, users, tokens and blocks an id nobody has,
      // so that an agent let in changes nothing.
      .replace(':id', r.access === 'visitor' ? conversationId : '999999');

  /** Sends one request and reads only the status and headers: an event stream is cut off once it answers. */
  const send = async (method: string, path: string, token: string | undefined, headers: Record<string, string> = {}) => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'GET' || method === 'DELETE' || method === 'OPTIONS' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' || method === 'DELETE' || method === 'OPTIONS' ? {} : { body: '{}' }),
      signal: abort.signal,
    });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('application/json') ? await res.json() : undefined;
    abort.abort();
    return { status: res.status, type, body, headers: res.headers };
  };

  const apiRoutes = () => routes.filter((r) => !r.pattern && r.method !== 'OPTIONS');

  it('finds every route, and each one declares its access', () => {
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    // The walk reaches the mounted routers, not just the app's own routes.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/users', 'POST /api/bots/:botId/publish', 'POST /api/tickets/:id/messages', 'GET /api/conversations/:id/stream']));
    console.info(`authorization walk: ${routes.length} routes (${apiRoutes().length} with string paths)`);
  });

  it('finds that every API route declares what it answers on success', () => {
    const success = (r: RouteEntry) => Object.keys(r.response ?? {}).some((status) => Number(status) >= 200 && Number(status) < 300);
    const undeclared = apiRoutes().filter((r) => r.path.startsWith('/api/') && !success(r)).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });

  it('reports a route defined without a declaration', () => {
    const app = express();
    const declared = createRoutes();
    declared.get('/api/fine', 'public', (_req, res) => void res.end());
    const plain = express.Router();
    plain.get('/api/forgot', (_req, res) => void res.end());
    app.use(declared.router);
    app.use('/mounted', plain);
    expect(routeTable(app).filter((r) => r.access === undefined).map((r) => r.path)).toEqual(['/mounted/api/forgot']);
  });

  it('answers each caller as the route declares, never with a server error', async () => {
    const failures: string[] = [];
    for (const r of apiRoutes()) {
      const path = concrete(r, visitor.id);
      const results = {
        anonymous: await send(r.method, path, undefined),
        visitor: await send(r.method, path, visitor.token),
        agent: await send(r.method, path, AGENT),
      };
      const expect401 = (who: keyof typeof results) => results[who].status !== 401 && failures.push(`${r.method} ${path} as ${who}: ${results[who].status}, expected 401`);
      for (const [who, res] of Object.entries(results)) if (res.status >= 500) failures.push(`${r.method} ${path} as ${who}: ${res.status}`);
      switch (r.access) {
        case 'admin':
          expect401('anonymous');
          expect401('visitor');
          if (results.agent.status !== 403) failures.push(`${r.method} ${path} as agent: ${results.agent.status}, expected 403`);
          break;
        case 'agent':
          expect401('anonymous');
          expect401('visitor');
          if ([401, 403].includes(results.agent.status)) failures.push(`${r.method} ${path} as agent: ${results.agent.status}, expected to be let in`);
          break;
        case 'visitor': {
          expect401('anonymous');
          if ([401, 403, 404].includes(results.visitor.status)) failures.push(`${r.method} ${path} as its visitor: ${results.visitor.status}, expected to be let in`);
          // Neither staff tokens nor another visitor's token open a conversation, and both get the same answer as an unknown id.
          if (results.agent.status !== 404) failures.push(`${r.method} ${path} as agent: ${results.agent.status}, expected 404`);
          const stranger = await send(r.method, path, other.token);
          if (stranger.status !== 404) failures.push(`${r.method} ${path} as another visitor: ${stranger.status}, expected 404`);
          break;
        }
        case 'public':
          break;
      }
    }
    expect(failures).toEqual([]);
  });

  it('opens to an integration key exactly the routes that declare one of its scopes; a revoked key gets 401 everywhere', async () => {
    const create = async (name: string, scopes: string[]) => {
      const res = await send('POST', '/api/integrations', ADMIN, {});
      expect(res.status).toBe(400);
      const made = await fetch(`${server.url}/api/integrations`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, scopes }) });
      expect(made.status).toBe(201);
      return ((await made.json()) as { key: string; integration: { id: string } });
    };
    const keys = new Map<string, string>();
    for (const scope of SCOPES) keys.set(scope, (await create(`only ${scope}`, [scope])).key);
    const revoked = await create('revoked', [...SCOPES]);
    expect((await send('DELETE', `/api/integrations/${revoked.integration.id}`, ADMIN)).status).toBe(200);

    const guarded = apiRoutes().filter((r) => r.access === 'agent' || r.access === 'admin');
    // Every scope opens at least one route, or it would be a scope that means nothing.
    expect(SCOPES.filter((scope) => !guarded.some((r) => r.scope === scope))).toEqual([]);
    const failures: string[] = [];
    for (const r of guarded) {
      const path = concrete(r, visitor.id);
      for (const [scope, key] of keys) {
        const res = await send(r.method, path, key);
        if (res.status >= 500) failures.push(`${r.method} ${path} with a ${scope} key: ${res.status}`);
        if (r.scope === scope ? [401, 403].includes(res.status) : res.status !== 403) failures.push(`${r.method} ${path} with a ${scope} key: ${res.status}, expected ${r.scope === scope ? 'to be let in' : '403'}`);
      }
      const gone = await send(r.method, path, revoked.key);
      if (gone.status !== 401) failures.push(`${r.method} ${path} with a revoked key: ${gone.status}, expected 401`);
    }
    expect(failures).toEqual([]);
    // Public and visitor routes: a key identifies no one there (a visitor route answers it as a wrong conversation token).
    for (const r of apiRoutes().filter((r) => r.access === 'visitor')) {
      const res = await send(r.method, concrete(r, visitor.id), keys.get('conversations:read'));
      if (res.status !== 404) failures.push(`${r.method} ${r.path} with a key: ${res.status}, expected 404`);
    }
    expect(failures).toEqual([]);
    // Every call a key made is in the audit log.
    const audit = await server.store.audit.list(100_000);
    expect(audit.filter((a) => a.action === 'integration.call').length).toBeGreaterThanOrEqual(guarded.length * SCOPES.length);
  });

  it('knows no route in mixed case or with a trailing slash: a JSON 404 for every caller', async () => {
    const failures: string[] = [];
    for (const r of apiRoutes().filter((r) => r.path.startsWith('/api/'))) {
      const path = concrete(r, visitor.id);
      const segments = path.split('/');
      // Upper-case one letter of the first segment after the prefix (/api/Users), and the prefix itself (/API/users).
      const variants = [segments.map((s, i) => (i === 2 ? s.charAt(0).toUpperCase() + s.slice(1) : s)).join('/'), path.replace(/^\/api/, '/API'), `${path}/`];
      for (const variant of variants) {
        for (const [who, token] of [['anonymous', undefined], ['visitor', visitor.token], ['agent', AGENT]] as const) {
          const res = await send(r.method, variant, token);
          if (res.status !== 404 || !res.type.includes('application/json')) failures.push(`${r.method} ${variant} as ${who}: ${res.status} ${res.type}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers other origins only on the widget\'s public endpoints', async () => {
    const crossOrigin = routes.filter((r) => r.cors).map((r) => `${r.method} ${r.path}`).sort();
    expect(crossOrigin).toEqual(
      [
        'GET /api/conversations/:id/messages',
        'GET /api/conversations/:id/stream',
        'GET /api/widget/bots',
        'GET /api/widget/bots/:botId',
        'OPTIONS /api/bots/:botId/conversations',
        'OPTIONS /api/bots/:botId/conversations/resume',
        'OPTIONS /api/bots/:botId/track',
        'OPTIONS /api/conversations/:id/messages',
        'OPTIONS /api/conversations/:id/stream',
        'OPTIONS /api/widget/bots',
        'OPTIONS /api/widget/bots/:botId',
        'POST /api/bots/:botId/conversations',
        'POST /api/bots/:botId/conversations/resume',
        'POST /api/bots/:botId/track',
        'POST /api/conversations/:id/messages',
      ].sort(),
    );
    const origin = { origin: 'https://elsewhere.example' };
    const failures: string[] = [];
    for (const r of apiRoutes()) {
      const path = concrete(r, visitor.id);
      const token = r.access === 'visitor' ? visitor.token : AGENT;
      const actual = await send(r.method, path, token, origin);
      const preflight = await send('OPTIONS', path, undefined, { ...origin, 'access-control-request-method': r.method });
      for (const [what, res] of [['request', actual], ['preflight', preflight]] as const) {
        const allowed = res.headers.get('access-control-allow-origin');
        if (r.cors ? allowed !== '*' : allowed !== null) failures.push(`${r.method} ${path} ${what}: access-control-allow-origin ${allowed}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
