import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { type Response as ExpressResponse } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent } from '@parley/shared';
import { ADMIN, AGENT, Customer, call, repoRoot, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { appForFile } from '../testing/appForFile';
import { backoffBounds, DEFAULT_DISPATCHER_OPTIONS, Dispatcher, scheduleSpan } from '../outbox/dispatcher';
import { parseAllowHosts } from '../net/addressGuard';
import { createGuardedFetch } from '../net/guardedFetch';
import { silentLogger } from '../log';
import { webhookEvent } from './events';
import { USER_AGENT, webhookSender } from './sender';
import { verifyWebhook } from './signature';

type Verify = (secret: string, rawBody: Buffer | string, header: string | undefined, nowMs?: number) => boolean;

/**
 * The verification recipe exactly as the root README prints it (between its webhook-recipe markers), so a receiver
 * copying it gets the code these tests run. Its one import is handed in; `export` is dropped to evaluate it here.
 */
function readmeRecipe(): Verify {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- webhook-recipe:start -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-recipe:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no webhook recipe between its markers');
  const code = block.replace(/^import .*$/m, '').replace(/^export /m, '');
  // The README's own code, evaluated to prove it works as printed.
  return new Function('createHmac', 'timingSafeEqual', `${code}\nreturn verifyParleySignature;`)(createHmac, timingSafeEqual) as Verify;
}
const verifyParleySignature = readmeRecipe();

interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
  event: WebhookEvent;
}

/**
 * A receiver on loopback that checks every delivery as a careful integrator would (the README recipe over the raw
 * bytes, the headers agreeing with the body) and records what is wrong in `problems`. Each path `/hooks/:name` is one
 * endpoint: it answers the statuses queued in `answers[name]` (then 204), or holds the request open for `'hang'`.
 */
async function startReceiver(now: () => Date) {
  const received: Record<string, Received[]> = {};
  const answers: Record<string, (number | 'hang')[]> = {};
  const secrets: Record<string, string> = {};
  const problems: string[] = [];
  const held: ExpressResponse[] = [];
  const waiters: { name: string; resolve: () => void }[] = [];
  const api = express();
  api.post('/hooks/:name', express.raw({ type: () => true }), (req, res) => {
    const name = req.params.name;
    const raw = req.body as Buffer;
    const headers = req.headers;
    const problem = (text: string) => problems.push(`${name}: ${text}`);
    if (headers['content-type'] !== 'application/json') problem(`content-type ${headers['content-type']}`);
    if (headers['user-agent'] !== USER_AGENT) problem(`user-agent ${headers['user-agent']}`);
    const secret = secrets[name];
    if (!secret || !verifyParleySignature(secret, raw, headers['x-parley-signature'] as string | undefined, now().getTime())) problem('the signature does not verify');
    const event = JSON.parse(raw.toString('utf8')) as WebhookEvent;
    if (headers['x-parley-event-id'] !== event.id) problem('X-Parley-Event-Id differs from the body');
    if (headers['x-parley-event-type'] !== event.type) problem('X-Parley-Event-Type differs from the body');
    (received[name] ??= []).push({ raw, headers, event });
    for (const w of waiters.filter((x) => x.name === name)) w.resolve();
    const answer = answers[name]?.shift() ?? 204;
    if (answer === 'hang') return void held.push(res);
    res.status(answer).end();
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name: string) => `${origin}/hooks/${name}`,
    received,
    answers,
    secrets,
    problems,
    of: (name: string) => received[name] ?? [],
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Sends everything due now, tick after tick, until a tick finds nothing (bounded). */
async function drain(server: TestServer): Promise<void> {
  for (let i = 0; i < 50; i++) if ((await server.app.dispatcher.tick()) === 0) return;
  throw new Error('the deliveries queue did not drain');
}

describe('webhooks', () => {
  const app = appForFile();
  const api = (path: string) => `${app.server.url}/api${path}`;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver(() => app.server.clock.now);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  /** Registers `/hooks/<name>` for these events (as the admin, or with an integration's key); remembers its secret. */
  async function register(name: string, events: string[], token = ADMIN) {
    const reply = await call(api('/webhooks'), { token, body: { url: receiver.url(name), events } });
    expect(reply.status).toBe(201);
    expect(reply.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    receiver.secrets[name] = reply.body.secret;
    return reply.body.id as string;
  }

  it('retries a receiver that answers 500 twice; the third delivery arrives, signed as the README recipe checks', async () => {
    const id = await register('flaky', ['conversation.started']);
    receiver.answers.flaky = [500, 500];
    const { customer } = await Customer.start(app.server, 'order-support');
    const { dispatcher } = app.server.app;

    expect(await dispatcher.tick()).toBe(1);
    expect(receiver.of('flaky')).toHaveLength(1);
    // Not due again before the backoff: nothing is sent.
    expect(await dispatcher.tick()).toBe(0);
    app.server.clock.now = new Date(app.server.clock.now.getTime() + backoffBounds(1, dispatcher.options).max);
    expect(await dispatcher.tick()).toBe(1);
    app.server.clock.now = new Date(app.server.clock.now.getTime() + backoffBounds(2, dispatcher.options).max);
    expect(await dispatcher.tick()).toBe(1);
    const got = receiver.of('flaky');
    expect(got).toHaveLength(3);
    expect(receiver.problems).toStrictEqual([]);
    // One event, three attempts: the same id each time (receivers dedupe on it), a fresh signature each time.
    expect(new Set(got.map((g) => g.event.id)).size).toBe(1);
    expect(got[2]!.event).toMatchObject({ type: 'conversation.started', conversationId: customer.id, botId: 'order-support', data: { conversation: { id: customer.id, channel: 'web' } } });

    const last = got[2]!;
    const header = last.headers['x-parley-signature'] as string;
    const secret = receiver.secrets.flaky!;
    const now = app.server.clock.now.getTime();
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyParleySignature(secret, last.raw, header, now)).toBe(true);
    expect(verifyWebhook(secret, last.raw, header, app.server.clock.now)).toMatchObject({ ok: true });
    // A body changed by one byte, another secret, a replay 5 minutes and 1 second later: all refused.
    const tampered = Buffer.from(last.raw.toString('utf8').replace('conversation.started', 'conversation.startee'));
    expect(verifyParleySignature(secret, tampered, header, now)).toBe(false);
    expect(verifyWebhook(secret, tampered, header, app.server.clock.now)).toMatchObject({ ok: false });
    expect(verifyParleySignature(`${secret}x`, last.raw, header, now)).toBe(false);
    expect(verifyParleySignature(secret, last.raw, header, now + 301_000)).toBe(false);
    expect(verifyWebhook(secret, last.raw, header, new Date(now + 301_000))).toMatchObject({ ok: false, reason: expect.stringMatching(/too old/) });
    expect(verifyParleySignature(secret, last.raw, undefined, now)).toBe(false);

    // The endpoint's delivery log: status, attempts, the last response code and latency, every attempt.
    const log = await call(api(`/webhooks/${id}/deliveries`), { token: ADMIN });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(1);
    const delivery = log.body.deliveries[0];
    expect(delivery).toMatchObject({ eventId: got[0]!.event.id, type: 'conversation.started', status: 'delivered', attempts: 3, responseCode: 204, lastError: null, nextAttemptAt: null });
    expect(delivery.latencyMs).toEqual(expect.any(Number));
    expect(delivery.log.map((a: { status: number; ok: boolean }) => [a.status, a.ok])).toStrictEqual([
      [500, false],
      [500, false],
      [204, true],
    ]);
    await call(api(`/webhooks/${id}`), { method: 'DELETE', token: ADMIN });
  });

  it('redelivers a delivered event as a new delivery with the same event id, and revives a dead one', async () => {
    const id = await register('again', ['conversion.recorded']);
    const emit = (n: number) => app.server.app.ctx.events.emit(webhookEvent('conversion.recorded', { botId: 'order-support', data: { n } }, app.server.clock.now));
    await emit(1);
    await drain(app.server);
    const [delivered] = (await call(api(`/webhooks/${id}/deliveries`), { token: ADMIN })).body.deliveries;
    expect(delivered.status).toBe('delivered');

    const again = await call(api(`/webhooks/${id}/deliveries/${delivered.id}/redeliver`), { token: ADMIN, body: {} });
    expect(again.status).toBe(200);
    expect(again.body.delivery).toMatchObject({ eventId: delivered.eventId, status: 'pending', attempts: 0 });
    expect(again.body.delivery.id).not.toBe(delivered.id);
    // Pending: not redelivered again until it is done.
    expect((await call(api(`/webhooks/${id}/deliveries/${again.body.delivery.id}/redeliver`), { token: ADMIN, body: {} })).status).toBe(409);
    await drain(app.server);
    expect(receiver.of('again').map((r) => r.event.id)).toStrictEqual([delivered.eventId, delivered.eventId]);

    // 410 Gone: dead at once, not retried.
    receiver.answers.again = [410];
    await emit(2);
    await drain(app.server);
    const [dead] = (await call(api(`/webhooks/${id}/deliveries?limit=1`), { token: ADMIN })).body.deliveries;
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, responseCode: 410, lastError: expect.stringMatching(/410 Gone/) });
    const revived = await call(api(`/webhooks/${id}/deliveries/${dead.id}/redeliver`), { token: ADMIN, body: {} });
    expect(revived.body.delivery).toMatchObject({ id: dead.id, status: 'pending' });
    await drain(app.server);
    expect((await call(api(`/webhooks/${id}/deliveries?limit=1`), { token: ADMIN })).body.deliveries[0]).toMatchObject({ id: dead.id, status: 'delivered', attempts: 2, responseCode: 204 });
    expect(receiver.of('again')).toHaveLength(4);
    expect((await call(api(`/webhooks/${id}/deliveries?limit=10`), { token: ADMIN })).body.deliveries).toHaveLength(3);
    expect((await call(api(`/webhooks/${id}/deliveries/999999/redeliver`), { token: ADMIN, body: {} })).status).toBe(404);
    expect(receiver.problems).toStrictEqual([]);

    // Deleted since queued: dropped, not retried.
    await emit(3);
    expect((await call(api(`/webhooks/${id}`), { method: 'DELETE', token: ADMIN })).status).toBe(200);
    const queued = (await app.server.store.deliveries.list({ kind: 'webhook', target: id, limit: 1 }))[0]!;
    await drain(app.server);
    expect(await app.server.store.deliveries.get(queued.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringMatching(/was deleted/) });
    expect(receiver.of('again')).toHaveLength(4);

    const audit = (await call(api('/audit'), { token: ADMIN })).body.entries as { action: string; detail: Record<string, unknown> }[];
    const mine = audit.filter((e) => e.detail.webhookId === id).map((e) => e.action);
    expect(mine).toEqual(expect.arrayContaining(['webhook.created', 'webhook.redelivered', 'webhook.deleted']));
    expect(mine.filter((a) => a === 'webhook.redelivered')).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(receiver.secrets.again);
  });

  it('refuses URLs on private, loopback and link-local addresses, and stores nothing', async () => {
    const before = (await call(api('/webhooks'), { token: ADMIN })).body.webhooks.length;
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/hook', 'https://192.168.1.20/hook']) {
      const reply = await call(api('/webhooks'), { token: ADMIN, body: { url, events: ['message.created'] } });
      expect(reply.status, url).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'address_refused', message: expect.stringMatching(/^This URL cannot receive webhooks: .* is a (private|link-local|loopback) address/) });
    }
    expect((await call(api('/webhooks'), { token: ADMIN, body: { url: 'ftp://example.com/x', events: ['message.created'] } })).status).toBe(400);
    expect((await call(api('/webhooks'), { token: ADMIN })).body.webhooks).toHaveLength(before);
    // A changed URL is checked too.
    const id = await register('moving', ['message.created']);
    const moved = await call(api(`/webhooks/${id}`), { method: 'PATCH', token: ADMIN, body: { url: 'http://10.1.2.3/' } });
    expect(moved.status).toBe(400);
    expect((await call(api(`/webhooks/${id}`), { token: ADMIN })).body.webhook.url).toBe(receiver.url('moving'));
    await call(api(`/webhooks/${id}`), { method: 'DELETE', token: ADMIN });
  });

  it('refuses a name that resolves to loopback when the operator allows nothing (the DNS check)', async () => {
    const strict = await startServer({ origin: 'http://127.0.0.1:9', seed: false, deps: { allowHosts: parseAllowHosts('') } });
    try {
      const reply = await call(`${strict.url}/api/webhooks`, { token: ADMIN, body: { url: 'http://localhost:8080/hook', events: ['message.created'] } });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(/localhost \(.*\) is a loopback address/);
      expect(await strict.store.webhooks.list()).toStrictEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('lets an integration manage only the endpoints it registered', async () => {
    const integration = async (name: string, scopes: string[]) => {
      const reply = await call(api('/integrations'), { token: ADMIN, body: { name, scopes } });
      expect(reply.status).toBe(201);
      return reply.body as { integration: { id: string }; key: string };
    };
    const shop = await integration('Shop', ['webhooks']);
    const crm = await integration('CRM', ['webhooks', 'conversions']);
    const other = await integration('Stats', ['conversions']);

    const mine = await register('shop', ['ticket.created'], shop.key);
    const theirs = await register('crm', ['ticket.created'], crm.key);
    const listed = await call(api('/webhooks'), { token: shop.key });
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toStrictEqual([mine]);
    expect(listed.body.webhooks[0]).toMatchObject({ integrationId: shop.integration.id, createdBy: 'integration:Shop', disabledAt: null });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect((await call(api(`/webhooks/${mine}`), { token: shop.key })).status).toBe(200);
    // Another integration's endpoint is not there, whatever is tried.
    for (const [method, path] of [
      ['GET', `/webhooks/${theirs}`],
      ['PATCH', `/webhooks/${theirs}`],
      ['DELETE', `/webhooks/${theirs}`],
      ['GET', `/webhooks/${theirs}/deliveries`],
      ['POST', `/webhooks/${theirs}/deliveries/1/redeliver`],
    ] as const) {
      const reply = await call(api(path), { method, token: shop.key, ...(method === 'GET' || method === 'DELETE' ? {} : { body: method === 'PATCH' ? { disabled: true } : {} }) });
      expect(reply.status, `${method} ${path}`).toBe(404);
    }
    expect((await call(api(`/webhooks/${theirs}`), { token: crm.key })).body.webhook.disabledAt).toBeNull();
    // The admin sees every endpoint.
    const all = (await call(api('/webhooks'), { token: ADMIN })).body.webhooks.map((w: { id: string }) => w.id);
    expect(all).toEqual(expect.arrayContaining([mine, theirs]));
    // Disabling is the owner's: it takes the endpoint out of the events at once.
    const disabled = await call(api(`/webhooks/${mine}`), { method: 'PATCH', token: shop.key, body: { disabled: true, events: ['ticket.created', 'ticket.resolved'] } });
    expect(disabled.body.webhook).toMatchObject({ events: ['ticket.created', 'ticket.resolved'], disabledAt: expect.any(String) });
    expect((await app.server.store.webhooks.subscribedTo('ticket.created')).map((e) => e.id)).not.toContain(mine);

    expect((await call(api('/webhooks'), { token: other.key })).status).toBe(403);
    expect((await call(api('/webhooks'), { token: AGENT })).status).toBe(403);
    expect((await call(api(`/integrations/${shop.integration.id}`), { method: 'DELETE', token: ADMIN })).status).toBe(200);
    expect((await call(api('/webhooks'), { token: shop.key })).status).toBe(401);
    for (const id of [mine, theirs]) expect((await call(api(`/webhooks/${id}`), { method: 'DELETE', token: ADMIN })).status).toBe(200);
    expect((await call(api(`/webhooks/${mine}`), { token: ADMIN })).status).toBe(404);
  });

  it('sends a conversation as events: started, every message in order, the ticket created, updated and resolved, ended', async () => {
    const id = await register('all', [...WEBHOOK_EVENT_TYPES]);
    const { customer } = await Customer.start(app.server, 'order-support', { name: 'Ada', locale: 'en' });
    await customer.press('menu:agent');
    await customer.say('My parcel is late');
    await customer.say('Ada');
    await customer.say('ada@example.com');
    const tickets = (await call(api('/tickets'), { token: AGENT })).body.tickets as { id: number; conversationId: string }[];
    const ticketId = tickets.find((t) => t.conversationId === customer.id)!.id;
    expect((await call(api(`/tickets/${ticketId}`), { method: 'PATCH', token: AGENT, body: { priority: 'high' } })).status).toBe(200);
    expect((await call(api(`/tickets/${ticketId}/messages`), { token: AGENT, body: { text: 'On it' } })).status).toBe(201);
    expect((await call(api(`/tickets/${ticketId}/resolve`), { token: AGENT, body: {} })).status).toBe(200);
    await drain(app.server);
    expect(receiver.problems).toStrictEqual([]);

    // Queued order (the deliveries list, oldest first): what the receiver can rebuild from seq and createdAt.
    const log = (await call(api(`/webhooks/${id}/deliveries?limit=100`), { token: ADMIN })).body.deliveries as { eventId: string; type: string; status: string }[];
    expect(log.every((d) => d.status === 'delivered')).toBe(true);
    const byId = new Map(receiver.of('all').map((r) => [r.event.id, r.event]));
    const events = log.reverse().map((d) => byId.get(d.eventId)!);
    expect(events.every((e) => e.conversationId === customer.id)).toBe(true);
    expect(byId.size).toBe(receiver.of('all').length);

    const history = (await customer.history()).body.messages as { seq: number; author: string; payload: unknown }[];
    const messages = events.filter((e) => e.type === 'message.created').map((e) => e.data.message as { seq: number; author: string; payload: unknown });
    expect(messages.map((m) => m.seq)).toStrictEqual(history.map((m) => m.seq));
    expect(messages.map((m) => [m.author, m.payload])).toStrictEqual(history.map((m) => [m.author, m.payload]));

    const others = events.filter((e) => e.type !== 'message.created').map((e) => e.type);
    expect(others).toStrictEqual(['conversation.started', 'ticket.created', 'ticket.updated', 'ticket.resolved', 'conversation.ended']);
    const find = (type: string) => events.find((e) => e.type === type)!;
    expect(find('ticket.created').data.ticket).toMatchObject({ id: ticketId, conversationId: customer.id, fields: expect.objectContaining({ email: 'ada@example.com' }) });
    expect(find('ticket.updated').data).toMatchObject({ ticket: { id: ticketId, priority: 'high' }, changes: { priority: 'high' } });
    expect(find('ticket.resolved').data.ticket).toStrictEqual({ id: ticketId, conversationId: customer.id });
    expect(find('conversation.ended').data.conversation).toMatchObject({ id: customer.id, previousStatus: 'handoff' });
    // The started event comes before the first message's, and the ticket's after the message that opened it.
    const at = (type: string) => events.findIndex((e) => e.type === type);
    expect(at('conversation.started')).toBeLessThan(at('message.created'));
    await call(api(`/webhooks/${id}`), { method: 'DELETE', token: ADMIN });
  });

  it('retries for at least 15 minutes over at least 5 attempts, the first retry within 30 s (the app’s schedule)', () => {
    const options = app.server.app.dispatcher.options;
    expect(options).toStrictEqual(DEFAULT_DISPATCHER_OPTIONS);
    const span = scheduleSpan(options);
    expect(span.attempts).toBeGreaterThanOrEqual(5);
    expect(span.min).toBeGreaterThanOrEqual(15 * 60_000);
    expect(backoffBounds(1, options).max).toBeLessThanOrEqual(30_000);
  });
});

describe('a receiver that hangs', () => {
  it('does not hold up other deliveries: the one that answers is delivered in the same tick, the hanging one times out', async () => {
    const orders = await startOrderApi();
    const server = await startServer({ origin: orders.origin, seed: false });
    const receiver = await startReceiver(() => server.clock.now);
    try {
      const ids: Record<string, string> = {};
      for (const name of ['hangs', 'answers']) {
        const reply = await call(`${server.url}/api/webhooks`, { token: ADMIN, body: { url: receiver.url(name), events: ['conversion.recorded'] } });
        receiver.secrets[name] = reply.body.secret;
        ids[name] = reply.body.id;
      }
      receiver.answers.hangs = ['hang'];
      await server.app.ctx.events.emit(webhookEvent('conversion.recorded', { data: { value: 1 } }, server.clock.now));
      // The app's dispatcher with a short send timeout (the default is 15 s), sending through the same guarded fetch.
      const clock = () => server.clock.now;
      const dispatcher = new Dispatcher({ store: server.store.deliveries, clock, random: () => 0.5, log: silentLogger() }, { sendTimeoutMs: 300, leaseMs: 5_000 });
      dispatcher.register('webhook', webhookSender({ store: server.store, fetch: createGuardedFetch(parseAllowHosts('127.0.0.1')), clock }));

      expect(await dispatcher.tick()).toBe(2);
      const [hung] = await server.store.deliveries.list({ kind: 'webhook', target: ids.hangs!, limit: 1 });
      const [answered] = await server.store.deliveries.list({ kind: 'webhook', target: ids.answers!, limit: 1 });
      expect(answered).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(hung).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timed out after 300 ms' });
      expect(receiver.of('hangs')).toHaveLength(1);
      expect(receiver.of('answers')).toHaveLength(1);
      expect(receiver.problems).toStrictEqual([]);
    } finally {
      await receiver.close();
      await server.close();
      await orders.close();
    }
  });
});
