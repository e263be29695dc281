import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { z } from 'zod';
import { createRoutes } from './routes';
import { EventStream } from './contract';
import { strictProblems } from './responseCheck';
import { declaredRoutes } from './routeStack';

const Thing = z.object({ id: z.number(), tags: z.array(z.object({ name: z.string() })) });
const Event = z.discriminatedUnion('event', [z.object({ event: z.literal('tick'), data: z.object({ n: z.number() }) })]);

/** A tiny app whose routes break their own contracts in each way a real route could drift. */
function contractApp() {
  const r = createRoutes();
  const thing = { access: 'public', response: { 200: Thing } } as const;
  r.get('/api/fits', thing, (_req, res) => void res.json({ id: 1, tags: [{ name: 'a' }] }));
  r.get('/api/extra-field', thing, (_req, res) => void res.json({ id: 1, tags: [], internal: 'leaked' }));
  r.get('/api/extra-nested-field', thing, (_req, res) => void res.json({ id: 1, tags: [{ name: 'a', secret: 's' }] }));
  r.get('/api/wrong-type', thing, (_req, res) => void res.json({ id: '1', tags: [] }));
  r.get('/api/undeclared-status', thing, (_req, res) => void res.status(201).json({ id: 1, tags: [] }));
  r.get('/api/error', thing, (_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such thing' } }));
  r.get('/api/bad-error', thing, (_req, res) => void res.status(400).json({ message: 'not an ApiError' }));
  r.get('/api/stream', { access: 'public', response: { 200: new EventStream(Event) } }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: tick\ndata: {"n":1}\n\n');
    res.write(`event: tick\ndata: ${JSON.stringify(req.query.extra === '1' ? { n: 2, extra: true } : { n: 2 })}\n\n`);
    res.end();
  });
  const app = express();
  app.use(r.router);
  return app;
}

describe('response contract check', () => {
  let server: Server;
  let url: string;
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    server = await new Promise<Server>((ok) => {
      const s = contractApp().listen(0, '127.0.0.1', () => ok(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    errors.mockRestore();
    await new Promise((ok) => server.close(ok));
  });
  afterEach(() => errors.mockClear());

  it('lets a body that fits its schema through unchanged', async () => {
    expect(await get('/api/fits')).toEqual({ status: 200, body: { id: 1, tags: [{ name: 'a' }] } });
    expect(errors).not.toHaveBeenCalled();
  });

  it('fails a route that returns a field its schema lacks, at any depth', async () => {
    const top = await get('/api/extra-field');
    expect(top.status).toBe(500);
    expect(top.body.error).toEqual({ code: 'response_contract', message: 'GET /api/extra-field answered 200 with a body its contract does not allow: internal: not in the schema' });
    const nested = await get('/api/extra-nested-field');
    expect(nested.status).toBe(500);
    expect(nested.body.error?.message).toContain('tags[0].secret: not in the schema');
    expect(errors).toHaveBeenCalledTimes(2);
  });

  it('fails a wrong type and a status the route does not declare', async () => {
    expect((await get('/api/wrong-type')).body.error?.message).toMatch(/^GET \/api\/wrong-type answered 200 .*id: Invalid input: expected number/);
    expect((await get('/api/undeclared-status')).body.error?.message).toContain('no response is declared for status 201');
  });

  it('holds every error status to the ApiError shape', async () => {
    expect(await get('/api/error')).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'No such thing' } } });
    const bad = await get('/api/bad-error');
    expect(bad.status).toBe(500);
    expect(bad.body.error?.message).toContain('answered 400');
  });

  it('checks each server-sent event, and cuts a stream that sends one its schema lacks', async () => {
    const good = await fetch(`${url}/api/stream`);
    expect(await good.text()).toBe('event: tick\ndata: {"n":1}\n\nevent: tick\ndata: {"n":2}\n\n');
    // Cut as soon as the bad event is written: the client sees the connection close, however far it had read.
    await expect(fetch(`${url}/api/stream?extra=1`).then((res) => res.text())).rejects.toThrow();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('GET /api/stream sent an event its contract does not allow (tick): data.extra: not in the schema'));
  });

  it('is not on the routes at all outside tests, so production pays nothing for it', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const app = contractApp();
      const fits = declaredRoutes(app).find((r) => r.path === '/api/fits');
      // The access guard and the handler: nothing between them.
      expect(fits?.handlers).toHaveLength(2);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('strictProblems', () => {
  it('sees unknown keys through unions and records, and none in values the schema leaves open', () => {
    const schema = z.object({
      payload: z.discriminatedUnion('type', [z.object({ type: z.literal('a'), a: z.string() }), z.object({ type: z.literal('b') })]),
      fields: z.record(z.string(), z.unknown()),
    });
    expect(strictProblems(schema, { payload: { type: 'a', a: 'x' }, fields: { anything: { nested: 1 } } })).toEqual([]);
    expect(strictProblems(schema, { payload: { type: 'b', a: 'x' }, fields: {} })).toEqual(['payload.a: not in the schema']);
  });
});
