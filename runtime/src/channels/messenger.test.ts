import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { SECRET_MASK } from '../flowSecrets';
import { hubSignature } from './metaWebhook';
import { startFakeSendApi, shownText, type FakeSendApi } from './metaSendApi.fake';
import { messenger, MESSENGER } from './messenger';
import {
  BUTTON_TEMPLATE_TEXT,
  ELEMENT_TITLE,
  GENERIC_ELEMENTS,
  PAYLOAD_LIMIT,
  QUICK_REPLY_LIMIT,
  QUICK_REPLY_TITLE,
  encodePayload,
  payloadDigest,
  splitText,
} from './metaSendApi';
import type { Button } from '@parley/shared';

const BOT = 'order-support';
const TOKEN = 'EAAGfakePageAccessTokenForTestsOnly0123456789';
const APP_SECRET = 'f00dfacecafe0123456789abcdef0123';
const VERIFY = 'verify-me-please';
const PAGE = '1000000000001';

const postbacks = (n: number): Button[] => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, label: `Choice number ${i} with a long label`, action: 'postback', payload: `p${i}` }));
const bodyOf = (r: { body: Record<string, unknown> }) => r.body as { recipient: { id: string }; messaging_type: string; message: Record<string, any> };

describe('messenger rendering', () => {
  it('puts up to 13 choices in quick replies with titles cut to 20, and more in button templates of 3', () => {
    const [menu] = messenger.render({ type: 'options', text: 'Pick one', buttons: postbacks(13) }, 'psid');
    const quick = bodyOf(menu!).message.quick_replies as { title: string; payload: string }[];
    expect(quick).toHaveLength(QUICK_REPLY_LIMIT);
    expect(quick.every((q) => q.title.length <= QUICK_REPLY_TITLE)).toBe(true);
    expect(quick[0]).toStrictEqual({ content_type: 'text', title: 'Choice number 0 wit…', payload: 'p0' });
    expect(bodyOf(menu!)).toMatchObject({ recipient: { id: 'psid' }, messaging_type: 'RESPONSE', message: { text: 'Pick one' } });

    const many = messenger.render({ type: 'options', text: 'Pick one', buttons: postbacks(14) }, 'psid');
    expect(many).toHaveLength(5);
    const templates = many.map((r) => bodyOf(r).message.attachment.payload);
    expect(templates.map((t) => t.template_type)).toStrictEqual(Array(5).fill('button'));
    expect(templates.map((t) => t.buttons.length)).toStrictEqual([3, 3, 3, 3, 2]);
    expect(templates[0].text).toBe('Pick one');
    expect(templates.flatMap((t) => t.buttons.map((b: { payload: string }) => b.payload))).toStrictEqual(postbacks(14).map((b) => b.payload));
  });

  it('sends links as web_url buttons in button templates, with the text cut to 640 and the rest before it', () => {
    const text = 'word '.repeat(300);
    const out = messenger.render({ type: 'options', text, buttons: [{ id: 'l', label: 'Open', action: 'link', url: 'https://example.com' }, ...postbacks(1)] }, 'psid');
    expect(out).toHaveLength(2);
    expect(bodyOf(out[0]!).message.text.length).toBeLessThanOrEqual(2000);
    const template = bodyOf(out[1]!).message.attachment.payload;
    expect(template.text.length).toBeLessThanOrEqual(BUTTON_TEMPLATE_TEXT);
    expect(`${bodyOf(out[0]!).message.text} ${template.text}`.replace(/\s+/g, ' ').trim()).toBe(text.trim());
    expect(template.buttons).toStrictEqual([{ type: 'web_url', title: 'Open', url: 'https://example.com' }, { type: 'postback', title: 'Choice number 0 wit…', payload: 'p0' }]);
  });

  it('splits a carousel over generic templates of 10 elements, each within the title and button limits', () => {
    const cards = Array.from({ length: 12 }, (_, i) => ({
      id: `c${i}`,
      title: `Card ${i} `.repeat(20),
      description: 'd',
      imageUrl: i % 2 ? 'https://example.com/a.png' : 'http://example.com/insecure.png',
      buttons: postbacks(i === 0 ? 5 : 1),
    }));
    const out = messenger.render({ type: 'carousel', text: 'Our plans', cards }, 'psid');
    expect(bodyOf(out[0]!).message).toStrictEqual({ text: 'Our plans' });
    const generic = out.slice(1, 3).map((r) => bodyOf(r).message.attachment.payload);
    expect(generic.map((g) => g.elements.length)).toStrictEqual([GENERIC_ELEMENTS, 2]);
    const elements = generic.flatMap((g) => g.elements);
    expect(elements.every((e: { title: string }) => e.title.length <= ELEMENT_TITLE)).toBe(true);
    expect(elements[0].buttons).toHaveLength(3);
    expect(elements[0].image_url).toBeUndefined();
    expect(elements[1].image_url).toBe('https://example.com/a.png');
    // The first card's 4th and 5th buttons follow, under its title.
    const overflow = bodyOf(out[3]!).message.attachment.payload;
    expect(overflow).toMatchObject({ template_type: 'button', buttons: [{ payload: 'p3' }, { payload: 'p4' }] });
    expect(out).toHaveLength(4);
  });

  it('splits long texts at 2000 characters and keeps long payloads under 1000 as a digest', () => {
    const parts = splitText('word '.repeat(1000), MESSENGER.textLimit);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    const rendered = messenger.render({ type: 'text', text: 'x'.repeat(4500) }, 'psid');
    expect(rendered.map((r) => bodyOf(r).message.text.length)).toStrictEqual([2000, 2000, 500]);
    // Never cut inside a surrogate pair.
    expect(splitText('😀'.repeat(1500), 2000).every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
    expect(encodePayload('track')).toBe('track');
    const long = 'p'.repeat(PAYLOAD_LIMIT + 1);
    expect(encodePayload(long)).toBe(payloadDigest(long));
    expect(encodePayload(long).length).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  });

  it('renders articles as a generic template of link cards', () => {
    const out = messenger.render({ type: 'articles', text: 'These may help', articles: [{ id: '1', title: 'Returns and refunds policy', url: 'https://example.com/r', snippet: 'How to return' }] }, 'psid');
    expect(bodyOf(out[0]!).message).toStrictEqual({ text: 'These may help' });
    expect(bodyOf(out[1]!).message.attachment.payload.elements).toStrictEqual([
      {
        title: 'Returns and refunds policy',
        subtitle: 'How to return',
        default_action: { type: 'web_url', url: 'https://example.com/r' },
        buttons: [{ type: 'web_url', title: 'Returns and refunds…', url: 'https://example.com/r' }],
      },
    ]);
  });

  it('reads the webhook: text, quick reply and postback, attachments, echoes, deliveries and reads; other objects are not its', () => {
    const update = messenger.parse({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          messaging: [
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 10, message: { mid: 'a', text: 'hi' } },
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 11, message: { mid: 'b', text: 'Track my order', quick_reply: { payload: 'track' } } },
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 12, postback: { mid: 'c', title: 'Buy', payload: 'buy' } },
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 13, message: { mid: 'd', attachments: [{ type: 'image', payload: { url: 'https://x' } }] } },
            { sender: { id: PAGE }, recipient: { id: 'u1' }, timestamp: 14, message: { mid: 'e', text: 'our own', is_echo: true } },
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 15, delivery: { mids: ['m_1'], watermark: 15 } },
            { sender: { id: 'u1' }, recipient: { id: PAGE }, timestamp: 16, read: { watermark: 1_764_082_800_000 } },
            { nonsense: true },
          ],
        },
      ],
    });
    expect(update?.events).toStrictEqual([
      { kind: 'text', chatId: 'u1', at: 10, text: 'hi' },
      { kind: 'postback', chatId: 'u1', at: 11, payload: 'track' },
      { kind: 'postback', chatId: 'u1', at: 12, payload: 'buy' },
      { kind: 'unsupported', chatId: 'u1', at: 13, what: 'a message with a image attachment' },
      { kind: 'status', chatId: 'u1', at: 15, status: 'delivered', messageIds: ['m_1'] },
      { kind: 'status', chatId: 'u1', at: 16, status: 'read', before: new Date(1_764_082_800_000).toISOString() },
    ]);
    expect(messenger.parse({ object: 'instagram', entry: [] })).toBeUndefined();
    expect(messenger.parse({ hello: 'world' })).toBeUndefined();
    const same = { object: 'page', entry: [{ messaging: [{ sender: { id: 'u1' }, timestamp: 10, message: { mid: 'a', text: 'hi' } }] }] };
    expect(messenger.parse(same)?.updateId).toBe(messenger.parse(structuredClone(same))?.updateId);
    expect(messenger.parse(same)?.updateId).not.toBe(update?.updateId);
  });
});

describe('messenger channel through the app', () => {
  let fake: FakeSendApi;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let clockMs = 0;

  const url = () => `${server.url}/api/channels/messenger/${BOT}/webhook`;
  /** Posts a body as Meta does: the exact bytes, signed with the app secret. */
  const post = (body: unknown, secret: string | null = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return call(url(), { raw, headers: secret === null ? {} : { 'x-hub-signature-256': hubSignature(raw, secret) } });
  };
  const now = () => (clockMs = Math.max(clockMs + 1, server.clock.now.getTime()));
  const item = (psid: string, fields: Record<string, unknown>, timestamp = now()) => ({ sender: { id: psid }, recipient: { id: PAGE }, timestamp, ...fields });
  const batch = (...messaging: unknown[]) => ({ object: 'page', entry: [{ id: PAGE, time: now(), messaging }] });
  const text = (psid: string, t: string) => batch(item(psid, { message: { mid: `mid.${now()}`, text: t } }));
  const tap = (psid: string, title: string, payload: string) => batch(item(psid, { message: { mid: `mid.${now()}`, text: title, quick_reply: { payload } } }));
  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const shown = (psid: string) => fake.to(psid).map((s) => shownText(s.message));
  /** The newest quick reply with this title shown in the chat. */
  const quickReply = (psid: string, title: string) => {
    const found = fake
      .to(psid)
      .flatMap((s) => (s.message.quick_replies ?? []) as { title: string; payload: string }[])
      .findLast((q) => q.title === title);
    if (!found) throw new Error(`no quick reply "${title}" was shown to ${psid}`);
    return found;
  };
  const press = async (psid: string, title: string) => {
    const q = quickReply(psid, title);
    expect((await post(tap(psid, q.title, q.payload))).status).toBe(200);
    await drain();
  };
  const say = async (psid: string, t: string) => {
    expect((await post(text(psid, t))).status).toBe(200);
    await drain();
  };
  const conversationOf = (psid: string) => server.store.channels.conversationOf({ channel: 'messenger', botId: BOT, chatId: psid });
  const customerTexts = async (psid: string) => (await server.store.conversations.messagesAfter((await conversationOf(psid))!, 0, 200)).filter((m) => m.author === 'customer').map((m) => m.payload.text);

  beforeAll(async () => {
    fake = await startFakeSendApi(MESSENGER, TOKEN);
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    const put = await call(`${server.url}/api/bots/${BOT}/channels/messenger`, { method: 'PUT', token: ADMIN, body: { pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY, apiBase: fake.origin } });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
  });

  it('keeps the settings with every secret masked', async () => {
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    expect(list.status).toBe(200);
    for (const secret of [TOKEN, APP_SECRET, VERIFY]) expect(JSON.stringify(list.body)).not.toContain(secret);
    const view = list.body.channels.find((c: { channel: string }) => c.channel === 'messenger');
    expect(view).toMatchObject({ settings: { pageAccessToken: SECRET_MASK, appSecret: SECRET_MASK, verifyToken: SECRET_MASK, apiBase: fake.origin, apiVersion: 'v21.0' }, status: 'connected' });
    expect(view.webhookUrl).toBe(url());
  });

  it('answers the GET handshake with the challenge for the verify token, 403 otherwise', async () => {
    const handshake = (token: string, mode = 'subscribe') =>
      fetch(`${url()}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect(await handshake(VERIFY)).toStrictEqual({ status: 200, text: '1158201444' });
    expect((await handshake('wrong-token')).status).toBe(403);
    expect((await handshake(VERIFY, 'unsubscribe')).status).toBe(403);
  });

  it('runs order-support on Messenger: menu as quick replies, order lookup, FAQ and articles, a ticket and the agent reply', async () => {
    const psid = '7001';
    // Customers open Messenger chats with their question: the greeting and menu come, and the question's answer.
    await say(psid, 'How long does shipping take?');
    expect(shown(psid)[0]).toContain('Northwind Goods assistant');
    const menu = fake.to(psid).find((s) => s.message.text === 'What can I help you with today?');
    expect((menu?.message.quick_replies as { title: string }[]).map((q) => q.title)).toStrictEqual(['Track my order', 'Shipping, returns o…', 'Talk to a person']);
    expect(shown(psid).some((t) => t.startsWith('We ship within 1–2 business days'))).toBe(true);
    expect(shown(psid).at(-1)).toBe('Did that answer your question?');
    expect(fake.to(psid).every((s) => s.messagingType === 'RESPONSE')).toBe(true);

    await press(psid, 'Yes, thanks');
    expect(shown(psid).at(-1)).toBe('Is there anything else I can help with?');
    await press(psid, 'Yes, something else');
    await press(psid, 'Track my order');
    expect(shown(psid).at(-1)).toContain("What's your order number?");
    await say(psid, '10001');
    expect(shown(psid).some((t) => t.includes('10001'))).toBe(true);
    expect(shown(psid).at(-1)).toBe('Is there anything else I can help with?');

    // A question the FAQ cannot answer: help-center articles as link cards.
    await say(psid, 'How do I reset my password?');
    const cards = fake.to(psid).filter((s) => s.message.attachment?.payload?.template_type === 'generic');
    expect(cards.length).toBeGreaterThan(0);
    const element = cards.at(-1)!.message.attachment.payload.elements[0];
    expect(element.buttons[0]).toMatchObject({ type: 'web_url' });
    expect(shown(psid).at(-1)).toBe('Did one of these articles answer your question?');

    await press(psid, 'No');
    expect(shown(psid).at(-1)).toBe("What's your name?");
    await say(psid, 'Ada');
    await say(psid, 'ada@example.com');
    expect(shown(psid).at(-1)).toContain('An agent will reply here shortly');

    const conversationId = (await conversationOf(psid))!;
    const tickets = await call(`${server.url}/api/tickets`, { token: AGENT });
    const ticket = (tickets.body.tickets as { id: number; conversationId: string }[]).find((t) => t.conversationId === conversationId);
    expect(ticket).toBeDefined();
    expect((await call(`${server.url}/api/tickets/${ticket!.id}/messages`, { token: AGENT, body: { text: 'Hi Ada, Sam here. Let me look.' } })).status).toBe(201);
    await drain();
    expect(fake.to(psid).at(-1)).toMatchObject({ messagingType: 'RESPONSE', message: { text: 'Hi Ada, Sam here. Let me look.' } });

    // A day and more later the reply needs Meta's HUMAN_AGENT tag.
    server.clock.now = new Date(server.clock.now.getTime() + 25 * 60 * 60 * 1000);
    expect((await call(`${server.url}/api/tickets/${ticket!.id}/messages`, { token: AGENT, body: { text: 'Your parcel is on its way.' } })).status).toBe(201);
    await drain();
    expect(fake.to(psid).at(-1)).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Your parcel is on its way.' } });
    expect(await customerTexts(psid)).toStrictEqual(['How long does shipping take?', 'Yes, thanks', 'Yes, something else', 'Track my order', '10001', 'How do I reset my password?', 'No', 'Ada', 'ada@example.com']);
    expect(fake.problems).toStrictEqual([]);
  });

  it('refuses forged and unsigned webhooks with 401 and stores nothing; malformed JSON with a valid signature is 400', async () => {
    const psid = '7002';
    const deliveries = (await server.store.deliveries.list({ limit: 500 })).length;
    expect((await post(text(psid, 'hello'), 'not-the-app-secret-0000')).status).toBe(401);
    expect((await post(text(psid, 'hello'), null)).status).toBe(401);
    expect(await conversationOf(psid)).toBeUndefined();
    expect((await server.store.deliveries.list({ limit: 500 })).length).toBe(deliveries);
    const raw = '{"object":"page","entry":[';
    expect((await call(url(), { raw, headers: { 'x-hub-signature-256': hubSignature(raw, APP_SECRET) } })).status).toBe(400);
    expect((await post({ object: 'instagram', entry: [] })).status).toBe(400);
  });

  it('ignores echoes, takes a batch in timestamp order, and a repeated body once', async () => {
    const psid = '7003';
    await say(psid, 'Can I pay with PayPal?');
    const sentBefore = fake.sent.length;
    const echo = batch({ sender: { id: PAGE }, recipient: { id: psid }, timestamp: now(), message: { mid: 'echo.1', text: 'What can I help you with today?', is_echo: true } });
    expect((await post(echo)).status).toBe(200);
    await drain();
    expect(fake.sent.length).toBe(sentBefore);

    const first = now();
    const second = now();
    const outOfOrder = batch(item(psid, { message: { mid: 'mid.b', text: 'second' } }, second), item(psid, { message: { mid: 'mid.a', text: 'first' } }, first));
    expect((await post(outOfOrder)).status).toBe(200);
    expect((await post(outOfOrder)).status).toBe(200);
    await drain();
    expect(await customerTexts(psid)).toStrictEqual(['Can I pay with PayPal?', 'first', 'second']);
    expect(fake.problems).toStrictEqual([]);
  });

  it('records delivery reports by message id and read reports by watermark', async () => {
    const psid = '7004';
    await say(psid, 'How long does shipping take?');
    await press(psid, 'Yes, thanks');
    const conversationId = (await conversationOf(psid))!;
    const last = fake.to(psid).at(-1)!;
    expect(shownText(last.message)).toBe('Is there anything else I can help with?');
    expect((await server.store.channels.statuses(conversationId)).every((s) => s.status === 'sent')).toBe(true);
    expect((await post(batch(item(psid, { delivery: { mids: [last.messageId], watermark: now() } })))).status).toBe(200);
    const afterDelivery = await server.store.channels.statuses(conversationId);
    expect(afterDelivery.at(-1)!.status).toBe('delivered');
    expect(afterDelivery.slice(0, -1).every((s) => s.status === 'sent')).toBe(true);
    // Everything sent up to the watermark was read.
    server.clock.now = new Date(server.clock.now.getTime() + 1000);
    expect((await post(batch(item(psid, { read: { watermark: server.clock.now.getTime() } })))).status).toBe(200);
    const afterRead = await server.store.channels.statuses(conversationId);
    expect(afterRead.length).toBe(afterDelivery.length);
    expect(afterRead.every((s) => s.status === 'read')).toBe(true);
  });

  it('retries a turn whose second message Meta answered 500, without sending the first again', async () => {
    const psid = '7005';
    // A typed menu label works like the quick reply.
    await say(psid, 'Track my order');
    expect(shown(psid)).toContainEqual(expect.stringContaining("What's your order number?"));
    const before = shown(psid).length;
    // The lookup's turn is two messages: the order's status, then "anything else?". The second fails once.
    fake.plan.push(undefined, 500);
    await say(psid, '10001');
    expect(shown(psid).slice(before)).toHaveLength(1);
    expect(shown(psid).at(-1)).toMatch(/^Your order 10001 has shipped/);
    const failed = (await server.store.deliveries.list({ kind: 'channel:messenger', status: 'pending', limit: 20 })).find((d) => d.target === `${BOT}:${psid}`);
    expect(failed?.lastError).toContain('500');
    expect(failed?.lastError).not.toContain(TOKEN);
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    expect(shown(psid).slice(before)).toHaveLength(2);
    expect(shown(psid).filter((t) => t.startsWith('Your order 10001 has shipped'))).toHaveLength(1);
    expect(shown(psid).at(-1)).toBe('Is there anything else I can help with?');
    // A rate limit (429, code 613) passes too.
    fake.plan.push(429);
    await press(psid, 'Yes, something else');
    expect(shown(psid).at(-1)).toBe('Is there anything else I can help with?');
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    expect(shown(psid).at(-1)).toBe('What can I help you with today?');
    expect(fake.problems).toStrictEqual([]);
  });

  it('marks the channel broken when Meta refuses the token, and keeps the delivery dead, not lost', async () => {
    const psid = '7006';
    fake.state.revoked = true;
    expect((await post(text(psid, 'Hello'))).status).toBe(200);
    await drain();
    expect(fake.to(psid)).toStrictEqual([]);
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    const view = list.body.channels.find((c: { channel: string }) => c.channel === 'messenger');
    expect(view.status).toBe('broken');
    expect(view.broken.reason).toContain('code 190');
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    const dead = (await server.store.deliveries.list({ kind: 'channel:messenger', status: 'dead', limit: 20 })).find((d) => d.target === `${BOT}:${psid}`);
    expect(dead?.lastError).toContain('190');
    const audit = await call(`${server.url}/api/audit`, { token: ADMIN });
    expect(JSON.stringify(audit.body)).toContain('channel.broken');
    fake.state.revoked = false;
  });
});
