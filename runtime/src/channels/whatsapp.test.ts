import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Button } from '@parley/shared';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { SECRET_MASK } from '../flowSecrets';
import { hubSignature } from './metaWebhook';
import { BUTTON_TITLE_LIMIT, PAYLOAD_ID_LIMIT, ROW_TITLE_LIMIT, TEXT_LIMIT, whatsapp } from './whatsapp';

const BOT = 'order-support';
const TOKEN = 'EAAGfakeWhatsAppAccessTokenForTestsOnly0123456789';
const PHONE_ID = '106540352242922';
const APP_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const VERIFY = 'verify-me-please-42';

type Sent = { id: string; body: Record<string, any> };
type Interactive = { type: string; body: { text: string }; action: { buttons?: { reply: { id: string; title: string } }[] } };

/** What WhatsApp checks of one message before it takes it; the reason it refuses, or undefined. */
function refusal(body: Record<string, any>): string | undefined {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (typeof body.to !== 'string' || !/^\d{5,20}$/.test(body.to)) return 'to must be a phone number';
  switch (body.type) {
    case 'text': {
      const text = body.text?.body;
      if (typeof text !== 'string' || text.length === 0) return 'text.body is empty';
      if (text.length > 4096) return 'text.body is over 4096 characters';
      return undefined;
    }
    case 'image':
      if (typeof body.image?.link !== 'string' || !body.image.link.startsWith('https://')) return 'image.link must be an https URL';
      if (body.image.caption !== undefined && body.image.caption.length > 1024) return 'image.caption is over 1024 characters';
      return undefined;
    case 'template':
      if (typeof body.template?.name !== 'string' || typeof body.template?.language?.code !== 'string') return 'template needs a name and a language code';
      return undefined;
    case 'interactive':
      return interactiveRefusal(body.interactive);
    default:
      return `unknown message type ${String(body.type)}`;
  }
}

function interactiveRefusal(interactive: any): string | undefined {
  const text = interactive?.body?.text;
  if (typeof text !== 'string' || text.length === 0) return 'interactive.body.text is empty';
  if (interactive.type === 'button') {
    if (text.length > 1024) return 'button body over 1024 characters';
    const buttons = interactive.action?.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'reply buttons must be 1 to 3';
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const b of buttons) {
      if (b.type !== 'reply') return 'button type must be reply';
      const { id, title } = b.reply ?? {};
      if (typeof id !== 'string' || id === '' || id.length > 256 || id !== id.trim()) return `bad button id ${String(id)}`;
      if (typeof title !== 'string' || title === '' || title.length > 20) return `bad button title ${String(title)}`;
      if (ids.has(id) || titles.has(title)) return 'duplicate button id or title';
      ids.add(id);
      titles.add(title);
    }
    return undefined;
  }
  if (interactive.type === 'list') {
    if (text.length > 4096) return 'list body over 4096 characters';
    const label = interactive.action?.button;
    if (typeof label !== 'string' || label === '' || label.length > 20) return 'list button label must be 1 to 20 characters';
    const sections = interactive.action?.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'a list has 1 to 10 sections';
    const rows = sections.flatMap((s: any) => s.rows ?? []);
    if (rows.length < 1 || rows.length > 10) return 'a list has 1 to 10 rows';
    const ids = new Set<string>();
    for (const r of rows) {
      if (typeof r.id !== 'string' || r.id === '' || r.id.length > 200) return `bad row id ${String(r.id)}`;
      if (typeof r.title !== 'string' || r.title === '' || r.title.length > 24) return `bad row title ${String(r.title)}`;
      if (r.description !== undefined && (typeof r.description !== 'string' || r.description.length > 72)) return 'row description over 72 characters';
      if (ids.has(r.id)) return 'duplicate row id';
      ids.add(r.id);
    }
    return undefined;
  }
  return `unknown interactive type ${String(interactive?.type)}`;
}

/**
 * A stand-in for the Graph API's messages endpoint on loopback that refuses what WhatsApp refuses (a missing or wrong
 * token, another phone number id, malformed messages, too many or too long buttons and rows) and can be told to fail
 * or to treat the token as revoked.
 */
async function startFakeGraph() {
  const sent: Sent[] = [];
  /** Each failure lets `pass` more requests through first. */
  const failures: { status: number; code: number; pass: number }[] = [];
  const problems: string[] = [];
  const state = { revoked: false };
  let n = 0;
  const api = express();
  api.use(express.json());
  api.post('/:version/:phoneId/messages', (req, res) => {
    const error = (status: number, code: number, message: string) => res.status(status).json({ error: { message, type: 'OAuthException', code, fbtrace_id: `trace${++n}` } });
    const auth = req.get('authorization');
    if (state.revoked) return error(401, 190, 'Error validating access token: The session has been invalidated because the user changed their password.');
    if (auth !== `Bearer ${TOKEN}`) {
      problems.push(`wrong or missing bearer token`);
      return error(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (!/^v\d+\.\d+$/.test(req.params.version)) problems.push(`bad version ${req.params.version}`);
    if (req.params.phoneId !== PHONE_ID) {
      problems.push(`unknown phone number id ${req.params.phoneId}`);
      return error(400, 100, 'Unsupported post request. Object does not exist');
    }
    const body = req.body as Record<string, any>;
    const why = req.is('application/json') ? refusal(body) : 'not JSON';
    if (why) {
      problems.push(why);
      return error(400, 100, `(#100) Invalid parameter: ${why}`);
    }
    const failure = failures[0];
    if (failure && failure.pass-- <= 0) {
      failures.shift();
      return error(failure.status, failure.code, failure.status === 429 ? '(#130429) Rate limit hit' : 'An unknown error occurred');
    }
    const id = `wamid.${++n}`;
    sent.push({ id, body });
    res.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] });
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    failures,
    problems,
    state,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

type Fake = Awaited<ReturnType<typeof startFakeGraph>>;

const postbacks = (count: number, label = (i: number) => `Option ${i + 1}`): Button[] =>
  Array.from({ length: count }, (_, i) => ({ id: `o${i}`, label: label(i), action: 'postback' as const, payload: `menu:o${i}` }));

describe('whatsapp rendering', () => {
  it('renders up to 3 choices as reply buttons, clipping titles to 20 characters and keeping them unique', () => {
    const [msg, ...rest] = whatsapp.render({ type: 'options', text: 'Pick one', buttons: postbacks(3, (i) => `A rather long label that goes on ${i === 2 ? 'x' : ''}`) }, '15550001');
    expect(rest).toStrictEqual([]);
    expect(msg!.body).toMatchObject({ messaging_product: 'whatsapp', to: '15550001', type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' } } });
    const buttons = msg!.body.interactive as { action: { buttons: { reply: { id: string; title: string } }[] } };
    const titles = buttons.action.buttons.map((b) => b.reply.title);
    expect(titles.every((t) => t.length <= BUTTON_TITLE_LIMIT)).toBe(true);
    expect(new Set(titles).size).toBe(3);
    expect(buttons.action.buttons.map((b) => b.reply.id)).toStrictEqual(['menu:o0', 'menu:o1', 'menu:o2']);
    expect(refusal(msg!.body)).toBeUndefined();
  });

  it('renders 4 to 10 choices as a list with the whole label under a clipped row title', () => {
    const [msg] = whatsapp.render({ type: 'options', text: 'Which topic?', buttons: postbacks(7, (i) => (i === 0 ? 'Shipping, returns or payment question' : `Topic ${i}`)) }, '15550001');
    const interactive = msg!.body.interactive as { type: string; action: { button: string; sections: { rows: { id: string; title: string; description?: string }[] }[] } };
    expect(interactive.type).toBe('list');
    const rows = interactive.action.sections[0]!.rows;
    expect(rows).toHaveLength(7);
    expect(rows[0]!.title.length).toBeLessThanOrEqual(ROW_TITLE_LIMIT);
    expect(rows[0]!.description).toBe('Shipping, returns or payment question');
    expect(interactive.action.button).toBe('Choose');
    expect(refusal(msg!.body)).toBeUndefined();
    // Korean text, Korean words around the list.
    const [ko] = whatsapp.render({ type: 'options', text: '무엇을 도와드릴까요?', buttons: postbacks(5) }, '15550001');
    expect((ko!.body.interactive as { action: { button: string } }).action.button).toBe('선택하기');
  });

  it('renders more than 10 choices as text listing every label, to be answered by typing one', () => {
    const out = whatsapp.render({ type: 'options', text: 'Which store?', buttons: postbacks(12) }, '15550001');
    expect(out).toHaveLength(1);
    expect(out[0]!.body.type).toBe('text');
    const text = (out[0]!.body.text as { body: string }).body;
    expect(text.startsWith('Which store?\n\nReply with one of these:\n• Option 1\n')).toBe(true);
    expect(text).toContain('• Option 12');
  });

  it('splits long texts, keeps a long button text whole before the buttons, and shows the input error first', () => {
    const long = 'word '.repeat(2000);
    const parts = whatsapp.render({ type: 'text', text: long }, '15550001');
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => refusal(p.body) === undefined)).toBe(true);
    const withButtons = whatsapp.render({ type: 'options', text: long, buttons: postbacks(2) }, '15550001');
    expect(withButtons.map((p) => p.body.type)).toStrictEqual(['text', 'text', 'text', 'interactive']);
    expect(withButtons.every((p) => refusal(p.body) === undefined)).toBe(true);
    const shown = withButtons.map((p) => (p.body.type === 'text' ? (p.body.text as { body: string }).body : (p.body.interactive as { body: { text: string } }).body.text));
    expect(shown.join(' ').replace(/\s+/g, ' ').trim()).toBe(long.trim());
    const input = whatsapp.render({ type: 'input', text: 'Your email?', inputType: 'email', error: 'That is not an email address.' }, '15550001');
    expect(input).toStrictEqual([
      { method: 'messages', body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001', type: 'text', text: { body: 'That is not an email address.\n\nYour email?', preview_url: false } } },
    ]);
  });

  it('sends long payloads as a digest, links and articles as text with previews, carousel cards as images with buttons', () => {
    const long = 'p'.repeat(PAYLOAD_ID_LIMIT + 1);
    expect(whatsapp.encodePayload('menu:track')).toBe('menu:track');
    expect(whatsapp.encodePayload(long).length).toBeLessThanOrEqual(PAYLOAD_ID_LIMIT);
    expect(whatsapp.encodePayload(whatsapp.encodePayload(long))).not.toBe(whatsapp.encodePayload(long));
    const [links] = whatsapp.render({ type: 'options', text: 'See', buttons: [{ id: 'l', label: 'Our site', action: 'link', url: 'https://example.com' }] }, '1555000');
    expect(links!.body).toMatchObject({ type: 'text', text: { body: 'See\n\nOur site: https://example.com', preview_url: true } });
    const [articles] = whatsapp.render({ type: 'articles', text: 'These may help', articles: [{ id: '1', title: 'Returns', url: 'https://example.com/r', snippet: '' }] }, '1555000');
    expect(articles!.body).toMatchObject({ type: 'text', text: { body: 'These may help\n\nReturns\nhttps://example.com/r', preview_url: true } });
    const cards = whatsapp.render(
      {
        type: 'carousel',
        text: 'Pick one',
        cards: [
          { id: 'a', title: 'A', description: 'first', imageUrl: 'https://example.com/a.png', buttons: [{ id: 'b1', label: 'Buy', action: 'postback', payload: 'buy-a' }] },
          { id: 'b', title: 'B', description: 'second', buttons: [] },
        ],
      },
      '1555000',
    );
    expect(cards.map((r) => r.body.type)).toStrictEqual(['text', 'image', 'interactive', 'text']);
    expect(cards[1]!.body).toMatchObject({ image: { link: 'https://example.com/a.png', caption: 'A\nfirst' } });
    expect(cards[2]!.body).toMatchObject({ interactive: { type: 'button', body: { text: 'A' }, action: { buttons: [{ type: 'reply', reply: { id: 'buy-a', title: 'Buy' } }] } } });
    expect(cards.every((p) => refusal(p.body) === undefined)).toBe(true);
  });

  it('reads messages, presses, template quick replies and statuses, and ignores what is not WhatsApp', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { phone_number_id: PHONE_ID },
                contacts: [{ profile: { name: 'Ada' }, wa_id: '15551' }],
                messages: [
                  { from: '15551', id: 'wamid.A', timestamp: '1764082800', type: 'text', text: { body: 'hello' } },
                  { from: '15551', id: 'wamid.B', timestamp: '1764082801', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'menu:o5', title: 'Option 6' } } },
                  { from: '15551', id: 'wamid.C', timestamp: '1764082802', type: 'button', button: { payload: 'resume', text: 'Continue' } },
                  { from: '15551', id: 'wamid.D', timestamp: '1764082803', type: 'sticker', sticker: { id: 'x' } },
                  { from: '15551', id: 'wamid.E', timestamp: '1764082804', type: 'reaction', reaction: { message_id: 'wamid.1', emoji: '👍' } },
                ],
                statuses: [{ id: 'wamid.9', status: 'read', timestamp: '1764082805', recipient_id: '15551' }],
              },
            },
          ],
        },
      ],
    };
    const parsed = whatsapp.parse(body)!;
    expect(parsed.updateId).toBe('wamid.A,wamid.B,wamid.C,wamid.D,wamid.E,wamid.9:read');
    expect(parsed.events).toStrictEqual([
      { kind: 'text', chatId: '15551', at: 1764082800000, text: 'hello', name: 'Ada' },
      { kind: 'postback', chatId: '15551', at: 1764082801000, payload: 'menu:o5', name: 'Ada' },
      { kind: 'postback', chatId: '15551', at: 1764082802000, payload: 'resume', name: 'Ada' },
      { kind: 'unsupported', chatId: '15551', at: 1764082803000, what: 'a sticker message' },
      { kind: 'status', chatId: '15551', at: 1764082805000, status: 'read', messageIds: ['wamid.9'] },
    ]);
    expect(whatsapp.parse({ object: 'page', entry: [] })).toBeUndefined();
    expect(whatsapp.parse({ hello: 'world' })).toBeUndefined();
  });
});

describe('whatsapp channel through the app', () => {
  let fake: Fake;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let seq = 0;
  const settings = (extra: Record<string, unknown> = {}) => ({ accessToken: TOKEN, phoneNumberId: PHONE_ID, appSecret: APP_SECRET, verifyToken: VERIFY, apiBase: fake.origin, ...extra });
  const putSettings = (body: Record<string, unknown>) => call(`${server.url}/api/bots/${BOT}/channels/whatsapp`, { method: 'PUT', token: ADMIN, body });
  const url = () => `${server.url}/api/channels/whatsapp/${BOT}/webhook`;

  /** Posts the exact bytes it signs, as Meta does. */
  const webhook = (body: unknown, secret: string | null = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return call(url(), { raw, headers: secret === null ? {} : { 'x-hub-signature-256': hubSignature(raw, secret) } });
  };
  const notification = (value: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA_ID', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550009999', phone_number_id: PHONE_ID }, ...value } }] }],
  });
  const inbound = (from: string, message: Record<string, unknown>) =>
    notification({
      contacts: [{ profile: { name: 'Ada' }, wa_id: from }],
      messages: [{ from, id: `wamid.in.${++seq}`, timestamp: String(Math.floor(server.clock.now.getTime() / 1000)), ...message }],
    });
  const text = (from: string, body: string) => inbound(from, { type: 'text', text: { body } });
  const press = (from: string, id: string) => inbound(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title: 'x' } } });
  const statuses = (...list: { id: string; status: string; to: string }[]) =>
    notification({ statuses: list.map((s) => ({ id: s.id, status: s.status, timestamp: String(Math.floor(server.clock.now.getTime() / 1000)), recipient_id: s.to })) });

  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const sentTo = (to: string) => fake.sent.filter((s) => s.body.to === to);
  const textsTo = (to: string) => sentTo(to).filter((s) => s.body.type === 'text').map((s) => s.body.text.body as string);
  const lastButtons = (to: string) => {
    const last = sentTo(to).at(-1)!;
    expect(last.body.type).toBe('interactive');
    return last.body.interactive as Interactive;
  };
  const interactivesTo = (to: string) => sentTo(to).filter((s) => s.body.type === 'interactive').map((s) => s.body.interactive as Interactive);
  /** The id of the newest button with this title shown in the chat. */
  const buttonNamed = (to: string, title: string) => {
    const button = interactivesTo(to).flatMap((i) => i.action.buttons ?? []).findLast((b) => b.reply.title === title);
    expect(button, `a button "${title}"`).toBeDefined();
    return button!.reply.id;
  };
  const conversationOf = (chat: string) => server.store.channels.conversationOf({ channel: 'whatsapp', botId: BOT, chatId: chat });
  const step = async (body: unknown) => {
    expect((await webhook(body)).status).toBe(200);
    await drain();
  };
  const ticketOf = async (conversationId: string) => {
    const tickets = (await call(`${server.url}/api/tickets`, { token: AGENT })).body.tickets as { id: number; conversationId: string }[];
    return tickets.find((t) => t.conversationId === conversationId);
  };
  const agentReply = (ticketId: number, t: string) => call(`${server.url}/api/tickets/${ticketId}/messages`, { token: AGENT, body: { text: t } });
  const hours = (h: number) => {
    server.clock.now = new Date(server.clock.now.getTime() + h * 3_600_000);
  };

  beforeAll(async () => {
    fake = await startFakeGraph();
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    const put = await putSettings(settings());
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain(TOKEN);
    expect(put.body.channel.settings).toMatchObject({ accessToken: SECRET_MASK, appSecret: SECRET_MASK, verifyToken: SECRET_MASK, phoneNumberId: PHONE_ID });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
  });

  it('runs order-support on WhatsApp: greeting, menu buttons, an FAQ answer, an order lookup, a handoff and an agent reply', async () => {
    const chat = '15551230001';
    // Customers open WhatsApp chats with their question: the greeting and menu come, then the question's answer.
    await step(text(chat, 'How do I return an item?'));
    expect(textsTo(chat)).toContainEqual(expect.stringContaining('Northwind Goods assistant'));
    const menu = interactivesTo(chat).find((i) => i.body.text === 'What can I help you with today?');
    expect(menu?.type).toBe('button');
    expect(menu?.action.buttons?.map((b) => b.reply.title)).toStrictEqual(['Track my order', 'Shipping, returns o…', 'Talk to a person']);
    expect(textsTo(chat)).toContainEqual(expect.stringContaining('You can return unused items within 30 days'));
    expect(interactivesTo(chat).map((i) => i.body.text)).toContain('Did that answer your question?');

    await step(press(chat, buttonNamed(chat, 'Yes, thanks')));
    expect(lastButtons(chat).body.text).toBe('Is there anything else I can help with?');
    await step(press(chat, buttonNamed(chat, 'Yes, something else')));
    expect(lastButtons(chat).body.text).toBe('What can I help you with today?');
    await step(press(chat, buttonNamed(chat, 'Track my order')));
    expect(textsTo(chat).at(-1)).toContain("What's your order number?");
    await step(text(chat, '10001'));
    expect(textsTo(chat).at(-1)).toContain('10001');
    expect(lastButtons(chat).body.text).toBe('Is there anything else I can help with?');

    await step(press(chat, buttonNamed(chat, 'Yes, something else')));
    await step(press(chat, buttonNamed(chat, 'Talk to a person')));
    expect(textsTo(chat).at(-1)).toContain('what do you need help with?');
    await step(text(chat, 'My parcel is late and I need it for a birthday'));
    expect(textsTo(chat).at(-1)).toBe("What's your name?");
    await step(text(chat, 'Ada Lovelace'));
    await step(text(chat, 'ada@example.com'));
    expect(textsTo(chat).at(-1)).toBe('Thanks Ada Lovelace! An agent will reply here shortly.');

    const conversationId = (await conversationOf(chat))!;
    const ticket = await ticketOf(conversationId);
    expect(ticket).toBeDefined();
    expect((await agentReply(ticket!.id, 'Hi Ada, I am looking at your parcel now.')).status).toBe(201);
    await drain();
    expect(textsTo(chat).at(-1)).toBe('Hi Ada, I am looking at your parcel now.');
    expect(fake.problems).toStrictEqual([]);
    const history = await server.store.conversations.messagesAfter(conversationId, 0, 200);
    expect(history.filter((m) => m.author === 'customer').map((m) => m.payload.text)).toContain('10001');
  });

  it('answers a question the FAQ cannot with help center articles as links', async () => {
    const chat = '15551230002';
    await step(text(chat, 'How do I reset my password?'));
    const articles = textsTo(chat).find((t) => t.startsWith("I couldn't answer that directly"));
    expect(articles).toMatch(/\n\n.+\nhttps?:\/\/\S+/);
    expect(sentTo(chat).find((s) => s.body.text?.body === articles)?.body.text.preview_url).toBe(true);
    expect(interactivesTo(chat).map((i) => i.body.text)).toContain('Did one of these articles answer your question?');
    expect(fake.problems).toStrictEqual([]);
  });

  it('retries a turn WhatsApp throttled, resuming after the part already sent', async () => {
    const chat = '15551230003';
    await step(text(chat, 'Track my order'));
    expect(textsTo(chat)).toContainEqual(expect.stringContaining("What's your order number?"));
    const before = sentTo(chat).length;
    // The lookup's answer goes; the turn's second request is throttled, then meets a 500, then goes.
    fake.failures.push({ status: 429, code: 130429, pass: 1 }, { status: 500, code: 2, pass: 0 });
    await step(text(chat, '10001'));
    expect(sentTo(chat)).toHaveLength(before + 1);
    const pending = async () => (await server.store.deliveries.list({ kind: 'channel:whatsapp', status: 'pending', limit: 20 })).find((d) => d.target === `${BOT}:${chat}`);
    expect((await pending())?.lastError).toContain('429');
    expect((await pending())?.lastError).toContain('130429');
    expect((await pending())?.lastError).not.toContain(TOKEN);
    hours(1);
    await drain();
    expect((await pending())?.lastError).toContain('500');
    hours(1);
    await drain();
    expect(await pending()).toBeUndefined();
    expect(fake.failures).toStrictEqual([]);
    expect(sentTo(chat)).toHaveLength(before + 2);
    expect(textsTo(chat).filter((t) => t.includes('10001') && !t.includes("What's your order number?"))).toHaveLength(1);
    expect(lastButtons(chat).body.text).toBe('Is there anything else I can help with?');
  });

  it('refuses forged and unsigned webhooks with 401 and stores nothing; 400 for bad JSON; answers the GET handshake', async () => {
    const chat = '15551230004';
    const before = (await server.store.deliveries.list({ limit: 500 })).length;
    expect((await webhook(text(chat, 'hello'), 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0')).status).toBe(401);
    expect((await webhook(text(chat, 'hello'), null)).status).toBe(401);
    // Signed, then changed in transit.
    const raw = JSON.stringify(text(chat, 'hello'));
    expect((await call(url(), { raw: raw.replace('hello', 'HELLO'), headers: { 'x-hub-signature-256': hubSignature(raw, APP_SECRET) } })).status).toBe(401);
    expect(await conversationOf(chat)).toBeUndefined();
    expect((await server.store.deliveries.list({ limit: 500 })).length).toBe(before);

    const bad = '{"object": "whatsapp_business_account", ';
    expect((await call(url(), { raw: bad, headers: { 'x-hub-signature-256': hubSignature(bad, APP_SECRET) } })).status).toBe(400);
    expect((await webhook({ object: 'page', entry: [] })).status).toBe(400);

    const handshake = (token: string) => fetch(`${url()}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=challenge-1158201444`);
    const ok = await handshake(VERIFY);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('challenge-1158201444');
    expect((await handshake('not-the-verify-token')).status).toBe(403);
  });

  it('records delivered and read reports, and a late delivered never moves a read message back', async () => {
    const chat = '15551230005';
    await step(text(chat, 'Track my order'));
    const greeting = sentTo(chat).find((s) => s.body.text?.body.includes('Northwind Goods assistant'))!;
    const menu = sentTo(chat).find((s) => s.body.interactive?.body.text === 'What can I help you with today?')!;
    const conversationId = (await conversationOf(chat))!;
    const states = async () => new Map((await server.store.channels.statuses(conversationId)).map((s) => [s.seq, s.status]));
    const seqOf = (text: string) =>
      server.store.conversations.messagesAfter(conversationId, 0, 100).then((all) => all.find((m) => m.payload.text === text)!.seq);
    const greetingSeq = await seqOf(greeting.body.text.body);
    const menuSeq = await seqOf('What can I help you with today?');
    expect((await states()).get(greetingSeq)).toBe('sent');
    await step(statuses({ id: greeting.id, status: 'delivered', to: chat }));
    expect((await states()).get(greetingSeq)).toBe('delivered');
    await step(statuses({ id: greeting.id, status: 'read', to: chat }));
    expect((await states()).get(greetingSeq)).toBe('read');
    // Meta does not promise order: the menu's read report comes before its delivered one.
    await step(statuses({ id: menu.id, status: 'read', to: chat }));
    await step(statuses({ id: menu.id, status: 'delivered', to: chat }));
    expect((await states()).get(menuSeq)).toBe('read');
    expect((await states()).get(greetingSeq)).toBe('read');
  });

  it('stores a duplicate webhook delivery once', async () => {
    const chat = '15551230006';
    await step(text(chat, 'Track my order'));
    const update = text(chat, 'Where is my parcel?');
    expect((await webhook(update)).status).toBe(200);
    expect((await webhook(update)).status).toBe(200);
    await drain();
    const id = (await conversationOf(chat))!;
    const mine = (await server.store.conversations.messagesAfter(id, 0, 100)).filter((m) => m.payload.text === 'Where is my parcel?');
    expect(mine).toHaveLength(1);
  });

  it('marks the channel broken when WhatsApp refuses the token, keeps the delivery dead for a retry', async () => {
    const chat = '15551230007';
    fake.state.revoked = true;
    await step(text(chat, 'Track my order'));
    expect(sentTo(chat)).toStrictEqual([]);
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    const view = list.body.channels.find((c: { channel: string }) => c.channel === 'whatsapp');
    expect(view.status).toBe('broken');
    expect(view.broken.reason).toContain('190');
    expect(JSON.stringify(list.body)).not.toContain(TOKEN);
    const audit = await call(`${server.url}/api/audit`, { token: ADMIN });
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'channel.broken').map((e: { detail: unknown }) => JSON.stringify(e.detail))).toStrictEqual([expect.stringContaining('whatsapp')]);
    const dead = (await server.store.deliveries.list({ kind: 'channel:whatsapp', status: 'dead', limit: 20 })).filter((d) => d.target === `${BOT}:${chat}`);
    expect(dead.length).toBeGreaterThan(0);
    for (const d of dead) {
      expect(d.lastError).toContain('401');
      expect(d.lastError).not.toContain(TOKEN);
    }

    // A new token saved, the admin retries: the greeting arrives.
    fake.state.revoked = false;
    expect((await putSettings(settings({ accessToken: SECRET_MASK, appSecret: SECRET_MASK, verifyToken: SECRET_MASK }))).status).toBe(200);
    expect((await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN })).body.channels.find((c: { channel: string }) => c.channel === 'whatsapp').status).not.toBe('broken');
    for (const d of dead) expect((await call(`${server.url}/api/deliveries/${d.id}/retry`, { token: ADMIN, body: {} })).status).toBe(200);
    await drain();
    expect(textsTo(chat)).toContainEqual(expect.stringContaining('Northwind Goods assistant'));
    expect(textsTo(chat)).toContainEqual(expect.stringContaining("What's your order number?"));
    expect(fake.problems).toStrictEqual([]);
  });

  it('sends the template outside the 24-hour window, and without one keeps the delivery dead with a readable error', async () => {
    const chat = '15551230001';
    const ticket = (await ticketOf((await conversationOf(chat))!))!;
    hours(25);
    expect((await putSettings(settings({ templateName: 'order_update', templateLanguage: 'en_US' }))).status).toBe(200);
    expect((await agentReply(ticket.id, 'Your parcel arrived at the depot.')).status).toBe(201);
    await drain();
    expect(sentTo(chat).at(-1)!.body).toStrictEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: chat,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } },
    });
    expect(textsTo(chat)).not.toContain('Your parcel arrived at the depot.');

    expect((await putSettings(settings())).status).toBe(200);
    const count = sentTo(chat).length;
    expect((await agentReply(ticket.id, 'Any news?')).status).toBe(201);
    await drain();
    expect(sentTo(chat)).toHaveLength(count);
    const dead = (await server.store.deliveries.list({ kind: 'channel:whatsapp', status: 'dead', limit: 20 })).find((d) => d.target === `${BOT}:${chat}`);
    expect(dead?.lastError).toContain("Outside WhatsApp's 24-hour customer service window");
    expect(dead?.lastError).toContain('templateName');

    // The customer writes again: the window opens, free-form messages go again.
    await step(text(chat, 'Thanks!'));
    expect((await agentReply(ticket.id, 'You are welcome.')).status).toBe(201);
    await drain();
    expect(textsTo(chat).at(-1)).toBe('You are welcome.');
    expect(fake.problems).toStrictEqual([]);
  });

  it('refuses a send that WhatsApp rejects without retrying, and never names the token', async () => {
    const config = whatsapp.configSchema.parse(settings());
    const tooMany = { method: 'messages', body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001', type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } } } };
    const refused = await whatsapp.send(tooMany, config, fetch);
    expect(refused).toMatchObject({ ok: false, status: 400, retryable: false });
    expect(refused.ok ? '' : refused.error).toContain('reply buttons must be 1 to 3');
    expect(fake.problems.splice(0)).toStrictEqual(['reply buttons must be 1 to 3']);
    const wrongToken = await whatsapp.send(tooMany, { ...config, accessToken: `${TOKEN}-old` }, fetch);
    expect(wrongToken).toMatchObject({ ok: false, status: 401, retryable: false, credentialsRefused: true });
    expect(fake.problems.splice(0)).toStrictEqual(['wrong or missing bearer token']);
  });
});
