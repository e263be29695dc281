import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { ADMIN, Customer, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { createIdentityVerifier } from '../auth/identity';
import type { WebhookPayload } from '../webhooks/events';

const BOT = 'order-support';
const SECRET = 'conversions-test-secret-0123456789abcdef';
const DAY_MS = 86_400_000;

const jwt = (sub: string, email: string) =>
  new SignJWT({ email }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience('parley').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));

const track = (server: TestServer, body: unknown, botId = BOT) => call(`${server.url}/api/bots/${botId}/track`, { body });

/** The conversion.recorded events queued for webhooks, in the order the conversions were recorded. */
const recordedEvents = async (server: TestServer) =>
  (await server.store.deliveries.list({ kind: 'webhook', limit: 100 }))
    .map((d) => (d.payload as WebhookPayload).event)
    .filter((e) => e.type === 'conversion.recorded')
    .sort((a, b) => Number(a.data.conversionId) - Number(b.data.conversionId));

const createGoal = async (server: TestServer, body: Record<string, unknown>) => {
  const res = await call(`${server.url}/api/bots/${BOT}/goals`, { token: ADMIN, body });
  expect(res.status).toBe(201);
  return res.body.goal as { id: string; windowDays: number };
};

describe('conversion tracking', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, deps: { identity: (await createIdentityVerifier({ secret: SECRET, audience: 'parley' }))! } });
    // A listener for the event, registered directly: this test is about what is queued, not about sending it.
    await server.store.webhooks.create({
      id: 'wh_conversions',
      integrationId: null,
      url: 'http://127.0.0.1:9/hook',
      events: ['conversion.recorded'],
      secret: 'whsec-test',
      createdAt: server.clock.now.toISOString(),
      createdBy: 'admin',
      disabledAt: null,
    });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
  });

  it('attributes a widget conversion to the conversation its token opens, announces it, and leaves it unattributed after the window', async () => {
    const goal = await createGoal(server, { name: 'Purchase', event: 'purchase' });
    expect(goal.windowDays).toBe(7);
    const { customer } = await Customer.start(server, BOT, { id: 'device-ada' });

    const first = await track(server, { event: 'purchase', value: 42, currency: 'USD', conversationId: customer.id, token: customer.token });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ recorded: true, conversionId: expect.any(Number) });
    const [stored] = await server.store.conversions.list(BOT, 1);
    expect(stored).toMatchObject({ id: first.body.conversionId, goalId: goal.id, value: 42, currency: 'USD', conversationId: customer.id, visitorId: 'device-ada', source: 'conversation' });

    const events = await recordedEvents(server);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'conversion.recorded',
      botId: BOT,
      conversationId: customer.id,
      data: { conversionId: first.body.conversionId, goalId: goal.id, goalName: 'Purchase', event: 'purchase', value: 42, currency: 'USD', attributedConversationId: customer.id },
    });

    // On the widget's word alone (no token), the same visitor's conversation still earns it.
    const claimed = await track(server, { event: 'purchase', visitorId: 'device-ada' });
    expect(claimed.status).toBe(202);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: claimed.body.conversionId, conversationId: customer.id, source: 'visitor', value: null });

    // A wrong token is no proof: the conversion falls back to the visitor id, and a stranger's id earns nothing.
    const wrong = await track(server, { event: 'purchase', conversationId: customer.id, token: 'not-the-token', visitorId: 'device-eve' });
    expect(wrong.status).toBe(202);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: wrong.body.conversionId, conversationId: null, visitorId: 'device-eve', source: 'visitor' });

    server.clock.now = new Date(server.clock.now.getTime() + 8 * DAY_MS);
    const late = await track(server, { event: 'purchase', value: 5, conversationId: customer.id, token: customer.token });
    expect(late.status).toBe(202);
    expect(late.body.recorded).toBe(true);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: late.body.conversionId, conversationId: null, source: 'conversation' });
    const lateEvent = (await recordedEvents(server)).at(-1)!;
    expect(lateEvent).toMatchObject({ conversationId: null, data: { conversionId: late.body.conversionId, attributedConversationId: null } });

    // A new conversation of the same visitor earns the next one.
    const { customer: again } = await Customer.start(server, BOT, { id: 'device-ada' });
    const next = await track(server, { event: 'purchase', visitorId: 'device-ada' });
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: next.body.conversionId, conversationId: again.id });
  });

  it('records server-side conversions with a conversions key, attributed to the verified customer by external id or email', async () => {
    const created = await call(`${server.url}/api/integrations`, { token: ADMIN, body: { name: 'Shop backend', scopes: ['conversions'] } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const started = await call(`${server.url}/api/bots/${BOT}/conversations`, { body: { visitor: {}, identity: await jwt('cust-42', 'grace@example.com') } });
    expect(started.status).toBe(201);
    const conversationId = started.body.conversationId as string;

    const byId = await call(`${server.url}/api/conversions`, { token: key, body: { botId: BOT, event: 'purchase', value: 99.5, currency: 'EUR', customer: { externalId: 'cust-42' } } });
    expect(byId.status).toBe(202);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: byId.body.conversionId, conversationId, visitorId: 'user:cust-42', source: 'server', value: 99.5 });
    expect((await recordedEvents(server)).at(-1)).toMatchObject({ conversationId, data: { attributedConversationId: conversationId, value: 99.5, currency: 'EUR' } });

    const byEmail = await call(`${server.url}/api/conversions`, { token: key, body: { botId: BOT, event: 'purchase', customer: { email: ' Grace@Example.com ' } } });
    expect(byEmail.status).toBe(202);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: byEmail.body.conversionId, conversationId });

    const stranger = await call(`${server.url}/api/conversions`, { token: key, body: { botId: BOT, event: 'purchase', customer: { externalId: 'nobody' } } });
    expect(stranger.body.recorded).toBe(true);
    expect((await server.store.conversions.list(BOT, 1))[0]).toMatchObject({ id: stranger.body.conversionId, conversationId: null });

    // The key's calls are audited; a key without the scope is refused.
    expect((await server.store.audit.list(1000)).some((a) => a.action === 'integration.call' && a.actor === 'integration:Shop backend')).toBe(true);
    const other = await call(`${server.url}/api/integrations`, { token: ADMIN, body: { name: 'Reader', scopes: ['conversations:read'] } });
    const refused = await call(`${server.url}/api/conversions`, { token: other.body.key, body: { botId: BOT, event: 'purchase', customer: { externalId: 'cust-42' } } });
    expect(refused.status).toBe(403);
    const badEmail = await call(`${server.url}/api/conversions`, { token: key, body: { botId: BOT, event: 'purchase', customer: { email: 'not an address' } } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.message).toMatch(/email is not an email address/);
    const nobody = await call(`${server.url}/api/conversions`, { token: key, body: { botId: BOT, event: 'purchase', customer: {} } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toMatch(/Name the customer by externalId, email or visitorId/);
  });

  it('stores nothing for an event no goal counts, and refuses bad bodies with readable messages', async () => {
    const before = (await server.store.conversions.list(BOT, 1000)).length;
    const eventsBefore = (await recordedEvents(server)).length;
    const unknown = await track(server, { event: 'newsletter_signup', visitorId: 'device-ada' });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ recorded: false });
    expect(await server.store.conversions.list(BOT, 1000)).toHaveLength(before);
    expect(await recordedEvents(server)).toHaveLength(eventsBefore);

    const bad: [unknown, RegExp][] = [
      [{}, /event/i],
      [{ event: '' }, /The event name is empty/],
      [{ event: 'has spaces' }, /letters, digits and _ \. : -/],
      [{ event: 'x'.repeat(65) }, /longer than 64 characters/],
      [{ event: 'purchase', value: -1 }, /cannot be negative/],
      [{ event: 'purchase', value: 2e9 }, /larger than 1,000,000,000/],
      [{ event: 'purchase', value: '42' }, /The value is a number/],
      [{ event: 'purchase', currency: 'usd' }, /ISO 4217/],
      [{ event: 'purchase', token: 'abc' }, /A token needs the conversationId/],
      [{ event: 'purchase', price: 3 }, /price/],
      [{ event: 'purchase', visitorId: 'user:admin' }, /reserved for verified customers/],
      [{ event: 'purchase', visitorId: 'telegram:123' }, /reserved for that channel/],
    ];
    for (const [body, message] of bad) {
      const res = await track(server, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    const raw = await call(`${server.url}/api/bots/${BOT}/track`, { raw: '{"event":' });
    expect(raw.status).toBe(400);
    expect(raw.body.error.code).toBe('invalid_json');
    expect((await track(server, { event: 'purchase' }, 'no-such-bot')).status).toBe(404);
    expect(await server.store.conversions.list(BOT, 1000)).toHaveLength(before);
  });

  it('answers the widget from other sites', async () => {
    const res = await call(`${server.url}/api/bots/${BOT}/track`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers?.get('access-control-allow-origin')).toBe('*');
  });
});

describe('the tracking rate limit', () => {
  it('answers 429 past the per-address limit', async () => {
    const orders = await startOrderApi();
    const server = await startServer({ origin: orders.origin, limits: { messagesPerIpPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await track(server, { event: 'purchase' })).status).toBe(202);
      const limited = await track(server, { event: 'purchase' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThan(0);
      // A new minute, a new budget.
      server.clock.now = new Date(server.clock.now.getTime() + 60_000);
      expect((await track(server, { event: 'purchase' })).status).toBe(202);
    } finally {
      await server.close();
      await orders.close();
    }
  });
});

describe('goals and their figures', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  const goalsUrl = () => `${server.url}/api/bots/${BOT}/goals`;
  /** Goals list in the order they were made; a second apart, as an admin makes them. */
  const tick = () => (server.clock.now = new Date(server.clock.now.getTime() + 1000));

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, now: new Date('2026-11-25T23:30:00Z') });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
  });

  it('creates, lists, changes and deletes goals, refusing a second goal for one event', async () => {
    const invalid = await call(goalsUrl(), { token: ADMIN, body: { name: ' ', event: 'lead', windowDays: 0 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/Give the goal a name/);
    expect(invalid.body.error.message).toMatch(/at least 1 day/);
    const lead = await createGoal(server, { name: 'Lead', event: 'lead', windowDays: 30 });
    const dup = await call(goalsUrl(), { token: ADMIN, body: { name: 'Lead again', event: 'lead' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('Another goal of this bot counts the event "lead" already');
    tick();
    const trial = await createGoal(server, { name: 'Trial', event: 'trial' });
    expect((await call(`${goalsUrl()}/${trial.id}`, { method: 'PATCH', token: ADMIN, body: { event: 'lead' } })).status).toBe(409);
    const patched = await call(`${goalsUrl()}/${trial.id}`, { method: 'PATCH', token: ADMIN, body: { name: 'Free trial', windowDays: 14 } });
    expect(patched.status).toBe(200);
    expect(patched.body.goal).toMatchObject({ id: trial.id, name: 'Free trial', event: 'trial', windowDays: 14 });
    const list = await call(goalsUrl(), { token: ADMIN });
    expect(list.body.goals.map((g: { id: string }) => g.id)).toEqual([lead.id, trial.id]);
    expect((await call(`${goalsUrl()}/${trial.id}`, { method: 'DELETE', token: ADMIN })).status).toBe(200);
    expect((await call(`${goalsUrl()}/${trial.id}`, { method: 'DELETE', token: ADMIN })).status).toBe(404);
    expect((await call(`${goalsUrl()}/nope`, { method: 'PATCH', token: ADMIN, body: { name: 'x' } })).status).toBe(404);
    expect((await call(`${server.url}/api/bots/no-such-bot/goals`, { token: ADMIN })).status).toBe(404);
    expect((await call(goalsUrl(), { token: ADMIN, method: 'DELETE' })).status).toBe(404);
    await call(`${goalsUrl()}/${lead.id}`, { method: 'DELETE', token: ADMIN });
  });

  it('sums count and value per goal and per UTC day', async () => {
    const purchase = await createGoal(server, { name: 'Purchase', event: 'purchase' });
    tick();
    const signup = await createGoal(server, { name: 'Signup', event: 'signup' });
    const { customer } = await Customer.start(server, BOT, { id: 'device-figures' });
    const withToken = { conversationId: customer.id, token: customer.token };
    await track(server, { event: 'purchase', value: 10, ...withToken });
    await track(server, { event: 'purchase', value: 32.5, visitorId: 'device-unknown' });
    await track(server, { event: 'signup', ...withToken });
    // 23:30 + 1 hour is the next UTC day.
    server.clock.now = new Date(server.clock.now.getTime() + 3_600_000);
    await track(server, { event: 'purchase', value: 5, ...withToken });

    const figures = await call(`${server.url}/api/bots/${BOT}/conversions?from=2026-11-25&to=2026-11-26`, { token: ADMIN });
    expect(figures.status).toBe(200);
    expect(figures.body).toEqual({
      from: '2026-11-25',
      to: '2026-11-26',
      goals: [
        { goalId: purchase.id, name: 'Purchase', event: 'purchase', count: 3, value: 47.5, attributed: 2 },
        { goalId: signup.id, name: 'Signup', event: 'signup', count: 1, value: 0, attributed: 1 },
      ],
      days: [
        { day: '2026-11-25', goalId: purchase.id, count: 2, value: 42.5, attributed: 1 },
        { day: '2026-11-25', goalId: signup.id, count: 1, value: 0, attributed: 1 },
        { day: '2026-11-26', goalId: purchase.id, count: 1, value: 5, attributed: 1 },
      ].sort((a, b) => a.day.localeCompare(b.day) || a.goalId.localeCompare(b.goalId)),
    });
    // The default period is the last 30 days up to today; one day alone holds only its own figures.
    const recent = await call(`${server.url}/api/bots/${BOT}/conversions`, { token: ADMIN });
    expect(recent.body).toMatchObject({ from: '2026-10-28', to: '2026-11-26' });
    expect(recent.body.goals[0]).toMatchObject({ count: 3, value: 47.5 });
    const oneDay = await call(`${server.url}/api/bots/${BOT}/conversions?from=2026-11-26&to=2026-11-26`, { token: ADMIN });
    expect(oneDay.body.goals.map((g: { count: number }) => g.count)).toEqual([1, 0]);

    for (const [query, message] of [
      ['from=2026-11-27&to=2026-11-26', /from is after to/],
      ['from=2026-02-30', /not a day of the calendar/],
      ['from=yesterday', /YYYY-MM-DD/],
      ['from=2024-01-01&to=2026-11-26', /at most 366 days/],
    ] as const) {
      const res = await call(`${server.url}/api/bots/${BOT}/conversions?${query}`, { token: ADMIN });
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(message);
    }
  });
});
