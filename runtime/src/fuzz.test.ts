import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FlowDocument, validate, compile, hasErrors, runTurnSync } from '@parley/shared';
import { ADMIN, AGENT, call, Customer, startOrderApi, startServer, type TestServer } from './testing/harness';

/** Runs per property; raise with FUZZ_RUNS for a long soak (the security issue asks for 10,000). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const json = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ type: fc.constantFrom('text', 'postback', 'x'), text: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), payload: fc.string() }, { requiredKeys: [] }),
);

const kind = fc.constantFrom('start', 'message', 'options', 'ask', 'condition', 'setVariable', 'end', 'handoff', 'faq', 'businessHours', 'apiCall', 'articles', 'carousel');
const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'start');
const doc = fc.record({
  schemaVersion: fc.constant(1),
  id: fc.constant('fz'),
  name: fc.constant('Fuzz'),
  nodes: fc.array(fc.record({ id, type: kind, position: fc.constant({ x: 0, y: 0 }), data: fc.dictionary(fc.constantFrom('text', 'prompt', 'variable', 'options', 'rules', 'subject', 'answers', 'url'), fc.jsonValue({ maxDepth: 2 })) }), { maxLength: 8 }),
  edges: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.replace(/[^A-Za-z0-9]/g, 'x')), source: id, sourceHandle: fc.constantFrom('next', 'text', 'else', 'success', 'failure', 'open'), target: id }), { maxLength: 10 }),
});

describe('fuzzing', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let customer: Customer;

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    ({ customer } = await Customer.start(server, 'order-support'));
  });
  afterAll(async () => {
    await server.close();
    await orders.close();
  });

  it('answers random bodies on every public and authenticated endpoint with 2xx or a clear 4xx, never 500', async () => {
    const endpoints: { path: string; token?: string; method: string }[] = [
      { path: '/api/bots/order-support/conversations', method: 'POST' },
      { path: `/api/conversations/${customer.id}/messages`, token: customer.token, method: 'POST' },
      { path: '/api/bots', token: ADMIN, method: 'POST' },
      { path: '/api/bots/order-support/flow', token: ADMIN, method: 'PUT' },
      { path: '/api/articles/import', token: ADMIN, method: 'POST' },
      { path: '/api/bots/order-support/preview', token: ADMIN, method: 'POST' },
      { path: '/api/tools/api-call', token: ADMIN, method: 'POST' },
      { path: '/api/tickets/1/messages', token: AGENT, method: 'POST' },
      { path: '/api/tickets/1', token: AGENT, method: 'PATCH' },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), json, async (endpoint, body) => {
        const reply = await call(`${server.url}${endpoint.path}`, { method: endpoint.method, token: endpoint.token, raw: JSON.stringify(body) });
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400) expect(reply.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('answers random query strings and path segments without a 500', async () => {
    const paths = [
      (segment: string, query: string) => `/api/conversations/${encodeURIComponent(segment)}/messages?after=${encodeURIComponent(query)}`,
      (segment: string, query: string) => `/api/articles?query=${encodeURIComponent(query)}&limit=${encodeURIComponent(segment)}`,
      (_segment: string, query: string) => `/api/tickets?status=${encodeURIComponent(query)}`,
      (segment: string, query: string) => `/api/bots/${encodeURIComponent(segment)}/versions/${encodeURIComponent(query)}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (path, segment, query) => {
        const url = path(segment, query);
        const reply = await call(`${server.url}${url}`, { token: url.includes('tickets') ? AGENT : url.includes('conversations') ? customer.token : ADMIN });
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('validates, and compiles whatever validates, for random flow documents without throwing', () => {
    fc.assert(
      fc.property(doc, (raw) => {
        const parsed = FlowDocument.safeParse(raw);
        if (!parsed.success) return;
        const { diagnostics, flow } = validate(parsed.data);
        if (flow && !hasErrors(diagnostics)) runTurnSync(compile(flow), null, null, { now: new Date(0) });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('saves and publishes random flow documents over HTTP with 2xx or a clear 4xx, never 500', async () => {
    await call(`${server.url}/api/bots`, { token: ADMIN, body: { name: 'Fuzz', id: 'fz' } });
    await fc.assert(
      fc.asyncProperty(doc, async (raw) => {
        const saved = await call(`${server.url}/api/bots/fz/flow`, { method: 'PUT', token: ADMIN, body: { flow: raw, force: true } });
        expect(saved.status).toBeLessThan(500);
        const published = await call(`${server.url}/api/bots/fz/publish`, { token: ADMIN, body: {} });
        expect(published.status).toBeLessThan(500);
        if (published.status === 201) {
          const start = await call(`${server.url}/api/bots/fz/conversations`, { body: {} });
          expect(start.status).toBeLessThan(500);
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
