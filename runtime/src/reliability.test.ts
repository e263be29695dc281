import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN, call, Customer, startServer, type TestServer } from './testing/harness';

// Long enough that the healthy lookup answers on a loaded machine; the faults that hang reach it every time.
const TIMEOUT_MS = 2000;

/** An order system that fails in every way a real one does. */
function faultyApi(): Promise<{ server: Server; origin: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const fault = req.url!.split('/').pop()!;
    hits.set(fault, (hits.get(fault) ?? 0) + 1);
    switch (fault) {
      case 'ok':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}');
      case 'timeout':
        return; // never answers
      case 'error':
        return void res.writeHead(500).end('{"error":"down"}');
      case 'invalid':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": shipped');
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 10 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        res.write('{"status":"');
        return pump();
      }
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(timer));
        return void res.write('{"status":');
      }
      case 'metadata':
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case 'loopback':
        return void res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/ok` }).end();
      default:
        return void res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

const node = (id: string, type: string, data: object = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (source: string, target: string, sourceHandle = 'next') => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });

async function publish(server: TestServer, id: string, nodes: object[], edges: object[]) {
  await call(`${server.url}/api/bots`, { token: ADMIN, body: { name: id, id } });
  const flow = { schemaVersion: 1, id, name: id, locale: 'en', variables: [{ name: 'log', defaultValue: '' }], nodes, edges };
  await call(`${server.url}/api/bots/${id}/flow`, { method: 'PUT', token: ADMIN, body: { flow } });
  const published = await call(`${server.url}/api/bots/${id}/publish`, { token: ADMIN, body: {} });
  expect(published.status).toBe(201);
}

describe('reliability', () => {
  let api: Awaited<ReturnType<typeof faultyApi>>;
  let server: TestServer;

  beforeAll(async () => {
    api = await faultyApi();
    server = await startServer({ origin: api.origin, seed: false });
    await publish(
      server,
      'echo',
      [node('s', 'start'), node('listen', 'options', { text: 'Say anything', options: [{ id: 'stop', label: 'Stop' }] }), node('note', 'setVariable', { variable: 'log', value: '{{log}}|{{last_message}}' }), node('e', 'end')],
      [edge('s', 'listen'), edge('listen', 'note', 'text'), edge('listen', 'e', 'stop'), edge('note', 'listen')],
    );
    await publish(
      server,
      'lookup',
      [
        node('s', 'start'),
        node('which', 'ask', { prompt: 'Which fault?', variable: 'fault' }),
        node('api', 'apiCall', { url: `${api.origin}/fault/{{fault}}`, timeoutMs: TIMEOUT_MS, mappings: [{ path: 'status', variable: 'status' }] }),
        node('ok', 'message', { text: 'Status: {{status}}' }),
        node('ko', 'message', { text: 'The lookup failed' }),
      ],
      [edge('s', 'which'), edge('which', 'api'), edge('api', 'ok', 'success'), edge('api', 'ko', 'failure'), edge('ok', 'which'), edge('ko', 'which')],
    );
  });
  afterAll(async () => {
    await server.close();
    api.server.closeAllConnections();
    await new Promise((ok) => api.server.close(ok));
  });

  it('stores 50 parallel messages on one conversation exactly once, in arrival order, and the state has seen every one', async () => {
    const { customer } = await Customer.start(server, 'echo');
    const sent = Array.from({ length: 50 }, (_, i) => `m${i}`);
    // Issued in order on separate connections; the server serializes them in the order they arrive.
    const replies = await Promise.all(sent.map((text) => customer.say(text)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const history = (await customer.history()).body.messages;
    const customerTexts = history.filter((m: any) => m.author === 'customer').map((m: any) => m.payload.text);
    expect([...customerTexts].sort()).toEqual([...sent].sort());
    expect(new Set(history.map((m: any) => m.seq)).size).toBe(history.length);
    const state = (await server.store.conversations.get(customer.id))!.state!;
    expect(state.context.vars.log).toBe(`|${customerTexts.join('|')}`);
    // Arrival order is the order replies were serialized in: each reply's seq grows with its position in the log.
    const seqOf = new Map(replies.map((r) => [r.body.messages[0].payload.text, r.body.messages[0].seq]));
    expect(customerTexts.map((t: string) => seqOf.get(t))).toEqual([...seqOf.values()].sort((a, b) => a - b));
  });

  it.each(['timeout', 'error', 'invalid', 'huge', 'drip', 'metadata', 'loopback'])(
    'takes the failure branch on %s, and the conversation goes on',
    async (fault) => {
      const { customer } = await Customer.start(server, 'lookup');
      const okHitsBefore = api.hits.get('ok') ?? 0;
      const reply = await customer.say(fault);
      expect(reply.status).toBe(200);
      expect(reply.body.messages.map((m: any) => m.payload.text)).toEqual([fault, 'The lookup failed', 'Which fault?']);
      // The redirect target (127.0.0.2, not allowed) is never contacted.
      if (fault === 'loopback') expect(api.hits.get('ok') ?? 0).toBe(okHitsBefore);
      const next = await customer.say('ok');
      expect(next.body.messages[1].payload.text).toBe('Status: shipped');
    },
  );
});
