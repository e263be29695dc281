import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowSettings, SCHEMA_VERSION, type FlowDocument, type Message, type WebhookEvent } from '@parley/shared';
import { ADMIN, AGENT, Customer, call, startServer, type Reply, type TestServer } from '../testing/harness';
import { verifyWebhook } from '../webhooks/signature';

/**
 * A third-party bot as a platform team would write it: it registers a webhook endpoint with its integration key,
 * checks every delivery's signature over the raw bytes, learns from `switchboard.passed` which conversations it holds,
 * answers each customer message there through the API as the business, and releases control when the customer says
 * "done". What a careful platform would refuse is recorded in `problems`.
 */
async function startThirdPartyBot(server: TestServer, name: string) {
  const created = await call(`${server.url}/api/integrations`, { token: ADMIN, body: { name, scopes: ['conversations:read', 'messages:write', 'switchboard', 'webhooks'] } });
  const key: string = created.body.key;
  const id: string = created.body.integration.id;
  const problems: string[] = [];
  const events: WebhookEvent[] = [];
  const held = new Set<string>();
  /** Where a release sends the flow, per conversation (absent: the pass's or the step's own). */
  const releaseTo: Record<string, string> = {};
  let secret = '';
  const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${server.url}${path}`, { ...init, token: key });

  const app = express();
  app.post('/parley', express.raw({ type: () => true }), async (req, res) => {
    const raw = req.body as Buffer;
    const check = verifyWebhook(secret, raw, req.headers['x-parley-signature'] as string | undefined, server.clock.now);
    if (!check.ok) problems.push(`signature: ${check.reason}`);
    const event = JSON.parse(raw.toString('utf8')) as WebhookEvent;
    events.push(event);
    const conversationId = event.conversationId!;
    if (event.type === 'switchboard.passed') {
      const to = event.data.to as { party: string; integrationId: string | null };
      if (to.party === 'integration' && to.integrationId === id) held.add(conversationId);
      else held.delete(conversationId);
    }
    if (event.type === 'switchboard.released') held.delete(conversationId);
    const message = event.data.message as Message | undefined;
    if (event.type === 'message.created' && message?.author === 'customer' && held.has(conversationId)) {
      const said = message.payload as { text: string; payload?: string };
      // Answered before the delivery is acknowledged, so the sender's tick covers the answer too.
      if (said.text === 'done') {
        const step = releaseTo[conversationId];
        const released = await api(`/api/switchboard/conversations/${conversationId}/release`, { body: step ? { step } : {} });
        if (released.status !== 200) problems.push(`release: ${released.status} ${JSON.stringify(released.body)}`);
      } else if (said.text === 'sizes?') {
        const posted = await api(`/api/stream/conversations/${conversationId}/messages`, {
          body: { message: { type: 'options', text: 'Which size?', buttons: [{ id: 's', label: 'Small', action: 'postback', payload: 'size:S' }, { id: 'm', label: 'Medium', action: 'postback', payload: 'size:M' }] } },
        });
        if (posted.status !== 201) problems.push(`options: ${posted.status} ${JSON.stringify(posted.body)}`);
      } else {
        const text = said.payload ? `You chose ${said.payload}` : `Bot heard: ${said.text}`;
        const posted = await api(`/api/stream/conversations/${conversationId}/messages`, { body: { message: { type: 'text', text } } });
        if (posted.status !== 201) problems.push(`answer: ${posted.status} ${JSON.stringify(posted.body)}`);
      }
    }
    res.status(204).end();
  });
  const listener: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/parley`;
  const hook = await api('/api/webhooks', { body: { url, events: ['message.created', 'switchboard.passed', 'switchboard.released'] } });
  if (hook.status !== 201) throw new Error(`webhook registration failed: ${hook.status} ${JSON.stringify(hook.body)}`);
  secret = hook.body.secret;
  return { id, key, name, api, problems, events, held, releaseTo, close: () => new Promise<void>((ok) => listener.close(() => ok())) };
}

/** Sends every due delivery (webhooks) until none is left; the fake answers inside its delivery, so answers are in. */
async function drain(server: TestServer): Promise<void> {
  for (let i = 0; i < 20 && (await server.app.dispatcher.tick()) > 0; i++);
}

const authorsOf = (reply: Reply) => (reply.body.messages as Message[]).map((m) => m.author);
const textsOf = (messages: Message[]) => messages.map((m) => (m.payload as { text?: string }).text ?? '');

function passFlow(integrationId: string): FlowDocument {
  const at = (i: number) => ({ x: 0, y: i * 120 });
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'concierge',
    name: 'Concierge',
    locale: 'en',
    variables: [{ name: 'plan', defaultValue: 'Gold' }],
    nodes: [
      { id: 'start', type: 'start', position: at(0), data: {} },
      { id: 'hello', type: 'message', position: at(1), data: { text: 'Hello from the flow' } },
      {
        id: 'pass',
        type: 'passToIntegration',
        position: at(2),
        data: { integrationId, message: 'Connecting you with our assistant', metadata: [{ key: 'plan', value: '{{plan}} member' }] },
      },
      { id: 'back', type: 'message', position: at(3), data: { text: 'Welcome back to the flow' } },
      { id: 'away', type: 'message', position: at(4), data: { text: 'Our assistant is away' } },
      { id: 'menu', type: 'options', position: at(5), data: { text: 'Anything else?', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] } },
      { id: 'bye', type: 'end', position: at(6), data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'pass' },
      { id: 'e3', source: 'pass', sourceHandle: 'released', target: 'back' },
      { id: 'e4', source: 'pass', sourceHandle: 'unavailable', target: 'away' },
      { id: 'e5', source: 'back', sourceHandle: 'next', target: 'menu' },
      { id: 'e6', source: 'away', sourceHandle: 'next', target: 'menu' },
      { id: 'e7', source: 'menu', sourceHandle: 'yes', target: 'bye' },
      { id: 'e8', source: 'menu', sourceHandle: 'no', target: 'bye' },
    ],
    settings: FlowSettings.parse({}),
  };
}

async function publishBot(server: TestServer, id: string, flow: FlowDocument): Promise<void> {
  const created = await call(`${server.url}/api/bots`, { token: ADMIN, body: { name: id, id, flow: { ...flow, id } } });
  if (created.status !== 201) throw new Error(`bot: ${created.status} ${JSON.stringify(created.body)}`);
  const errors = (created.body.diagnostics as { severity: string }[]).filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bot has errors: ${JSON.stringify(errors)}`);
  const published = await call(`${server.url}/api/bots/${id}/publish`, { token: ADMIN, body: {} });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
}

describe('the switchboard with a third-party bot', () => {
  let server: TestServer;
  let bot: Awaited<ReturnType<typeof startThirdPartyBot>>;
  let other: Awaited<ReturnType<typeof startThirdPartyBot>>;
  const tick = (seconds: number) => {
    server.clock.now = new Date(server.clock.now.getTime() + seconds * 1000);
  };

  beforeAll(async () => {
    server = await startServer({ origin: 'http://127.0.0.1:1' });
    bot = await startThirdPartyBot(server, 'Size Advisor');
    other = await startThirdPartyBot(server, 'Other Bot');
    await publishBot(server, 'concierge', passFlow(bot.id));
  });

  afterAll(async () => {
    await bot.close();
    await other.close();
    await server.close();
  });

  it('takes control by pass, answers three messages while the flow is silent, releases to a named step, and reads who spoke when', async () => {
    const { customer } = await Customer.start(server, 'order-support');
    tick(5);
    const passed = await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration', metadata: { order: 'A-1' }, releaseTo: 'menu' } });
    expect(passed.status).toBe(200);
    expect(passed.body.switchboard.holder).toEqual({ party: 'integration', integrationId: bot.id, integrationName: 'Size Advisor' });
    expect(passed.body.switchboard.releaseStep).toBe('menu');
    await drain(server);
    expect(bot.held.has(customer.id)).toBe(true);

    for (const text of ['hi there', 'my order is late', 'it is A-1']) {
      tick(7);
      const reply = await customer.say(text);
      expect(reply.status).toBe(200);
      // The flow says nothing: only the customer's own message comes back.
      expect(authorsOf(reply)).toEqual(['customer']);
      tick(3);
      await drain(server);
    }
    const seen = await customer.history();
    const afterPass = (seen.body.messages as Message[]).filter((m) => m.createdAt > passed.body.switchboard.updatedAt);
    expect(afterPass.map((m) => [m.author, (m.payload as { text: string }).text])).toEqual([
      ['customer', 'hi there'],
      ['business', 'Bot heard: hi there'],
      ['customer', 'my order is late'],
      ['business', 'Bot heard: my order is late'],
      ['customer', 'it is A-1'],
      ['business', 'Bot heard: it is A-1'],
    ]);

    tick(7);
    // "done" makes the bot release without naming a step: the pass's releaseTo (the menu) is where the flow resumes.
    const done = await customer.say('done');
    expect(authorsOf(done)).toEqual(['customer']);
    await drain(server);
    const afterRelease = await customer.history(seen.body.messages.at(-1).seq);
    const resumed = (afterRelease.body.messages as Message[]).filter((m) => m.author !== 'customer');
    expect(resumed.map((m) => [m.author, m.nodeId, m.payload.type])).toEqual([['bot', 'menu', 'options']]);
    // The flow answers again, from the menu.
    const track = await customer.press('menu:track');
    expect(authorsOf(track)).toEqual(['customer', 'bot']);
    expect(textsOf(track.body.messages)[1]).toMatch(/order number/i);

    const transcript = await bot.api(`/api/stream/conversations/${customer.id}/history`);
    expect(transcript.status).toBe(200);
    expect(transcript.body.conversation.holder).toEqual({ party: 'flow', integrationId: null, integrationName: null });
    const rows = (transcript.body.messages as Message[]).map((m) => [m.author, m.createdAt]);
    expect(new Set(rows.map(([author]) => author))).toEqual(new Set(['bot', 'customer', 'business']));
    // Each message carries when it was said, in the order it was said.
    const times = rows.map(([, at]) => at!);
    expect([...times].sort()).toEqual(times);
    expect(transcript.body.messages.find((m: Message) => m.author === 'business').createdAt).toBe('2026-11-25T15:00:15.000Z');

    const types = bot.events.filter((e) => e.conversationId === customer.id && e.type.startsWith('switchboard.')).map((e) => [e.type, (e.data.to as { party: string }).party]);
    expect(types).toEqual([
      ['switchboard.passed', 'integration'],
      ['switchboard.released', 'flow'],
    ]);
    expect(bot.problems).toEqual([]);
  });

  it('is passed control by the flow step, which hands over its metadata, and resumes through the step when released', async () => {
    const { customer, reply } = await Customer.start(server, 'concierge');
    expect(reply.body.messages.map((m: Message) => [m.author, (m.payload as { text: string }).text])).toEqual([
      ['bot', 'Hello from the flow'],
      ['system', 'Connecting you with our assistant'],
    ]);
    const state = await bot.api(`/api/switchboard/conversations/${customer.id}`);
    expect(state.body.switchboard).toMatchObject({ holder: { party: 'integration', integrationId: bot.id }, passMetadata: { plan: 'Gold member' }, releaseStep: null });
    await drain(server);
    const pass = bot.events.find((e) => e.type === 'switchboard.passed' && e.conversationId === customer.id);
    expect(pass?.data).toMatchObject({ by: 'flow', nodeId: 'pass', metadata: { plan: 'Gold member' }, to: { party: 'integration', integrationId: bot.id, integrationName: 'Size Advisor' } });

    const heard = await customer.say('hello?');
    expect(authorsOf(heard)).toEqual(['customer']);
    await drain(server);
    const done = await customer.say('done');
    expect(authorsOf(done)).toEqual(['customer']);
    await drain(server);
    const history = await customer.history();
    const texts = (history.body.messages as Message[]).slice(-4).map((m) => [m.author, (m.payload as { text: string }).text]);
    expect(texts).toEqual([
      ['business', 'Bot heard: hello?'],
      ['customer', 'done'],
      ['bot', 'Welcome back to the flow'],
      ['bot', 'Anything else?'],
    ]);
    expect(bot.problems).toEqual([]);
  });

  it('takes the "unavailable" outlet when the integration cannot take the conversation', async () => {
    await publishBot(server, 'concierge-gone', passFlow('int_nobody'));
    const { customer, reply } = await Customer.start(server, 'concierge-gone');
    expect(textsOf(reply.body.messages)).toEqual(['Hello from the flow', 'Our assistant is away', 'Anything else?']);
    const state = await call(`${server.url}/api/switchboard/conversations/${customer.id}`, { token: AGENT });
    expect(state.body.switchboard.holder.party).toBe('flow');
  });

  it('answers 409 with the holder to a party that does not hold control', async () => {
    const { customer } = await Customer.start(server, 'order-support');
    const nothingToRelease = await bot.api(`/api/switchboard/conversations/${customer.id}/release`, { body: {} });
    expect(nothingToRelease.status).toBe(409);
    expect(nothingToRelease.body.error.details.holder.party).toBe('flow');

    expect((await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration' } })).status).toBe(200);
    const holder = { party: 'integration', integrationId: bot.id, integrationName: 'Size Advisor' };
    for (const [path, body] of [
      ['pass', { to: 'integration' }],
      ['release', {}],
      ['offer', { to: 'agent' }],
    ] as const) {
      const refused = await other.api(`/api/switchboard/conversations/${customer.id}/${path}`, { body });
      expect(refused.status, path).toBe(409);
      expect(refused.body.error.code).toBe('not_in_control');
      expect(refused.body.error.details.holder).toEqual(holder);
    }
    const agentRelease = await call(`${server.url}/api/switchboard/conversations/${customer.id}/release`, { token: AGENT, body: { step: 'menu' } });
    expect(agentRelease.status).toBe(409);
    expect(agentRelease.body.error.details.holder).toEqual(holder);
    // Still the bot's, and the customer still hears no flow.
    expect(authorsOf(await customer.say('still there?'))).toEqual(['customer']);
    const unknownStep = await bot.api(`/api/switchboard/conversations/${customer.id}/release`, { body: { step: 'nope' } });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.error.code).toBe('unknown_step');
    expect((await bot.api(`/api/switchboard/conversations/nope/pass`, { body: { to: 'agent' } })).status).toBe(404);
  });

  it('hands over to an agent: a pass to an agent opens a ticket, and an offered conversation is taken by the agent', async () => {
    const { customer } = await Customer.start(server, 'order-support');
    await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration', metadata: { reason: 'refund' } } });
    const toAgent = await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'agent', subject: 'Refund over the limit', metadata: { amount: 120 } } });
    expect(toAgent.status).toBe(200);
    expect(toAgent.body.switchboard.holder.party).toBe('agent');
    expect(toAgent.body.messages.map((m: Message) => m.author)).toEqual(['system']);
    const tickets = await call(`${server.url}/api/tickets`, { token: AGENT });
    const ticket = tickets.body.tickets.find((t: { conversationId: string }) => t.conversationId === customer.id);
    expect(ticket).toMatchObject({ subject: 'Refund over the limit', status: 'open' });
    const agentSays = await call(`${server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text: 'I can help with the refund' } });
    expect(agentSays.status).toBe(201);
    // The agent has it now: the integration is refused, and the customer's messages go to the ticket, not the flow.
    const refused = await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.holder).toEqual({ party: 'agent', integrationId: null, integrationName: null });
    expect(authorsOf(await customer.say('thanks'))).toEqual(['customer']);
    // The agent gives the conversation back to the flow at the menu; the ticket closes with it.
    const back = await call(`${server.url}/api/switchboard/conversations/${customer.id}/release`, { token: AGENT, body: { step: 'menu' } });
    expect(back.status).toBe(200);
    expect(back.body.messages.map((m: Message) => [m.author, m.nodeId])).toEqual([['bot', 'menu']]);
    expect((await call(`${server.url}/api/tickets/${ticket.id}`, { token: AGENT })).body.ticket.status).toBe('resolved');
    // The transcript tells every voice apart, each with its time.
    const transcript = await bot.api(`/api/stream/conversations/${customer.id}/history`);
    const voices = (transcript.body.messages as Message[]).map((m) => m.author);
    expect(new Set(voices)).toEqual(new Set(['bot', 'customer', 'system', 'agent']));
    expect((transcript.body.messages as Message[]).every((m) => !Number.isNaN(Date.parse(m.createdAt)))).toBe(true);

    // Offer and take: the integration offers control to agents; an agent takes it by passing it to agents.
    await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration' } });
    const offered = await bot.api(`/api/switchboard/conversations/${customer.id}/offer`, { body: { to: 'agent' } });
    expect(offered.status).toBe(200);
    expect(offered.body.switchboard).toMatchObject({ holder: { party: 'integration' }, offeredTo: { party: 'agent', integrationId: null } });
    const taken = await call(`${server.url}/api/switchboard/conversations/${customer.id}/pass`, { token: AGENT, body: { to: 'agent' } });
    expect(taken.status).toBe(200);
    expect(taken.body.switchboard.holder.party).toBe('agent');
    expect(taken.body.switchboard.offeredTo).toBeNull();
  });

  it("renders a business message with options, and the customer's press reaches the integration as a message", async () => {
    const { customer } = await Customer.start(server, 'order-support');
    await bot.api(`/api/switchboard/conversations/${customer.id}/pass`, { body: { to: 'integration' } });
    await drain(server);
    expect(authorsOf(await customer.say('sizes?'))).toEqual(['customer']);
    await drain(server);
    const shown = (await customer.history()).body.messages.at(-1) as Message;
    expect(shown).toMatchObject({ author: 'business', payload: { type: 'options', text: 'Which size?' } });
    const pressed = await customer.press('size:M');
    expect(pressed.body.messages.map((m: Message) => [m.author, m.payload])).toEqual([['customer', { type: 'customer', text: 'Medium', payload: 'size:M' }]]);
    await drain(server);
    const got = bot.events.find((e) => e.type === 'message.created' && e.conversationId === customer.id && (e.data.message as Message).payload.type === 'customer' && (e.data.message as { payload: { payload?: string } }).payload.payload === 'size:M');
    expect(got).toBeDefined();
    expect(((await customer.history()).body.messages.at(-1) as Message).payload).toEqual({ type: 'text', text: 'You chose size:M' });
    expect(bot.problems).toEqual([]);
  });

  it('lets an integration post messages and metadata into any conversation, and read the customer without tokens', async () => {
    const { customer } = await Customer.start(server, 'order-support', { name: 'Mina', email: 'Mina@Example.com' });
    const posted = await bot.api(`/api/stream/conversations/${customer.id}/messages`, { body: { message: { type: 'text', text: 'Your parcel is on its way' } } });
    expect(posted.status).toBe(201);
    expect(posted.body.messages[0]).toMatchObject({ author: 'business' });
    const badLink = await bot.api(`/api/stream/conversations/${customer.id}/messages`, { body: { message: { type: 'options', text: 'x', buttons: [{ id: 'a', label: 'A', action: 'link', url: 'javascript:alert(1)' }] } } });
    expect(badLink.status).toBe(400);
    const system = await bot.api(`/api/stream/conversations/${customer.id}/messages`, { body: { message: { type: 'system', text: 'I am the system' } } });
    expect(system.status).toBe(400);

    const first = await bot.api(`/api/stream/conversations/${customer.id}/metadata`, { method: 'PATCH', body: { metadata: { order: { status: 'packed' }, vip: true } } });
    expect(first.body.metadata).toEqual({ order: { status: 'packed' }, vip: true });
    const second = await bot.api(`/api/stream/conversations/${customer.id}/metadata`, { method: 'PATCH', body: { metadata: { order: { status: 'shipped' }, vip: null } } });
    expect(second.body.metadata).toEqual({ order: { status: 'shipped' } });
    const tooBig = await bot.api(`/api/stream/conversations/${customer.id}/metadata`, { method: 'PATCH', body: { metadata: { blob: 'x'.repeat(20_000) } } });
    expect(tooBig.status).toBe(413);
    expect((await bot.api(`/api/stream/conversations/${customer.id}/history`)).body.metadata).toEqual({ order: { status: 'shipped' } });

    const profile = await bot.api(`/api/stream/conversations/${customer.id}/profile`);
    expect(profile.status).toBe(200);
    expect(profile.body.profile.identities).toEqual([{ kind: 'email', value: 'mina@example.com' }]);
    expect(profile.body.profile.conversations.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    expect(JSON.stringify(profile.body)).not.toContain(customer.token);
    expect(JSON.stringify(profile.body)).not.toMatch(/token|secret/i);

    // A key without the scope is refused.
    const readOnly = await call(`${server.url}/api/integrations`, { token: ADMIN, body: { name: 'Reader', scopes: ['conversations:read'] } });
    const refused = await call(`${server.url}/api/stream/conversations/${customer.id}/messages`, { token: readOnly.body.key, body: { message: { type: 'text', text: 'hi' } } });
    expect(refused.status).toBe(403);
  });
});
