import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiCall, type StepData, type Vars } from '@parley/shared';
import { parseAllowHosts, type AllowList } from '../net/addressGuard';
import { performApiCall, type HttpDeps } from './apiCall';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface MockServer {
  server: Server;
  base: string;
  port: number;
  hits: string[];
}

const timers = new Set<NodeJS.Timeout>();

async function listen(host: string, handler: Handler): Promise<MockServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, base: `http://${host}:${port}`, port, hits };
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

const ORDER = {
  order: { id: 'A-17', status: 'shipped', total: 42.5, paid: true, note: null, address: { city: 'Lyon' } },
  items: [{ name: 'Mug' }, { name: 'Tea', tags: ['green'] }],
};

const main: Handler = (req, res, body) => {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname.startsWith('/echo/') ? '/echo' : url.pathname) {
    case '/order':
      return json(res, 200, ORDER);
    case '/fail':
      return json(res, 500, { error: 'boom' });
    case '/not-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"order": ');
    case '/empty':
      res.writeHead(204);
      return res.end();
    case '/hang':
      // Never answers; the client's timeout must end it.
      return;
    case '/big': {
      // Chunked, with no content-length, so only counting the bytes read can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('["');
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 32; i += 1) res.write(chunk);
      return res.end('"]');
    }
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2_000_000) });
      return res.write('[');
    case '/drip': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('["');
      const drip = setInterval(() => res.write('x'), 20);
      timers.add(drip);
      res.on('close', () => clearInterval(drip));
      return;
    }
    case '/echo':
      return json(res, 200, { method: req.method, url: req.url, headers: req.headers, body });
    case '/redirect':
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
      return res.end();
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      return res.end();
    default:
      return json(res, 404, { error: 'not found' });
  }
};

let api: MockServer;
/** On another loopback address: reachable from here, so a request that got through would be counted. */
let other: MockServer;
/** Same address as `api`, another port. */
let otherPort: MockServer;
let loopback: AllowList;
let apiOnly: AllowList;
let fetched: string[];

beforeAll(async () => {
  api = await listen('127.0.0.1', main);
  other = await listen('127.0.0.2', main);
  otherPort = await listen('127.0.0.1', main);
  loopback = parseAllowHosts('127.0.0.1');
  apiOnly = parseAllowHosts(`127.0.0.1:${api.port}`);
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of [api, other, otherPort]) {
    s.server.closeAllConnections();
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
  }
});

beforeEach(() => {
  fetched = [];
});

/** The real fetch, with a record of every URL it was asked for. */
function deps(allow: AllowList, extra: Partial<HttpDeps> = {}): HttpDeps {
  const recording: typeof fetch = (input, init) => {
    fetched.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { fetch: recording, allow, ...extra };
}

function step(data: Partial<StepData<'apiCall'>>): StepData<'apiCall'> {
  return apiCall.schema.parse({ url: `${api.base}/order`, ...data });
}

const call = (data: Partial<StepData<'apiCall'>>, vars: Vars = {}, d: HttpDeps = deps(loopback)) => performApiCall(step(data), vars, d);

describe('performApiCall', () => {
  it('maps nested paths and array indexes into variables', async () => {
    const { result, trace } = await call({
      mappings: [
        { path: 'order.status', variable: 'status' },
        { path: '$.order.total', variable: 'total' },
        { path: 'order.paid', variable: 'paid' },
        { path: 'order.note', variable: 'note' },
        { path: 'items[1].name', variable: 'second' },
        { path: 'items[1].tags[0]', variable: 'tag' },
        { path: 'order.address', variable: 'address' },
      ],
    });
    expect(result).toEqual({
      outlet: 'success',
      vars: { status: 'shipped', total: 42.5, paid: true, note: null, second: 'Tea', tag: 'green', address: '{"city":"Lyon"}' },
    });
    expect(trace).toMatchObject({ ok: true, status: 200, url: `${api.base}/order`, response: ORDER });
    expect(trace.error).toBeUndefined();
  });

  it('fails when a mapped value is missing', async () => {
    const { result, trace } = await call({ mappings: [{ path: 'order.status', variable: 'status' }, { path: 'items[5].name', variable: 'fifth' }] });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace).toMatchObject({ ok: false, status: 200, error: expect.stringContaining('no value at items[5].name') });
  });

  it('fails on a non-2xx answer, keeping its JSON for the trace', async () => {
    const { result, trace } = await call({ url: `${api.base}/fail` });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace).toMatchObject({ ok: false, status: 500, error: expect.stringContaining('500'), response: { error: 'boom' } });
  });

  it('fails on invalid JSON', async () => {
    const { result, trace } = await call({ url: `${api.base}/not-json` });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace).toMatchObject({ ok: false, status: 200, error: expect.stringContaining('not valid JSON') });
  });

  it('takes an empty 2xx body as success when nothing is mapped, and as failure when something is', async () => {
    expect((await call({ url: `${api.base}/empty`, method: 'POST' })).result).toEqual({ outlet: 'success', vars: {} });
    expect((await call({ url: `${api.base}/empty`, mappings: [{ path: 'id', variable: 'id' }] })).result).toEqual({ outlet: 'failure' });
  });

  // These check which way the call ended (the timeout, not the server), never how fast: a loaded machine is slow.
  it('times out a server that never answers', async () => {
    const { result, trace } = await call({ url: `${api.base}/hang`, timeoutMs: 200 });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toMatch(/timed out after 200 ms/);
  });

  it('times out a body that keeps dripping', async () => {
    const { result, trace } = await call({ url: `${api.base}/drip`, timeoutMs: 200 });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace).toMatchObject({ status: 200, error: expect.stringMatching(/timed out/) });
  });

  it('times out a name lookup that never answers', async () => {
    const lookup = () => new Promise<never>(() => undefined);
    const { result, trace } = await call({ url: 'http://stuck.example/x', timeoutMs: 200 }, {}, deps(loopback, { lookup }));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toMatch(/timed out/);
    expect(fetched).toEqual([]);
  });

  it('fails on a body over maxBytes that declares no length', async () => {
    const { result, trace } = await performApiCall(step({ url: `${api.base}/big` }), {}, deps(loopback, { maxBytes: 1e6 }));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace).toMatchObject({ status: 200, error: expect.stringContaining('larger than 1000000 bytes') });
  });

  it('reads the same body when the cap allows it', async () => {
    const { result } = await performApiCall(step({ url: `${api.base}/big`, mappings: [{ path: '[0]', variable: 'x' }] }), {}, deps(loopback, { maxBytes: 3e6 }));
    expect(result.outlet).toBe('success');
    expect(String(result.vars?.x)).toHaveLength(32 * 64 * 1024);
  });

  it('fails at once on a declared length over maxBytes, without reading the body', async () => {
    const { result, trace } = await performApiCall(step({ url: `${api.base}/big-declared`, timeoutMs: 30_000 }), {}, deps(loopback, { maxBytes: 1e6 }));
    expect(result).toEqual({ outlet: 'failure' });
    // The size, not the (generous) timeout, ended it.
    expect(trace.error).toContain('larger than');
  });

  it('follows a redirect to an allowed address', async () => {
    const { result, trace } = await call({ url: `${api.base}/redirect?to=/order`, mappings: [{ path: 'order.id', variable: 'id' }] });
    expect(result).toEqual({ outlet: 'success', vars: { id: 'A-17' } });
    expect(trace.url).toBe(`${api.base}/order`);
  });

  it('refuses a redirect to the metadata address without contacting it', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const { result, trace } = await call({ url: `${api.base}/redirect?to=${to}` }, {}, deps(apiOnly));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('169.254.169.254 is a link-local address');
    expect(fetched).toEqual([`${api.base}/redirect?to=${to}`]);
  });

  it('refuses a redirect to another loopback address without contacting it', async () => {
    const before = other.hits.length;
    const to = encodeURIComponent(`${other.base}/order`);
    const { result, trace } = await call({ url: `${api.base}/redirect?to=${to}&status=307`, method: 'POST', body: '{}' }, {}, deps(apiOnly));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('127.0.0.2 is a loopback address');
    expect(other.hits.length).toBe(before);
    expect(fetched).toHaveLength(1);
  });

  it('refuses a redirect to a port the allow list does not name', async () => {
    const before = otherPort.hits.length;
    const { result } = await call({ url: `${api.base}/redirect?to=${encodeURIComponent(`${otherPort.base}/order`)}` }, {}, deps(apiOnly));
    expect(result).toEqual({ outlet: 'failure' });
    expect(otherPort.hits.length).toBe(before);
  });

  it('stops after maxRedirects', async () => {
    const before = api.hits.length;
    const { result, trace } = await performApiCall(step({ url: `${api.base}/loop` }), {}, deps(loopback, { maxRedirects: 2 }));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('more than 2 redirects');
    expect(api.hits.length - before).toBe(3);
  });

  it('turns a POST answered with 303 into a GET without the body', async () => {
    const { trace } = await call({ url: `${api.base}/redirect?status=303&to=/echo`, method: 'POST', body: '{"a":1}' });
    expect(trace.response).toMatchObject({ method: 'GET', body: '' });
    expect((trace.response as { headers: Record<string, string> }).headers['content-type']).toBeUndefined();
  });

  it('refuses loopback when it is not allowed, without contacting it', async () => {
    const before = api.hits.length;
    const { result, trace } = await call({}, {}, deps(parseAllowHosts(undefined)));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('127.0.0.1 is a loopback address');
    expect(api.hits.length).toBe(before);
    expect(fetched).toEqual([]);
  });

  it('refuses a name that resolves to a refused address', async () => {
    const lookup = async () => [{ address: '10.0.0.8', family: 4 }];
    const { result, trace } = await call({ url: 'http://orders.example/x' }, {}, deps(loopback, { lookup }));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('orders.example (10.0.0.8) is a private address');
    expect(fetched).toEqual([]);
  });

  it('refuses schemes other than http(s)', async () => {
    const { result, trace } = await performApiCall({ ...step({}), url: '{{u}}' }, { u: 'file:///etc/passwd' }, deps(loopback));
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toBeDefined();
    expect(fetched).toEqual([]);
  });

  it('escapes variables in the URL so they cannot add path segments or query parameters', async () => {
    const { trace } = await call({ url: `${api.base}/echo/{{id}}?q={{q}}` }, { id: '../admin', q: 'a?x=1&y=2' });
    expect((trace.response as { url: string }).url).toBe('/echo/..%2Fadmin?q=a%3Fx%3D1%26y%3D2');
  });

  it('refuses a variable that is exactly .. in the path', async () => {
    const { result, trace } = await call({ url: `${api.base}/echo/{{id}}/x` }, { id: '..' });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('path segment');
    expect(fetched).toEqual([]);
  });

  it('escapes variables in a POST body as JSON, and sends it as JSON', async () => {
    const { result, trace } = await call(
      { url: `${api.base}/echo`, method: 'POST', body: '{"name": "{{name}}", "n": 1}', mappings: [{ path: 'body', variable: 'sent' }] },
      { name: 'Tom "the cat" \\ O\'Neil\n' },
    );
    expect(result.outlet).toBe('success');
    expect(JSON.parse(String(result.vars?.sent))).toEqual({ name: 'Tom "the cat" \\ O\'Neil\n', n: 1 });
    expect(trace.response).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
  });

  it('sends no body on GET', async () => {
    const { trace } = await call({ url: `${api.base}/echo`, body: '{"a": 1}' });
    expect(trace.response).toMatchObject({ method: 'GET', body: '' });
  });

  it('strips line breaks from header values', async () => {
    const { result, trace } = await call(
      { url: `${api.base}/echo`, headers: [{ name: 'X-Customer', value: '{{name}}', secret: false }] },
      { name: 'Ann\r\nX-Injected: yes' },
    );
    expect(result.outlet).toBe('success');
    const headers = (trace.response as { headers: Record<string, string> }).headers;
    expect(headers['x-customer']).toBe('AnnX-Injected: yes');
    expect(headers['x-injected']).toBeUndefined();
  });

  it('sends secret headers but keeps their values out of the trace', async () => {
    const key = 'sk_live_0123456789abcdef';
    const { result, trace } = await call({
      url: `${api.base}/echo`,
      headers: [
        { name: 'Authorization', value: `Bearer ${key}`, secret: true },
        { name: 'X-Api-Key', value: key, secret: true },
      ],
      mappings: [{ path: 'headers.x-api-key', variable: 'echoed' }],
    });
    expect(result).toEqual({ outlet: 'success', vars: { echoed: key } });
    expect(JSON.stringify(trace)).not.toContain(key);
    expect(JSON.stringify(trace)).toContain('[secret]');
  });

  it('drops secret and credential headers on a redirect to another origin', async () => {
    const to = encodeURIComponent(`${other.base}/echo`);
    const { trace } = await call(
      {
        url: `${api.base}/redirect?to=${to}`,
        headers: [
          { name: 'Authorization', value: 'Bearer abcdefgh12345678', secret: false },
          { name: 'X-Api-Key', value: 'key-12345678', secret: true },
          { name: 'X-Trace', value: 'kept', secret: false },
        ],
      },
      {},
      deps(parseAllowHosts('127.0.0.1,127.0.0.2')),
    );
    const headers = (trace.response as { headers: Record<string, string> }).headers;
    expect(headers['x-trace']).toBe('kept');
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
  });

  it('keeps a header value that cannot be sent out of its error', async () => {
    const { result, trace } = await call({ headers: [{ name: 'X-Api-Key', value: 'key-☃-12345678', secret: true }] });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('X-Api-Key');
    expect(JSON.stringify(trace)).not.toContain('12345678');
  });

  it('fails on a network error with its code', async () => {
    const closed = await listen('127.0.0.1', main);
    const base = closed.base;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const { result, trace } = await call({ url: `${base}/order` });
    expect(result).toEqual({ outlet: 'failure' });
    expect(trace.error).toContain('ECONNREFUSED');
  });
});
