import { describe, expect, it } from 'vitest';
import { ADMIN, call, Customer, texts, type Reply } from '../testing/harness';
import { appForFile } from '../testing/appForFile';

/**
 * Analytics end to end: scripted conversations through the seeded order-support bot, then the report, the step
 * figures (and their conservation), abandonment and automated resolution as the clock moves, unmatched questions and
 * the phrase that fixes one, and the conversations list, CSV and path.
 */
describe('bot analytics', () => {
  const app = appForFile();
  const T0 = new Date('2026-11-25T15:00:00Z');
  const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
  const admin = (path: string, init: { body?: unknown; method?: string } = {}) => call(`${app.server.url}${path}`, { token: ADMIN, ...init });
  const report = async (query = '') => {
    const r = await admin(`/api/bots/order-support/analytics${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const ok = (r: Reply) => {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  };
  const ids: Record<string, string> = {};

  /** visits = sum(outlets) + dropOff + waiting, for every step, and nothing negative. */
  const expectConserved = (steps: Record<string, { visits: number; dropOff: number; outlets: Record<string, number>; waiting: number }>) => {
    for (const [nodeId, s] of Object.entries(steps)) {
      const out = Object.values(s.outlets).reduce((a, b) => a + b, 0);
      expect({ nodeId, visits: s.visits }).toEqual({ nodeId, visits: out + s.dropOff + s.waiting });
      expect(s.dropOff).toBeGreaterThanOrEqual(0);
    }
  };

  it('records scripted conversations: totals, rates, FAQ results, article feedback, CSAT and step figures', async () => {
    app.server.clock.now = T0;
    // A: a FAQ answer that helped, then "no, nothing else", then "yes, resolved".
    const a = (await Customer.start(app.server, 'order-support', { id: 'v-a' })).customer;
    ids.a = a.id;
    await a.press('menu:question', 'Ask a question');
    expect(texts(await a.say('How long does shipping take?')).join(' ')).toMatch(/We ship within/);
    ok(await a.press('faq-helped:yes'));
    ok(await a.press('anything-else:no'));
    expect((await a.press('done:yes')).body.status).toBe('ended');

    // B: no FAQ match and no article: on to an agent's details, then silence.
    const b = (await Customer.start(app.server, 'order-support', { id: 'v-b' })).customer;
    await b.press('menu:question');
    expect((await b.say('xqzv blorf')).body.nodeId).toBe('ask-name');

    // C: no FAQ match, an article that helped, then "no" to "resolved?".
    const c = (await Customer.start(app.server, 'order-support', { id: 'v-c' })).customer;
    await c.press('menu:question');
    expect((await c.say('password')).body.nodeId).toBe('help-articles');
    expect((await c.press('help-articles:yes')).body.nodeId).toBe('done');
    expect((await c.press('done:no')).body.status).toBe('ended');

    // D: straight to a person (business hours are open at T0).
    const d = (await Customer.start(app.server, 'order-support', { id: 'v-d' })).customer;
    ids.d = d.id;
    await d.press('menu:agent');
    await d.say('My parcel arrived broken');
    await d.say('Ada');
    expect((await d.say('ada@example.com')).body.status).toBe('handoff');

    // E: an article that did not help: on to an agent's details, then silence.
    const e = (await Customer.start(app.server, 'order-support', { id: 'v-e' })).customer;
    await e.press('menu:question');
    expect((await e.say('Password?')).body.nodeId).toBe('help-articles');
    expect((await e.press('help-articles:no')).body.nodeId).toBe('ask-name');

    // F: an order lookup, ended by the bot; the same visitor comes back an hour later (G).
    const f = (await Customer.start(app.server, 'order-support', { id: 'v-f' })).customer;
    ids.f = f.id;
    await f.press('menu:track');
    expect((await f.say('10001')).body.nodeId).toBe('anything-else');
    await f.press('anything-else:no');
    expect((await f.press('done:yes')).body.status).toBe('ended');

    const r = await report();
    expect(r.totals).toEqual({
      started: 6,
      ended: 3,
      automatedResolutions: 0,
      handoffs: 1,
      abandoned: 0,
      faqQuestions: 4,
      faqAnswered: 1,
      faqSuggested: 0,
      faqNoMatch: 3,
      articleHelped: 1,
      articleNotHelped: 1,
      csatResponses: 3,
      csatPositive: 2,
    });
    expect(r.rates.handoff).toBeCloseTo(1 / 6);
    expect(r.rates.faqAnswer).toBeCloseTo(1 / 4);
    expect(r.rates.articleHelpfulness).toBeCloseTo(1 / 2);
    expect(r.series.find((p: { day: string }) => p.day === '2026-11-25')).toEqual({ day: '2026-11-25', started: 6, handoffs: 1, automatedResolutions: 0, abandoned: 0 });

    expect(r.steps.menu).toEqual({ visits: 6, dropOff: 0, waiting: 0, outlets: { question: 4, agent: 1, track: 1 } });
    expect(r.steps.faq).toEqual({ visits: 4, dropOff: 0, waiting: 0, outlets: { shipping: 1, noMatch: 3 } });
    expect(r.steps['help-articles']).toEqual({ visits: 3, dropOff: 0, waiting: 0, outlets: { none: 1, resolved: 1, notResolved: 1 } });
    expect(r.steps.done).toEqual({ visits: 3, dropOff: 3, waiting: 0, outlets: {} });
    expect(r.steps['handoff-agent']).toEqual({ visits: 1, dropOff: 1, waiting: 0, outlets: {} });
    expect(r.steps['ask-name'].waiting).toBe(2);
    expectConserved(r.steps);
  });

  it('counts abandonment once nobody has written for 30 minutes after the bot, and undoes it when the customer returns', async () => {
    app.server.clock.now = minutes(60);
    const g = (await Customer.start(app.server, 'order-support', { id: 'v-f' })).customer;
    ids.g = g.id;
    app.server.clock.now = minutes(60 + 29);
    let r = await report();
    expect(r.totals.abandoned).toBe(2); // B and E, silent since T0; G only 29 minutes
    expect(r.steps.menu.waiting).toBe(1);
    expect(r.steps['ask-name']).toMatchObject({ dropOff: 2, waiting: 0 });
    expectConserved(r.steps);

    app.server.clock.now = minutes(60 + 31);
    r = await report();
    expect(r.totals).toMatchObject({ started: 7, abandoned: 3 });
    expect(r.rates.abandonment).toBeCloseTo(3 / 7);
    expect(r.steps.menu).toMatchObject({ visits: 7, dropOff: 1, waiting: 0 });
    expectConserved(r.steps);

    // G writes after all: no longer abandoned, nor dropped off at the menu.
    await g.press('menu:track');
    r = await report();
    expect(r.totals.abandoned).toBe(2);
    expect(r.steps.menu).toMatchObject({ visits: 7, dropOff: 0, outlets: { question: 4, agent: 1, track: 2 } });
    expect(r.steps['ask-order'].waiting).toBe(1);
    expectConserved(r.steps);
  });

  it('counts an automated resolution 72 hours after the bot ended it, unless the same customer came back', async () => {
    app.server.clock.now = minutes(71 * 60);
    expect((await report()).totals.automatedResolutions).toBe(0);
    app.server.clock.now = minutes(73 * 60);
    const r = await report();
    // A and C ended by the bot and stayed away; F's customer came back an hour later (G).
    expect(r.totals.automatedResolutions).toBe(2);
    expect(r.rates.automatedResolution).toBeCloseTo(2 / 7);
    expect(r.series.find((p: { day: string }) => p.day === '2026-11-25').automatedResolutions).toBe(2);
    const resolved = ok(await admin('/api/bots/order-support/analytics/conversations?outcome=resolved')).body.conversations.map((x: { conversationId: string }) => x.conversationId);
    expect(resolved).toHaveLength(2);
    expect(resolved).toContain(ids.a);
    expect(resolved).not.toContain(ids.f);
    expectConserved(r.steps);
  });

  it('filters by version and range: another version or another day has nothing', async () => {
    expect((await report('?version=2')).totals.started).toBe(0);
    expect((await report('?from=2026-11-26&to=2026-11-27')).totals.started).toBe(0);
    expect((await report('?from=2026-11-25&to=2026-11-25')).totals.started).toBe(7);
    expect((await admin('/api/bots/order-support/analytics?from=2026-11-27&to=2026-11-25')).status).toBe(400);
    expect((await call(`${app.server.url}/api/bots/order-support/analytics`)).status).toBe(401);
  });

  it('lists unmatched questions grouped, and a phrase added to the draft answers them once published', async () => {
    const u = ok(await admin('/api/bots/order-support/analytics/unmatched')).body;
    // "password" and "Password?" are one question.
    const password = u.groups.find((g: { text: string }) => g.text.toLowerCase().startsWith('password'));
    expect(password).toMatchObject({ count: 2, nodeId: 'faq' });
    expect([password.text, ...password.variants].sort()).toEqual(['Password?', 'password']);
    expect(u.groups.find((g: { text: string }) => g.text === 'xqzv blorf')).toMatchObject({ count: 1 });

    const before = ok(await admin('/api/bots/order-support/flow')).body.revision;
    const wrong = await admin('/api/bots/order-support/analytics/unmatched/phrase', { body: { nodeId: 'faq', answerId: 'nope', phrase: 'xqzv blorf' } });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.message).toMatch(/no answer "nope"/);
    expect((await admin('/api/bots/order-support/analytics/unmatched/phrase', { body: { nodeId: 'menu', answerId: 'shipping', phrase: 'x' } })).status).toBe(400);
    const added = ok(await admin('/api/bots/order-support/analytics/unmatched/phrase', { body: { nodeId: 'faq', answerId: 'shipping', phrase: 'xqzv blorf' } })).body;
    expect(added).toEqual({ revision: before + 1, added: true });
    const draft = ok(await admin('/api/bots/order-support/flow')).body.flow;
    expect(draft.nodes.find((n: { id: string }) => n.id === 'faq').data.answers.find((a: { id: string }) => a.id === 'shipping').phrases).toContain('xqzv blorf');
    const audit = ok(await admin('/api/audit')).body;
    expect(JSON.stringify(audit)).toContain('analytics.phrase_added');

    expect((await admin('/api/bots/order-support/publish', { method: 'POST' })).status).toBe(201);
    const h = (await Customer.start(app.server, 'order-support', { id: 'v-h' })).customer;
    await h.press('menu:question');
    expect(texts(await h.say('xqzv blorf')).join(' ')).toMatch(/We ship within/);
  });

  it('lists conversations by outcome, step and channel in keyset pages, as CSV, and each one’s path', async () => {
    const list = async (query: string) => ok(await admin(`/api/bots/order-support/analytics/conversations${query}`)).body;
    expect((await list('?outcome=handoff')).conversations.map((x: { conversationId: string }) => x.conversationId)).toEqual([ids.d]);
    expect((await list('?step=help-articles')).conversations).toHaveLength(3);
    expect((await list('?channel=telegram')).conversations).toHaveLength(0);
    const all = (await list('')).conversations;
    expect(all).toHaveLength(8);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { conversations: { conversationId: string }[]; next: string | null } = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.conversations.map((x) => x.conversationId));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((x: { conversationId: string }) => x.conversationId));
    expect((await admin('/api/bots/order-support/analytics/conversations?cursor=bm9wZQ')).status).toBe(400);

    const csv = await admin('/api/bots/order-support/analytics/conversations.csv?outcome=handoff');
    expect(csv.status).toBe(200);
    expect(csv.headers!.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('conversation_id,started_at,channel,outcome,version,last_step,messages');
    expect(lines[1]).toMatch(new RegExp(`^${ids.d},2026-11-25T15:00:00.000Z,web,handoff,1,handoff-agent,\\d+$`));
    expect(lines).toHaveLength(3);

    const path = ok(await admin(`/api/bots/order-support/analytics/conversations/${ids.a}/path`)).body.path;
    expect(path.map((p: { nodeId: string; outlet: string | null }) => [p.nodeId, p.outlet])).toEqual([
      ['start', 'next'],
      ['greet', 'next'],
      ['menu', 'question'],
      ['ask-question', 'next'],
      ['faq', 'shipping'],
      ['faq-helped', 'yes'],
      ['anything-else', 'no'],
      ['done', null],
    ]);
    expect((await admin(`/api/bots/another-bot/analytics/conversations/${ids.a}/path`)).status).toBe(404);
  });
});
