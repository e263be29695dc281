import { describe, expect, it } from 'vitest';
import { ADMIN, AGENT, call, Customer, texts } from '../testing/harness';
import { appForFile } from '../testing/appForFile';

/** Whole conversations through the seeded example bots, over HTTP, against the in-process app. */
describe('conversations through the example flows', () => {
  const app = appForFile();

  it('greets with the menu', async () => {
    const { reply } = await Customer.start(app.server, 'order-support');
    expect(reply.body.messages.map((m: any) => m.payload.type)).toEqual(['text', 'options']);
    expect(reply.body.messages[1].payload.buttons.map((b: any) => b.label)).toContain('Track my order');
    expect(reply.body.nodeId).toBe('menu');
  });

  it('looks an order up and reports its status', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track', 'Track my order');
    const reply = await customer.say('10001');
    expect(texts(reply)[0]).toMatch(/10001 has shipped/);
    expect(reply.body.nodeId).toBe('anything-else');
  });

  it('answers a retried message (same client id) from the store instead of taking the turn twice', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    const send = () => call(`${app.server.url}/api/conversations/${customer.id}/messages`, { token: customer.token, body: { type: 'postback', payload: 'menu:track', clientId: 'retry-0001' } });
    const first = await send();
    const again = await send();
    expect(again.body.messages).toEqual(first.body.messages);
    const history = (await customer.history()).body.messages;
    expect(history.filter((m: any) => m.author === 'customer')).toHaveLength(1);
  });

  it('records a pressed button as the label the customer saw, whatever text the client sent', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    const reply = await customer.press('menu:track', '<b>forged</b>');
    expect(reply.body.messages[0].payload).toEqual({ type: 'customer', text: 'Track my order', payload: 'menu:track' });
  });

  it('takes the failure branch when the order API fails, and offers an agent', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track', 'Track my order');
    app.orders.fail.next = true;
    try {
      const reply = await customer.say('10002');
      expect(reply.body.nodeId).toBe('failed-options');
      const options = reply.body.messages.at(-1).payload;
      expect(options.buttons.map((b: any) => b.payload)).toContain('failed-options:agent');
    } finally {
      app.orders.fail.next = false;
    }
  });

  it('treats an unknown order (404) as a failure, not a status', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track');
    const reply = await customer.say('99999');
    expect(reply.body.nodeId).toBe('failed-options');
  });

  it('re-prompts an invalid order number inline, then hands over to the agent path', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track');
    const first = await customer.say('abc');
    expect(first.body.messages.at(-1).payload).toMatchObject({ type: 'input', error: expect.any(String) });
    await customer.say('12');
    const third = await customer.say('x');
    expect(third.body.nodeId).toBe('ask-name');
  });

  it('answers an FAQ in English from free text', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    const reply = await customer.say('How long does shipping take to arrive?');
    expect(texts(reply).join(' ')).toMatch(/business days/);
    expect(reply.body.nodeId).toBe('faq-helped');
  });

  it('answers an FAQ in Korean, with a particle attached to the word', async () => {
    const { customer } = await Customer.start(app.server, 'order-support-ko');
    const reply = await customer.say('환불은 어떻게 받나요?');
    const shown = texts(reply).join(' ');
    expect(shown).toMatch(/환불/);
    expect(reply.body.nodeId).toBe('faq-helped');
  });

  it('suggests help-center articles when no FAQ matches, and asks whether they helped', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    // The FAQ answers shipping, returns and payment; account questions are the help center's.
    const reply = await customer.say('how can I reset my password?');
    const articles = reply.body.messages.find((m: any) => m.payload.type === 'articles');
    expect(articles?.payload.articles.length).toBeGreaterThan(0);
    expect(articles.payload.articles[0].title).toMatch(/password/i);
    expect(reply.body.nodeId).toBe('help-articles');
    const done = await customer.press('help-articles:yes', 'Yes');
    expect(done.body.nodeId).toBe('done');
  });

  it('hands off in business hours with a ticket carrying the collected fields and the transcript', async () => {
    app.server.clock.now = new Date('2026-11-25T15:00:00Z'); // Wednesday 10:00 in New York
    const { customer } = await Customer.start(app.server, 'order-support', { id: 'visitor-1', browser: 'Firefox', page: 'https://shop.example/cart' });
    await customer.press('menu:agent', 'Talk to a person');
    await customer.say('My parcel is late');
    await customer.say('Ada Lovelace');
    const last = await customer.say('ADA@Example.com');
    expect(last.body.status).toBe('handoff');
    expect(texts(last).at(-1)).toMatch(/Thanks Ada Lovelace/);

    const list = await call(`${app.server.url}/api/tickets?status=open`, { token: AGENT });
    const ticket = list.body.tickets.find((t: any) => t.conversationId === customer.id);
    expect(ticket).toMatchObject({ subject: 'Order help for Ada Lovelace', tags: ['order-support'], group: 'orders', priority: 'normal' });
    const detail = await call(`${app.server.url}/api/tickets/${ticket.id}`, { token: AGENT });
    expect(detail.body.ticket.fields).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', summary: 'My parcel is late (order: )' });
    expect(detail.body.visitor).toMatchObject({ browser: 'Firefox', page: 'https://shop.example/cart' });
    const transcript = detail.body.transcript.map((m: any) => m.author);
    expect(transcript.filter((a: string) => a === 'customer')).toHaveLength(4);
    expect(detail.body.transcript.map((m: any) => m.seq)).toEqual(detail.body.transcript.map((_: unknown, i: number) => i + 1));
  });

  it('outside business hours, makes a ticket for later instead', async () => {
    app.server.clock.now = new Date('2026-11-28T15:00:00Z'); // Saturday
    try {
      const { customer } = await Customer.start(app.server, 'order-support');
      await customer.press('menu:agent');
      await customer.say('My parcel is late');
      await customer.say('Grace');
      const last = await customer.say('grace@example.com');
      expect(last.body.status).toBe('handoff');
      expect(texts(last).join(' ')).toMatch(/closed/i);
      const list = await call(`${app.server.url}/api/tickets?status=open&tag=after-hours`, { token: AGENT });
      expect(list.body.tickets.some((t: any) => t.conversationId === customer.id && t.priority === 'low')).toBe(true);
    } finally {
      app.server.clock.now = new Date('2026-11-25T15:00:00Z');
    }
  });

  it('after a handoff the bot is silent and the agent talks to the customer, then resolving ends it', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:agent');
    await customer.say('My parcel is late');
    await customer.say('Lin');
    await customer.say('lin@example.com');
    const whileWaiting = await customer.say('Hello? Anyone there?');
    expect(whileWaiting.body.messages).toHaveLength(1);
    expect(whileWaiting.body.messages[0].author).toBe('customer');

    const ticket = (await call(`${app.server.url}/api/tickets`, { token: AGENT })).body.tickets.find((t: any) => t.conversationId === customer.id);
    const reply = await call(`${app.server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text: 'Hi Lin, I can help.' } });
    expect(reply.status).toBe(201);
    const history = await customer.history();
    expect(history.body.messages.at(-1)).toMatchObject({ author: 'agent', payload: { type: 'text', text: 'Hi Lin, I can help.' } });

    const resolved = await call(`${app.server.url}/api/tickets/${ticket.id}/resolve`, { token: AGENT, body: {} });
    expect(resolved.body.ticket.status).toBe('resolved');
    const after = await customer.say('thanks');
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('conversation_ended');
  });

  it('returns history after a sequence number, and only to the holder of the token', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track');
    const all = await customer.history();
    const later = await customer.history(2);
    expect(later.body.messages.map((m: any) => m.seq)).toEqual(all.body.messages.slice(2).map((m: any) => m.seq));
    const stranger = await call(`${app.server.url}/api/conversations/${customer.id}/messages`, { token: 'not-the-token' });
    expect(stranger.status).toBe(404);
  });

  it('stores 20 concurrent messages on one conversation once each, in order', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:agent');
    await customer.say('My parcel is late');
    await customer.say('Sam');
    await customer.say('sam@example.com');
    const before = (await customer.history()).body.messages.length;
    const sent = Array.from({ length: 20 }, (_, i) => `message ${i}`);
    const replies = await Promise.all(sent.map((t) => customer.say(t)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const history = (await customer.history()).body.messages;
    const mine = history.slice(before).filter((m: any) => m.author === 'customer').map((m: any) => m.payload.text);
    expect(mine).toEqual(sent);
    expect(new Set(history.map((m: any) => m.seq)).size).toBe(history.length);
    expect(history.map((m: any) => m.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
  });

  it('answers 20 concurrent bot turns one at a time: each sees the state the previous one left', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    await customer.press('menu:track');
    // Each invalid answer is a retry; after the limit the flow moves on, so interleaved turns would lose retries.
    const replies = await Promise.all(Array.from({ length: 20 }, () => customer.say('not a number')));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const history = (await customer.history()).body.messages;
    expect(history.filter((m: any) => m.author === 'customer')).toHaveLength(21);
    expect(history.some((m: any) => m.nodeId === 'ask-name')).toBe(true);
    expect(history.map((m: any) => m.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
  });

  it('refuses malformed JSON, a wrong token and an unknown conversation with clear errors, changing nothing', async () => {
    const { customer } = await Customer.start(app.server, 'order-support');
    const before = (await customer.history()).body.messages.length;

    const malformed = await call(`${app.server.url}/api/conversations/${customer.id}/messages`, { token: customer.token, raw: '{"type":"text", "text": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_json', message: expect.any(String) });

    const wrongShape = await call(`${app.server.url}/api/conversations/${customer.id}/messages`, { token: customer.token, body: { type: 'text' } });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.code).toBe('invalid_request');
    expect(wrongShape.body.error.message).toMatch(/text/);

    const wrongToken = await call(`${app.server.url}/api/conversations/${customer.id}/messages`, { token: 'wrong', body: { type: 'text', text: 'hi' } });
    expect(wrongToken.status).toBe(404);

    const noToken = await call(`${app.server.url}/api/conversations/${customer.id}/messages`, { body: { type: 'text', text: 'hi' } });
    expect(noToken.status).toBe(401);

    const unknown = await call(`${app.server.url}/api/conversations/00000000-0000-0000-0000-000000000000/messages`, { token: customer.token, body: { type: 'text', text: 'hi' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const unknownBot = await call(`${app.server.url}/api/bots/nope/conversations`, { body: {} });
    expect(unknownBot.status).toBe(404);

    // The ids a channel gives its customers, and the verified ones, cannot be claimed from the widget.
    for (const id of ['telegram:42', 'user:ada']) {
      const claimed = await call(`${app.server.url}/api/bots/order-support/conversations`, { body: { visitor: { id } } });
      expect(claimed.status).toBe(400);
      expect(claimed.body.error.message).toMatch(/reserved/);
    }

    expect((await customer.history()).body.messages).toHaveLength(before);
  });

  it('guards admin and agent endpoints', async () => {
    expect((await call(`${app.server.url}/api/bots`)).status).toBe(401);
    expect((await call(`${app.server.url}/api/bots`, { token: 'nope' })).status).toBe(401);
    expect((await call(`${app.server.url}/api/bots`, { token: AGENT })).status).toBe(403);
    expect((await call(`${app.server.url}/api/bots`, { token: ADMIN })).status).toBe(200);
    expect((await call(`${app.server.url}/api/tickets`)).status).toBe(401);
    expect((await call(`${app.server.url}/api/tickets`, { token: AGENT })).status).toBe(200);
  });
});
