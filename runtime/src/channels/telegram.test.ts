import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { SECRET_MASK } from '../flowSecrets';
import { CALLBACK_DATA_BYTES, TEXT_LIMIT, callbackData, splitText, telegram } from './telegram';

const BOT = 'order-support';
const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdef';
const SECRET = 'webhook-secret-0123456789';

type Sent = { method: string; body: Record<string, unknown> };
type KeyboardButton = { text?: unknown; callback_data?: unknown; url?: unknown };

/**
 * A stand-in for the Bot API on loopback that refuses what Telegram refuses: a wrong token, a body that is not JSON,
 * an empty or too-long text, callback_data over 64 bytes, a malformed inline keyboard. It can be told to fail.
 */
async function startFakeTelegram() {
  const sent: Sent[] = [];
  /** Answers the next calls of a method with an error; `skip` lets that many calls through first. */
  const failures: { method: string; status: number; skip?: number }[] = [];
  /** While set, every call is refused as Telegram refuses a revoked token. */
  const revoked = { now: false };
  const problems: string[] = [];
  const api = express();
  api.use(express.json());
  api.post('/bot:token/:method', (req, res) => {
    const { token, method } = req.params;
    const refuse = (status: number, description: string) => {
      problems.push(`${method}: ${description}`);
      res.status(status).json({ ok: false, error_code: status, description });
    };
    if (token !== TOKEN || revoked.now) return refuse(401, 'Unauthorized');
    if (!req.is('application/json') || typeof req.body !== 'object') return refuse(400, 'Bad Request: not JSON');
    const fail = failures.findIndex((f) => f.method === method && !(f.skip && f.skip-- > 0));
    if (fail !== -1) {
      const { status } = failures.splice(fail, 1)[0]!;
      return void res.status(status).json({ ok: false, error_code: status, description: status === 429 ? 'Too Many Requests: retry after 3' : 'Internal Server Error', ...(status === 429 ? { parameters: { retry_after: 3 } } : {}) });
    }
    const body = req.body as Record<string, unknown>;
    if (method === 'sendMessage') {
      if (typeof body.chat_id !== 'string' && typeof body.chat_id !== 'number') return refuse(400, 'Bad Request: chat_id is empty');
      if (typeof body.text !== 'string' || body.text.length === 0 || body.text.length > TEXT_LIMIT) return refuse(400, 'Bad Request: message text is empty or too long');
    } else if (method === 'answerCallbackQuery') {
      if (typeof body.callback_query_id !== 'string') return refuse(400, 'Bad Request: query id is empty');
    } else if (method !== 'sendPhoto') return refuse(404, 'Not Found');
    const markup = body.reply_markup as { inline_keyboard?: unknown } | undefined;
    if (markup !== undefined) {
      const rows = markup.inline_keyboard;
      if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.length > 0)) return refuse(400, 'Bad Request: inline keyboard must be an array of button rows');
      for (const b of rows.flat() as KeyboardButton[]) {
        if (typeof b.text !== 'string' || b.text === '') return refuse(400, 'Bad Request: button text is empty');
        if ((b.callback_data === undefined) === (b.url === undefined)) return refuse(400, 'Bad Request: a button needs exactly one of callback_data and url');
        if (typeof b.callback_data === 'string' && (b.callback_data === '' || Buffer.byteLength(b.callback_data) > CALLBACK_DATA_BYTES)) return refuse(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
    sent.push({ method, body });
    res.json({ ok: true, result: method === 'answerCallbackQuery' ? true : { message_id: sent.length } });
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    failures,
    revoked,
    problems,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

type Fake = Awaited<ReturnType<typeof startFakeTelegram>>;

describe('telegram rendering', () => {
  it('keeps callback_data within 64 bytes and splits texts longer than 4096 characters', () => {
    expect(callbackData('track')).toBe('track');
    const long = 'é'.repeat(40);
    expect(Buffer.byteLength(callbackData(long))).toBeLessThanOrEqual(CALLBACK_DATA_BYTES);
    expect(telegram.encodePayload(long)).toBe(callbackData(long));
    const parts = splitText('word '.repeat(2000));
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= TEXT_LIMIT)).toBe(true);
  });

  it('renders a carousel as one card each, with its buttons, and articles as links', () => {
    const cards = telegram.render(
      {
        type: 'carousel',
        text: 'Pick one',
        cards: [
          { id: 'a', title: 'A', description: 'first', imageUrl: 'https://example.com/a.png', buttons: [{ id: 'b1', label: 'Buy', action: 'postback', payload: 'buy-a' }] },
          { id: 'b', title: 'B', description: 'second', buttons: [{ id: 'b2', label: 'More', action: 'link', url: 'https://example.com/b' }] },
        ],
      },
      '7',
    );
    expect(cards.map((r) => r.method)).toStrictEqual(['sendMessage', 'sendPhoto', 'sendMessage']);
    expect(cards[1]!.body).toMatchObject({ photo: 'https://example.com/a.png', reply_markup: { inline_keyboard: [[{ text: 'Buy', callback_data: 'buy-a' }]] } });
    const articles = telegram.render({ type: 'articles', text: 'These may help', articles: [{ id: '1', title: 'Returns', url: 'https://example.com/r', snippet: '' }] }, '7');
    expect(articles[0]!.body).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: 'Returns', url: 'https://example.com/r' }]] } });
  });
});

describe('telegram channel through the app', () => {
  let fake: Fake;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let updateId = 1000;

  const webhook = (update: Record<string, unknown>, secret: string | null = SECRET) =>
    call(`${server.url}/api/channels/telegram/${BOT}/webhook`, { body: update, ...(secret === null ? {} : { headers: { 'x-telegram-bot-api-secret-token': secret } }) });
  const text = (chatId: number, t: string) => ({ update_id: ++updateId, message: { message_id: updateId, chat: { id: chatId, type: 'private' }, from: { id: chatId, first_name: 'Ada' }, text: t } });
  const press = (chatId: number, data: string) => ({ update_id: ++updateId, callback_query: { id: `cq-${updateId}`, from: { id: chatId, first_name: 'Ada' }, data, message: { message_id: 1, chat: { id: chatId, type: 'private' } } } });
  /** Sends what is due, as the running dispatcher would, until nothing is left due at the current time. */
  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const textsTo = (chatId: number) => fake.sent.filter((s) => s.method === 'sendMessage' && s.body.chat_id === String(chatId)).map((s) => s.body.text as string);
  const conversationOf = (chatId: number) => server.store.channels.conversationOf({ channel: 'telegram', botId: BOT, chatId: String(chatId) });

  beforeAll(async () => {
    fake = await startFakeTelegram();
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    const put = await call(`${server.url}/api/bots/${BOT}/channels/telegram`, { method: 'PUT', token: ADMIN, body: { botToken: TOKEN, secretToken: SECRET, apiBase: fake.origin } });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
  });

  it('keeps the settings with secrets masked in every answer, and refuses bad ones with a readable message', async () => {
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(TOKEN);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(list.body.channels[0]).toMatchObject({ channel: 'telegram', settings: { botToken: SECRET_MASK, secretToken: SECRET_MASK, apiBase: fake.origin }, lastDeliveryError: null });
    expect(list.body.channels[0].webhookUrl).toBe(`${server.url}/api/channels/telegram/${BOT}/webhook`);
    // The mask keeps the stored secrets.
    const again = await call(`${server.url}/api/bots/${BOT}/channels/telegram`, { method: 'PUT', token: ADMIN, body: { botToken: SECRET_MASK, secretToken: SECRET_MASK, apiBase: fake.origin } });
    expect(again.status).toBe(200);
    expect((await server.store.channels.getConfig(BOT, 'telegram'))?.config).toMatchObject({ botToken: TOKEN, secretToken: SECRET });
    const bad = await call(`${server.url}/api/bots/${BOT}/channels/telegram`, { method: 'PUT', token: ADMIN, body: { botToken: 'nope', secretToken: SECRET } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('A Telegram bot token looks like');
    expect((await call(`${server.url}/api/bots/${BOT}/channels`)).status).toBe(401);
  });

  it('runs order-support on Telegram: start, a menu button, an order lookup, with inline keyboards', async () => {
    const chat = 501;
    expect((await webhook(text(chat, '/start'))).status).toBe(200);
    await drain();
    const menu = fake.sent.find((s) => s.body.chat_id === String(chat) && s.body.reply_markup);
    expect(textsTo(chat)[0]).toContain('Northwind Goods assistant');
    expect(menu?.body).toMatchObject({ text: 'What can I help you with today?' });
    const buttons = (menu!.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toStrictEqual(['Track my order', 'Shipping, returns or payment question', 'Talk to a person']);

    const track = buttons[0]!.callback_data;
    expect((await webhook(press(chat, track))).status).toBe(200);
    await drain();
    expect(fake.sent.some((s) => s.method === 'answerCallbackQuery' && s.body.callback_query_id === `cq-${updateId}`)).toBe(true);
    expect(textsTo(chat).at(-1)).toContain("What's your order number?");

    expect((await webhook(text(chat, '10001'))).status).toBe(200);
    await drain();
    const after = textsTo(chat);
    expect(after.some((t) => t.includes('10001'))).toBe(true);
    expect(after.at(-1)).toBe('Is there anything else I can help with?');
    expect(fake.problems).toStrictEqual([]);
    // One chat, one conversation.
    const history = await server.store.conversations.messagesAfter((await conversationOf(chat))!, 0, 100);
    expect(history.filter((m) => m.author === 'customer').map((m) => m.payload.text)).toStrictEqual(['Track my order', '10001']);
  });

  it('refuses a forged or unsigned webhook with 401 and stores nothing', async () => {
    const chat = 502;
    const before = (await server.store.deliveries.list({ limit: 500 })).length;
    const forged = text(chat, 'hello');
    expect((await webhook(forged, 'not-the-secret-token')).status).toBe(401);
    expect((await webhook(text(chat, 'hello'), null)).status).toBe(401);
    expect(await conversationOf(chat)).toBeUndefined();
    expect((await server.store.deliveries.list({ limit: 500 })).length).toBe(before);
    // Its id was not taken: the real update with that id is still handled.
    expect(await server.store.channels.claimUpdate('telegram', BOT, String(forged.update_id), server.clock.now.toISOString())).toBe(true);
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const url = `${server.url}/api/channels/telegram/${BOT}/webhook`;
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    expect((await call(url, { raw: '{"update_id": ', headers })).status).toBe(400);
    expect((await call(url, { body: { update_id: 1, message: { chat: { id: 1 }, text: 'x'.repeat(110_000) } }, headers })).status).toBe(413);
    expect((await call(url, { body: { hello: 'world' }, headers })).status).toBe(400);
  });

  it('stores a duplicate update once and answers it 200', async () => {
    const chat = 503;
    await webhook(text(chat, '/start'));
    await drain();
    const update = text(chat, 'Where is my parcel?');
    expect((await webhook(update)).status).toBe(200);
    const id = (await conversationOf(chat))!;
    const count = (await server.store.conversations.messagesAfter(id, 0, 100)).length;
    expect((await webhook(update)).status).toBe(200);
    expect((await server.store.conversations.messagesAfter(id, 0, 100)).length).toBe(count);
    expect((await server.store.conversations.messagesAfter(id, 0, 100)).filter((m) => m.payload.text === 'Where is my parcel?')).toHaveLength(1);
  });

  it('retries a send Telegram answered with 500 and sends the message once', async () => {
    const chat = 504;
    await drain();
    await webhook(text(chat, '/start'));
    fake.failures.push({ method: 'sendMessage', status: 500 });
    await drain();
    expect(textsTo(chat)).toStrictEqual([]);
    const failed = (await server.store.deliveries.list({ kind: 'channel:telegram', status: 'pending', limit: 10 })).find((d) => d.target === `${BOT}:${chat}`);
    expect(failed?.lastError).toContain('500');
    expect(failed?.lastError).not.toContain(TOKEN);
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    expect(list.body.channels[0].lastDeliveryError?.error).toContain('500');
    // The dispatcher's clock moves past the backoff; no real waiting.
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    const greetings = textsTo(chat).filter((t) => t.includes('Northwind Goods assistant'));
    expect(greetings).toHaveLength(1);
    expect(textsTo(chat).at(-1)).toBe('What can I help you with today?');
  });

  /** Presses the button labelled `label` in the newest keyboard this chat was sent that has it. */
  const pressLabel = async (chat: number, label: string) => {
    const keyboards = fake.sent.filter((s) => s.body.chat_id === String(chat) && s.body.reply_markup).map((s) => (s.body.reply_markup as { inline_keyboard: KeyboardButton[][] }).inline_keyboard.flat());
    const button = keyboards.reverse().flat().find((b) => b.text === label);
    if (!button || typeof button.callback_data !== 'string') throw new Error(`No button "${label}" was sent to chat ${chat}`);
    expect((await webhook(press(chat, button.callback_data))).status).toBe(200);
    await drain();
  };
  const say = async (chat: number, t: string) => {
    expect((await webhook(text(chat, t))).status).toBe(200);
    await drain();
  };

  it('runs the FAQ, help-center articles and a handoff on Telegram, and the agent reply reaches the chat', async () => {
    const chat = 505;
    await say(chat, '/start');
    await pressLabel(chat, 'Shipping, returns or payment question');
    expect(textsTo(chat).at(-1)).toContain('What would you like to know?');
    await say(chat, 'How do I return something?');
    expect(textsTo(chat).some((t) => t.includes('return unused items within 30 days'))).toBe(true);
    expect(textsTo(chat).at(-1)).toBe('Did that answer your question?');
    await pressLabel(chat, 'Yes, thanks');
    await pressLabel(chat, 'Yes, something else');
    await pressLabel(chat, 'Shipping, returns or payment question');
    await say(chat, 'How do I reset my password?');
    // No FAQ answer for gift cards: help-center articles, as link buttons, then whether they helped.
    const articles = fake.sent.filter((m) => m.body.chat_id === String(chat) && (m.body.reply_markup as { inline_keyboard?: KeyboardButton[][] } | undefined)?.inline_keyboard?.flat().some((b) => typeof b.url === 'string'));
    expect(articles.at(-1)?.body.text).toContain("I couldn't answer that directly");
    expect((articles.at(-1)!.body.reply_markup as { inline_keyboard: KeyboardButton[][] }).inline_keyboard.flat().map((b) => b.text)).toContain('How do I reset my password or update my account?');
    const asked = fake.sent.filter((m) => m.body.chat_id === String(chat) && m.body.reply_markup).at(-1)!;
    expect(asked.body.text).toBe('Did one of these articles answer your question?');
    await pressLabel(chat, (asked.body.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat().at(-1)!.text);
    expect(textsTo(chat).at(-1)).toContain("What's your name?");
    await say(chat, 'Ada');
    await say(chat, 'ada.telegram@example.com');
    expect(textsTo(chat).at(-1)).toContain('An agent will reply here shortly');

    const id = (await conversationOf(chat))!;
    const tickets = await call(`${server.url}/api/tickets`, { token: AGENT });
    const ticket = tickets.body.tickets.find((t: { conversationId: string }) => t.conversationId === id);
    expect(ticket).toMatchObject({ channel: 'telegram', fields: { email: 'ada.telegram@example.com' } });
    const channelOnly = await call(`${server.url}/api/tickets?channel=telegram`, { token: AGENT });
    expect(channelOnly.body.tickets.every((t: { channel: string }) => t.channel === 'telegram')).toBe(true);
    expect((await call(`${server.url}/api/tickets?channel=web`, { token: AGENT })).body.tickets.some((t: { id: number }) => t.id === ticket.id)).toBe(false);

    expect((await call(`${server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text: 'Hi Ada, Sam here. Which item would you like to return?' } })).status).toBe(201);
    await drain();
    expect(textsTo(chat).at(-1)).toBe('Hi Ada, Sam here. Which item would you like to return?');
    // Telegram reports no delivery or read receipts; what it took is recorded as sent, and the agent sees that.
    const detail = (await call(`${server.url}/api/tickets/${ticket.id}`, { token: AGENT })).body as { transcript: { seq: number; author: string }[]; deliveries: { seq: number; status: string }[] };
    const reply = detail.transcript.findLast((m) => m.author === 'agent')!;
    expect(detail.deliveries).toContainEqual({ seq: reply.seq, status: 'sent' });
    // The customer's answer on Telegram lands in the ticket, and the bot stays quiet.
    const before = textsTo(chat).length;
    await say(chat, 'The blue mug');
    const transcript = (await call(`${server.url}/api/tickets/${ticket.id}`, { token: AGENT })).body.transcript as { author: string; payload: { text?: string } }[];
    expect(transcript.at(-1)).toMatchObject({ author: 'customer', payload: { text: 'The blue mug' } });
    expect(textsTo(chat).length).toBe(before);
    expect(fake.problems).toStrictEqual([]);
  });

  it('resumes a failed turn after the messages already sent: none is sent twice', async () => {
    const chat = 506;
    await drain();
    // The greeting turn is two messages; the second one fails once.
    fake.failures.push({ method: 'sendMessage', status: 500, skip: 1 });
    await webhook(text(chat, '/start'));
    await drain();
    expect(textsTo(chat)).toHaveLength(1);
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    expect(textsTo(chat).filter((t) => t.includes('Northwind Goods assistant'))).toHaveLength(1);
    expect(textsTo(chat).filter((t) => t === 'What can I help you with today?')).toHaveLength(1);
  });

  it("waits at least as long as Telegram's retry_after before trying again", async () => {
    const chat = 507;
    await drain();
    fake.failures.push({ method: 'sendMessage', status: 429 });
    await webhook(text(chat, '/start'));
    await drain();
    const pending = (await server.store.deliveries.list({ kind: 'channel:telegram', status: 'pending', limit: 20 })).find((d) => d.target === `${BOT}:${chat}`)!;
    expect(Date.parse(pending.nextAttemptAt) - server.clock.now.getTime()).toBeGreaterThanOrEqual(3_000);
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    expect(textsTo(chat).filter((t) => t.includes('Northwind Goods assistant'))).toHaveLength(1);
  });

  it('refuses a forged webhook with 401 before reading its body, and has no GET handshake', async () => {
    const url = `${server.url}/api/channels/telegram/${BOT}/webhook`;
    expect((await call(url, { raw: '{"update_id": ', headers: { 'x-telegram-bot-api-secret-token': 'forged-forged-forged' } })).status).toBe(401);
    expect((await call(`${url}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42`)).status).toBe(403);
    expect((await call(`${server.url}/api/channels/nosuch/${BOT}/webhook`, { body: {} })).status).toBe(404);
  });

  it('marks the channel broken when Telegram refuses the token, keeps the message as a dead letter, and recovers on save', async () => {
    const chat = 508;
    await drain();
    fake.revoked.now = true;
    await webhook(text(chat, '/start'));
    await drain();
    const dead = (await server.store.deliveries.list({ kind: 'channel:telegram', status: 'dead', limit: 20 })).find((d) => d.target === `${BOT}:${chat}`);
    expect(dead?.lastError).toContain('401');
    const list = await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN });
    expect(list.body.channels[0]).toMatchObject({ status: 'broken', broken: { reason: expect.stringContaining('Unauthorized') } });
    expect(JSON.stringify(list.body)).not.toContain(TOKEN);
    const audit = await server.store.audit.list(50);
    expect(audit.filter((a: { action: string }) => a.action === 'channel.broken')).toHaveLength(1);
    // The admin fixes the token: saving clears the mark, and the dead letter, revived, is delivered once.
    fake.revoked.now = false;
    expect((await call(`${server.url}/api/bots/${BOT}/channels/telegram`, { method: 'PUT', token: ADMIN, body: { botToken: SECRET_MASK, secretToken: SECRET_MASK, apiBase: fake.origin } })).body.channel.status).not.toBe('broken');
    expect(await server.store.deliveries.revive(dead!.id, server.clock.now.toISOString())).toBe(true);
    await drain();
    expect(textsTo(chat).filter((t) => t.includes('Northwind Goods assistant'))).toHaveLength(1);
  });
});

describe('first messages', () => {
  it('takes greetings in English and Korean as openers, and questions as questions', async () => {
    const { isOpener } = await import('./inbound');
    for (const t of ['/start', 'Hi!', 'hello there', 'Hey 👋', '안녕하세요', '안녕하세요~', '시작']) expect(isOpener(t), t).toBe(true);
    for (const t of ['Hi, where is my order 10002?', 'hello, I need a refund', '배송 언제 와요?', 'refund']) expect(isOpener(t), t).toBe(false);
  });
});
