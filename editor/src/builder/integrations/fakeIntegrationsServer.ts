import {
  CreateIntegrationRequest,
  CreateWebhookRequest,
  IntegrationCreatedResponse,
  IntegrationResponse,
  IntegrationsResponse,
  UpdateWebhookRequest,
  WebhookCreatedResponse,
  WebhookDeliveriesResponse,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhooksResponse,
} from '@parley/shared';
import { mockFetch, type Call, type Reply } from '../../common/test/fetchMock';
import type { Integration, WebhookDelivery, WebhookEndpoint } from './integrationsApi';

export const KEY = 'prk_9f8e7d6c5b4a39281706f5e4d3c2b1a0abcd';
export const SECRET = 'whsec_5e4d3c2b1a0f9e8d7c6b5a4938271605';

export const integration = (id: string, name: string, extra: Partial<Integration> = {}): Integration => ({
  id,
  name,
  scopes: ['conversations:read'],
  keyHint: 'wxyz',
  createdAt: '2026-03-01T10:00:00.000Z',
  createdBy: 'user:1',
  revokedAt: null,
  lastUsedAt: null,
  ...extra,
});

export const endpoint = (id: string, url: string, extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id,
  url,
  events: ['message.created'],
  integrationId: null,
  createdAt: '2026-03-01T11:00:00.000Z',
  createdBy: 'user:1',
  disabledAt: null,
  ...extra,
});

export const delivery = (id: number, extra: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  eventId: `evt_${id}`,
  type: 'message.created',
  status: 'delivered',
  attempts: 1,
  createdAt: '2026-03-02T09:30:00.000Z',
  nextAttemptAt: null,
  deliveredAt: '2026-03-02T09:30:01.000Z',
  lastError: null,
  responseCode: 200,
  latencyMs: 87,
  log: [],
  ...extra,
});

interface Parsing {
  safeParse(value: unknown): { success: boolean; error?: { message: string } };
}

/**
 * The integration and webhook routes as the runtime answers them: bodies checked against the contract's request
 * schemas and answers against its response schemas (a mismatch is recorded in `problems`, which tests expect empty),
 * keys and secrets only in the answers that create them, 409 on revoking twice.
 */
export function fakeIntegrationsServer(seed: { integrations?: Integration[]; webhooks?: WebhookEndpoint[]; deliveries?: Record<string, WebhookDelivery[]> } = {}) {
  const problems: string[] = [];
  const state = {
    integrations: [...(seed.integrations ?? [])],
    webhooks: [...(seed.webhooks ?? [])],
    deliveries: { ...(seed.deliveries ?? {}) },
    /** Set to refuse the next webhook registration the way the route does. */
    refuseWebhook: null as Reply | null,
  };
  const check = (schema: Parsing, value: unknown, what: string) => {
    const result = schema.safeParse(value);
    if (!result.success) problems.push(`${what}: ${result.error?.message}`);
    return result.success;
  };
  const answer = (schema: Parsing, status: number, body: unknown, what: string): Reply => {
    check(schema, body, `answer to ${what}`);
    return [status, body];
  };
  const invalid = (message: string): Reply => [400, { error: { code: 'invalid_request', message: `Invalid body: ✖ ${message}`, details: [{ code: 'too_small', path: [], message }] } }];

  const calls = mockFetch((c: Call) => {
    const what = `${c.method} ${c.path}`;
    if (c.method !== 'GET' && c.headers['content-type'] !== undefined && c.headers['content-type'] !== 'application/json') problems.push(`${what}: not JSON`);
    if (c.path === '/api/integrations' && c.method === 'GET') return answer(IntegrationsResponse, 200, { integrations: state.integrations }, what);
    if (c.path === '/api/integrations' && c.method === 'POST') {
      if (!check(CreateIntegrationRequest, c.body, what)) return invalid('Choose at least one scope');
      const body = c.body as { name: string; scopes: Integration['scopes'] };
      const created = integration(`int_${state.integrations.length + 1}`, body.name, { scopes: body.scopes, keyHint: KEY.slice(-4), createdAt: '2026-03-03T10:00:00.000Z' });
      state.integrations.push(created);
      return answer(IntegrationCreatedResponse, 201, { integration: created, key: KEY }, what);
    }
    const revoke = /^\/api\/integrations\/([^/]+)$/.exec(c.path);
    if (revoke && c.method === 'DELETE') {
      const found = state.integrations.find((x) => x.id === revoke[1]);
      if (!found) return [404, { error: { code: 'not_found', message: 'Integration not found' } }];
      if (found.revokedAt) return [409, { error: { code: 'already_revoked', message: 'This integration is revoked already' } }];
      found.revokedAt = '2026-03-04T10:00:00.000Z';
      return answer(IntegrationResponse, 200, { integration: found }, what);
    }

    if (c.path === '/api/webhooks' && c.method === 'GET') return answer(WebhooksResponse, 200, { webhooks: state.webhooks }, what);
    if (c.path === '/api/webhooks' && c.method === 'POST') {
      if (!check(CreateWebhookRequest, c.body, what)) return invalid('Choose at least one event');
      if (state.refuseWebhook) return state.refuseWebhook;
      const body = c.body as { url: string; events: WebhookEndpoint['events'] };
      const created = endpoint(`wh_${state.webhooks.length + 1}`, body.url, { events: body.events, createdAt: '2026-03-03T11:00:00.000Z' });
      state.webhooks.push(created);
      return answer(WebhookCreatedResponse, 201, { webhook: created, id: created.id, secret: SECRET }, what);
    }
    const hook = /^\/api\/webhooks\/([^/]+)$/.exec(c.path);
    const found = hook && state.webhooks.find((w) => w.id === hook[1]);
    if (hook && !found) return [404, { error: { code: 'not_found', message: 'Webhook not found' } }];
    if (found && c.method === 'PATCH') {
      if (!check(UpdateWebhookRequest, c.body, what)) return invalid('Invalid input');
      const change = c.body as { disabled?: boolean };
      if (change.disabled !== undefined) found.disabledAt = change.disabled ? '2026-03-04T10:00:00.000Z' : null;
      return answer(WebhookResponse, 200, { webhook: found }, what);
    }
    if (found && c.method === 'DELETE') {
      state.webhooks = state.webhooks.filter((w) => w !== found);
      return answer(WebhookResponse, 200, { webhook: found }, what);
    }
    const list = /^\/api\/webhooks\/([^/]+)\/deliveries$/.exec(c.path);
    if (list && c.method === 'GET') return answer(WebhookDeliveriesResponse, 200, { deliveries: state.deliveries[list[1]!] ?? [] }, what);
    const again = /^\/api\/webhooks\/([^/]+)\/deliveries\/(\d+)\/redeliver$/.exec(c.path);
    if (again && c.method === 'POST') {
      if (c.body !== undefined) problems.push(`${what}: a redelivery has no body`);
      const rows = (state.deliveries[again[1]!] ??= []);
      const row = rows.find((d) => d.id === Number(again[2]));
      if (!row) return [404, { error: { code: 'not_found', message: `Endpoint ${again[1]} has no delivery ${again[2]}; it may have been delivered and pruned` } }];
      if (row.status === 'pending') return [409, { error: { code: 'pending', message: `Delivery ${row.id} is still being delivered` } }];
      // A dead delivery is revived; a delivered one is queued anew, newest first, with the same event.
      const sent = row.status === 'dead' ? Object.assign(row, { status: 'pending' as const, nextAttemptAt: '2026-03-04T10:00:00.000Z' }) : delivery(Math.max(...rows.map((d) => d.id)) + 1, { ...row, status: 'pending', attempts: 0, deliveredAt: null, nextAttemptAt: '2026-03-04T10:00:00.000Z', responseCode: null, latencyMs: null, log: [], createdAt: '2026-03-04T10:00:00.000Z' });
      if (sent !== row) rows.unshift(sent);
      return answer(WebhookDeliveryResponse, 200, { delivery: sent }, what);
    }
    return undefined;
  });
  return { calls, problems, state };
}
