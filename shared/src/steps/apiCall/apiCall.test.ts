import { describe, expect, it } from 'vitest';
import { apiCall } from './apiCall';
import type { EffectRequest } from '../../engine';
import type { StepResult } from '../step';
import { chat, issues, said, step, type FlowSpec } from '../../testing/flows';

const lookup: FlowSpec = {
  nodes: {
    start: step('start', {}),
    order: step('ask', { prompt: 'Order number?', variable: 'order_id' }),
    api: step('apiCall', {
      url: 'https://shop.example.com/orders/{{order_id}}',
      headers: [{ name: 'Authorization', value: 'Bearer {{token}}', secret: true }],
      mappings: [{ path: 'status', variable: 'status' }],
    }),
    found: step('end', { message: 'Order {{order_id}} is {{status}}' }),
    failed: step('handoff', { subject: 'Order lookup failed', message: 'I could not look that up' }),
  },
  edges: ['start.next -> order', 'order.next -> api', 'api.success -> found', 'api.failure -> failed'],
  variables: [{ name: 'token', defaultValue: 't0k' }],
};

/** The runtime's HTTP call, faked: records what it was asked and answers with `result`. */
function fake(result: StepResult) {
  const requests: EffectRequest[] = [];
  return { requests, effect: (req: EffectRequest) => (requests.push(req), result) };
}

describe('apiCall step schema', () => {
  it('defaults to a GET with a 10s timeout', () => {
    expect(apiCall.schema.parse({ url: 'https://example.com' })).toEqual({
      method: 'GET',
      url: 'https://example.com',
      headers: [],
      body: '',
      timeoutMs: 10000,
      mappings: [],
    });
  });

  it('accepts a URL that is a template', () => {
    expect(apiCall.schema.safeParse({ url: '{{base_url}}/orders' }).success).toBe(true);
  });

  it.each([
    ['no URL', { url: ' ' }, 'url', 'Give the URL'],
    ['a non-http URL', { url: 'ftp://example.com' }, 'url', 'Use an http(s) URL'],
    ['a bad header name', { url: 'https://x.test', headers: [{ name: 'X Bad', value: '1' }] }, 'headers.0.name', 'Not a valid header name'],
    ['a mapping without a path', { url: 'https://x.test', mappings: [{ path: ' ', variable: 'v' }] }, 'mappings.0.path', 'Give a response path'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(apiCall.schema, data)).toContainEqual({ path, message });
  });

  it('rejects an unknown method and a timeout outside 100ms–30s', () => {
    expect(issues(apiCall.schema, { url: 'https://x.test', method: 'TRACE' }).map((i) => i.path)).toEqual(['method']);
    expect(issues(apiCall.schema, { url: 'https://x.test', timeoutMs: 50 }).map((i) => i.path)).toEqual(['timeoutMs']);
    expect(issues(apiCall.schema, { url: 'https://x.test', timeoutMs: 30001 }).map((i) => i.path)).toEqual(['timeoutMs']);
  });
});

describe('apiCall step', () => {
  it('has success and failure outlets, never waits, reads its templates and writes its mappings', () => {
    const data = apiCall.schema.parse(lookup.nodes.api!.data);
    expect(apiCall.outlets(data).map((o) => o.id)).toEqual(['success', 'failure']);
    expect(apiCall.waits(data, 'success')).toBe(false);
    expect(apiCall.reads(data)).toEqual(['order_id', 'token']);
    expect(apiCall.writes(data)).toEqual(['status']);
  });

  it('asks the runtime to make the call, with the step and the variables', () => {
    const f = fake({ outlet: 'failure' });
    const c = chat(lookup, { effect: f.effect });
    c.start();
    c.text('A-17');
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]!.node.id).toBe('api');
    expect(f.requests[0]!.vars).toMatchObject({ order_id: 'A-17', token: 't0k' });
  });

  it('on success, applies the mapped variables and leaves through success', () => {
    const c = chat(lookup, fake({ outlet: 'success', vars: { status: 'shipped' } }));
    c.start();
    const turn = c.text('A-17');
    expect(said(turn)).toEqual(['Order A-17 is shipped']);
    expect(turn.settled).toBe('end');
    expect(c.vars.status).toBe('shipped');
  });

  it('on failure, leaves through failure and keeps no variables', () => {
    const c = chat(lookup, fake({ outlet: 'failure', vars: { status: 'half-written' } }));
    c.start();
    const turn = c.text('A-17');
    expect(said(turn)).toEqual(['I could not look that up']);
    expect(turn.settled).toBe('handoff');
    expect(c.vars.status).toBeUndefined();
  });

  it('is treated as a failure when the caller resolves nothing', () => {
    const c = chat(lookup);
    c.start();
    expect(c.text('A-17').settled).toBe('handoff');
  });
});
