import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { MessagePayload } from '@parley/shared';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { SECRET_MASK } from '../flowSecrets';
import { ALT_TEXT_LIMIT, CAROUSEL_BUBBLES, DATA_LIMIT, LABEL_LIMIT, MESSAGES_PER_CALL, QUICK_REPLY_ITEMS, TEXT_LIMIT, line, lineSignature, postbackData } from './line';
import { chatDelivery } from './outbound';
import type { PlatformRequest } from './channel';

const BOT = 'order-support';
const TOKEN = 'line-channel-access-token-for-tests-0123456789abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;
type Delivered = { endpoint: 'reply' | 'push'; to: string; messages: Json[] };

/** What LINE checks in an action object (labels, postback data, URIs). */
function actionProblem(a: Json): string | undefined {
  if (typeof a.label !== 'string' || a.label === '' || a.label.length > LABEL_LIMIT) return `action label must be 1 to ${LABEL_LIMIT} characters: ${String(a.label)}`;
  if (a.type === 'postback') {
    if (typeof a.data !== 'string' || a.data === '' || a.data.length > DATA_LIMIT) return `postback data must be 1 to ${DATA_LIMIT} characters`;
    if (a.displayText !== undefined && (typeof a.displayText !== 'string' || a.displayText.length > 300)) return 'displayText must be at most 300 characters';
  } else if (a.type === 'uri') {
    if (typeof a.uri !== 'string' || !/^(https?|line|tel):/.test(a.uri) || a.uri.length > 1000) return 'uri must be an http(s), line or tel URI of at most 1000 characters';
  } else return `unsupported action type ${String(a.type)}`;
  return undefined;
}

/** Every problem LINE would find in a flex container: bubbles, their images, texts and buttons. */
function flexProblems(node: unknown, out: string[]): void {
  if (Array.isArray(node)) return node.forEach((n) => flexProblems(n, out));
  if (typeof node !== 'object' || node === null) return;
  const n = node as Json;
  if (n.type === 'carousel' && (!Array.isArray(n.contents) || n.contents.length === 0 || n.contents.length > CAROUSEL_BUBBLES)) out.push(`a carousel holds 1 to ${CAROUSEL_BUBBLES} bubbles`);
  if (n.type === 'bubble' && !n.body && !n.footer && !n.hero && !n.header) out.push('a bubble needs a block');
  if (n.type === 'image' && (typeof n.url !== 'string' || !n.url.startsWith('https://'))) out.push('images must be https');
  if (n.type === 'text' && (typeof n.text !== 'string' || n.text === '')) out.push('a flex text must not be empty');
  if (n.type === 'button') {
    const p = actionProblem((n.action ?? {}) as Json);
    if (p) out.push(p);
  }
  for (const key of ['contents', 'body', 'footer', 'hero', 'header']) if (key in n) flexProblems(n[key], out);
}

function messageProblems(m: Json): string[] {
  const out: string[] = [];
  if (m.type === 'text') {
    if (typeof m.text !== 'string' || m.text === '' || m.text.length > TEXT_LIMIT) out.push(`a text must be 1 to ${TEXT_LIMIT} characters`);
  } else if (m.type === 'flex') {
    if (typeof m.altText !== 'string' || m.altText === '' || m.altText.length > ALT_TEXT_LIMIT) out.push(`altText must be 1 to ${ALT_TEXT_LIMIT} characters`);
    const contents = m.contents as Json | undefined;
    if (contents?.type !== 'bubble' && contents?.type !== 'carousel') out.push('flex contents must be a bubble or a carousel');
    flexProblems(contents, out);
  } else out.push(`unexpected message type ${String(m.type)}`);
  if (m.quickReply !== undefined) {
    const items = (m.quickReply as { items?: unknown }).items;
    if (!Array.isArray(items) || items.length === 0 || items.length > QUICK_REPLY_ITEMS) out.push(`quickReply.items must hold 1 to ${QUICK_REPLY_ITEMS} items`);
    else for (const item of items as Json[]) {
      if (item.type !== 'action') out.push('a quick reply item is of type action');
      const p = actionProblem((item.action ?? {}) as Json);
      if (p) out.push(p);
    }
  }
  return out;
}

/**
 * A stand-in for the Messaging API on loopback that refuses what LINE refuses: a wrong token (401), unknown fields,
 * more than 5 messages, texts over 5000 characters, quick replies over 13 items, labels over 20 characters, data over
 * 300, carousels over 12 bubbles, a flex message without altText. Reply tokens are issued by the fake, single-use, and
 * can be expired; a push whose X-Line-Retry-Key was accepted before gets 409 and is not delivered again.
 */
async function startFakeLine() {
  const problems: string[] = [];
  const delivered: Delivered[] = [];
  /** Replies refused for an unknown, used or expired token: LINE's answer, not a mistake of the sender's. */
  const refusedTokens: string[] = [];
  const failures: { endpoint: 'reply' | 'push'; status: number; afterAccepting?: boolean }[] = [];
  const tokens = new Map<string, { userId: string; used: boolean }>();
  const acceptedKeys = new Set<string>();
  const retryKeys: string[] = [];
  const auth = { token: TOKEN };
  let messageId = 1000;
  const api = express();
  api.use(express.json({ limit: '2mb' }));
  api.post('/v2/bot/message/:endpoint', (req, res) => {
    const endpoint = req.params.endpoint as 'reply' | 'push';
    const refuse = (status: number, message: string) => {
      problems.push(`${endpoint}: ${message}`);
      res.status(status).json({ message });
    };
    if (req.get('authorization') !== `Bearer ${auth.token}`) return void res.status(401).json({ message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
    if (endpoint !== 'reply' && endpoint !== 'push') return refuse(404, 'Not found');
    if (!req.is('application/json') || typeof req.body !== 'object') return refuse(400, 'The request body has 1 error(s)');
    const body = req.body as Json;
    const allowed = endpoint === 'reply' ? ['replyToken', 'messages', 'notificationDisabled'] : ['to', 'messages', 'notificationDisabled', 'customAggregationUnits'];
    const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) return refuse(400, `unknown properties ${unknown.join(', ')}`);
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0 || messages.length > MESSAGES_PER_CALL) return refuse(400, `messages must hold 1 to ${MESSAGES_PER_CALL} messages`);
    const found = (messages as Json[]).flatMap(messageProblems);
    if (found.length > 0) return refuse(400, found.join('; '));
    const retryKey = req.get('x-line-retry-key');
    if (endpoint === 'reply' && retryKey !== undefined) return refuse(400, 'X-Line-Retry-Key is not supported on reply');
    if (endpoint === 'push') {
      if (typeof body.to !== 'string' || !/^U[0-9a-f]{32}$/.test(body.to)) return refuse(400, 'to must be a user id');
      if (retryKey === undefined || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(retryKey)) return refuse(400, 'the retry key must be a UUID');
      retryKeys.push(retryKey);
    }
    const fail = failures.findIndex((f) => f.endpoint === endpoint);
    const failure = fail === -1 ? undefined : failures.splice(fail, 1)[0]!;
    if (failure && !failure.afterAccepting) return void res.status(failure.status).json({ message: 'Internal server error' });
    let to: string;
    if (endpoint === 'reply') {
      const token = tokens.get(String(body.replyToken));
      if (!token || token.used) {
        refusedTokens.push(String(body.replyToken));
        return void res.status(400).json({ message: 'Invalid reply token' });
      }
      token.used = true;
      to = token.userId;
    } else {
      if (acceptedKeys.has(retryKey!)) return void res.status(409).set('x-line-accepted-request-id', 'accepted').json({ message: 'The retry key is already accepted' });
      acceptedKeys.add(retryKey!);
      to = body.to as string;
    }
    delivered.push({ endpoint, to, messages: messages as Json[] });
    // An answer lost on the way back: LINE took the messages, the sender sees a 500.
    if (failure) return void res.status(failure.status).json({ message: 'Internal server error' });
    res.json({ sentMessages: (messages as Json[]).map(() => ({ id: String(++messageId), quoteToken: `q${messageId}` })) });
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    problems,
    delivered,
    refusedTokens,
    failures,
    retryKeys,
    auth,
    /** A reply token for an event of this user, as LINE puts in the webhook. */
    issue(userId: string): string {
      const token = randomBytes(16).toString('hex');
      tokens.set(token, { userId, used: false });
      return token;
    },
    expire(token: string) {
      tokens.delete(token);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

type Fake = Awaited<ReturnType<typeof startFakeLine>>;

const user = () => `U${randomBytes(16).toString('hex')}`;
const texts = (messages: Json[]) => messages.filter((m) => m.type === 'text').map((m) => m.text as string);
const quickReplies = (m: Json | undefined) => ((m?.quickReply as { items?: { action: Json }[] } | undefined)?.items ?? []).map((i) => i.action);
const pushes = (requests: PlatformRequest[]) => requests.map((r) => [r.method, (r.body.messages as unknown[]).length]);

describe('line rendering', () => {
  it('puts up to 13 postback buttons in a quick reply, with labels clipped to 20 and the full label as displayText', () => {
    const [req] = line.render(
      {
        type: 'options',
        text: 'What can I help you with today?',
        buttons: [
          { id: 'track', label: 'Track my order', action: 'postback', payload: 'track' },
          { id: 'q', label: 'Shipping, returns or payment question', action: 'postback' },
          { id: 'long', label: 'Long', action: 'postback', payload: 'x'.repeat(400) },
        ],
      },
      'U1',
    );
    const actions = quickReplies((req!.body.messages as Json[])[0]);
    expect(actions.map((a) => a.label)).toStrictEqual(['Track my order', 'Shipping, returns o…', 'Long']);
    expect(actions[1]).toMatchObject({ type: 'postback', data: 'q', displayText: 'Shipping, returns or payment question' });
    expect((actions[2]!.data as string).length).toBeLessThanOrEqual(DATA_LIMIT);
    expect(actions[2]!.data).toBe(postbackData('x'.repeat(400)));
    expect(line.encodePayload('track')).toBe('track');
  });

  it('falls back to a flex bubble of buttons beyond 13 choices, and shows links as uri buttons that stay in the chat', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ id: `c${i}`, label: `Choice ${i}`, action: 'postback' as const }));
    const messages = line.render({ type: 'input', text: 'Pick a size', inputType: 'choice', choices: many }, 'U1').flatMap((r) => r.body.messages as Json[]);
    expect(messages.map((m) => m.type)).toStrictEqual(['text', 'flex']);
    expect(messages.some((m) => m.quickReply)).toBe(false);
    expect(JSON.stringify(messages[1])).toContain('"data":"c14"');
    expect(messages.flatMap(messageProblems)).toStrictEqual([]);
    const linked = line
      .render({ type: 'options', text: 'Read or ask', buttons: [{ id: 'l', label: 'Our policy', action: 'link', url: 'https://example.com/p' }, { id: 'a', label: 'Ask', action: 'postback' }] }, 'U1')
      .flatMap((r) => r.body.messages as Json[]);
    expect(linked.map((m) => m.type)).toStrictEqual(['text', 'flex']);
    expect(JSON.stringify(linked[1]!.contents)).toContain('"uri":"https://example.com/p"');
    // The quick reply goes on the last message: LINE shows it only under the newest one.
    expect(quickReplies(linked[1]).map((a) => a.label)).toStrictEqual(['Ask']);
  });

  it('renders a carousel as flex carousels of at most 12 bubbles with https heroes, and articles as cards with a Read link', () => {
    const cards = Array.from({ length: 14 }, (_, i) => ({
      id: `c${i}`,
      title: `Card ${i}`,
      description: i === 0 ? '' : `about ${i}`,
      ...(i % 2 === 0 ? { imageUrl: 'https://example.com/a.png' } : { imageUrl: 'http://example.com/insecure.png' }),
      buttons: [{ id: `b${i}`, label: 'Buy this one right now please', action: 'postback' as const, payload: `buy-${i}` }, { id: `l${i}`, label: 'More', action: 'link' as const, url: 'https://example.com/m' }],
    }));
    const messages = line.render({ type: 'carousel', text: 'Pick one', cards }, 'U1').flatMap((r) => r.body.messages as Json[]);
    expect(messages.map((m) => m.type)).toStrictEqual(['text', 'flex', 'flex']);
    const [first, second] = [messages[1]!.contents as { contents: Json[] }, messages[2]!.contents as { contents: Json[] }];
    expect([first.contents.length, second.contents.length]).toStrictEqual([12, 2]);
    expect(first.contents[0]!.hero).toMatchObject({ url: 'https://example.com/a.png' });
    expect(first.contents[1]!.hero).toBeUndefined();
    expect(messages[1]!.altText).toBe('Pick one');
    expect(messages.flatMap(messageProblems)).toStrictEqual([]);
    const articles = line.render({ type: 'articles', text: 'These may help', articles: [{ id: '1', title: 'Returns', url: 'https://example.com/r', snippet: 'How returns work' }] }, 'U1').flatMap((r) => r.body.messages as Json[]);
    expect(articles.map((m) => m.type)).toStrictEqual(['text', 'flex']);
    expect(JSON.stringify(articles[1])).toContain('"uri":"https://example.com/r"');
    expect(articles.flatMap(messageProblems)).toStrictEqual([]);
  });

  it('combines 7 messages into a reply of 5 and a push of 2, keeping each chunk first seq and a retry key per push', () => {
    const rendered = Array.from({ length: 7 }, (_, i) => line.render({ type: 'text', text: `m${i}` } as MessagePayload, 'Uabc').map((r) => ({ ...r, seq: 10 + i }))).flat();
    const withToken = line.combine!(rendered, { replyToken: 'tok' });
    expect(pushes(withToken)).toStrictEqual([['reply', 5], ['push', 2]]);
    expect(withToken.map((r) => r.seq)).toStrictEqual([10, 15]);
    expect(withToken[0]!.body).toMatchObject({ replyToken: 'tok', pushTo: 'Uabc' });
    expect(withToken[1]!.body).toMatchObject({ to: 'Uabc' });
    expect(withToken[1]!.body.retryKey).toMatch(UUID);
    expect(texts(withToken.flatMap((r) => r.body.messages as Json[]))).toStrictEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    const noToken = line.combine!(rendered, {});
    expect(pushes(noToken)).toStrictEqual([['push', 5], ['push', 2]]);
    expect(noToken[0]!.body.retryKey).not.toBe(noToken[1]!.body.retryKey);
    // A text over 5000 characters is split into several messages.
    const long = line.render({ type: 'text', text: 'word '.repeat(2500) }, 'U1');
    expect(long.length).toBe(3);
    expect(long.every((r) => ((r.body.messages as Json[])[0]!.text as string).length <= TEXT_LIMIT)).toBe(true);
  });

  it('reads text, postbacks and stickers from one-to-one chats, and ignores follow, group and unknown events', () => {
    const body = {
      destination: 'Ubot',
      events: [
        { type: 'message', webhookEventId: 'B', timestamp: 2, replyToken: 'r1', source: { type: 'user', userId: 'U1' }, message: { id: '1', type: 'text', text: 'hi' }, deliveryContext: { isRedelivery: false } },
        { type: 'postback', webhookEventId: 'A', timestamp: 3, replyToken: 'r2', source: { type: 'user', userId: 'U1' }, postback: { data: 'track' } },
        { type: 'message', webhookEventId: 'C', timestamp: 4, replyToken: 'r3', source: { type: 'user', userId: 'U1' }, message: { id: '2', type: 'sticker', packageId: '1', stickerId: '2' } },
        { type: 'follow', webhookEventId: 'D', timestamp: 5, replyToken: 'r4', source: { type: 'user', userId: 'U1' } },
        { type: 'message', webhookEventId: 'E', timestamp: 6, replyToken: 'r5', source: { type: 'group', groupId: 'C1', userId: 'U1' }, message: { id: '3', type: 'text', text: 'hello group' } },
      ],
    };
    const update = line.parse(body)!;
    expect(update.updateId).toBe('A,B,C,D,E');
    expect(update.events).toStrictEqual([
      { kind: 'text', chatId: 'U1', at: 2, replyToken: 'r1', text: 'hi' },
      { kind: 'postback', chatId: 'U1', at: 3, replyToken: 'r2', payload: 'track' },
      { kind: 'unsupported', chatId: 'U1', at: 4, replyToken: 'r3', what: 'a sticker message' },
    ]);
    expect(line.parse({ destination: 'Ubot', events: [] })?.updateId).toMatch(/^verify:/);
    expect(line.parse({ hello: 'world' })).toBeUndefined();
    expect(line.acknowledge('x')).toBeUndefined();
  });
});

describe('line channel through the app', () => {
  let fake: Fake;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let eventNo = 0;

  const url = () => `${server.url}/api/channels/line/${BOT}/webhook`;
  /** Posts events as LINE does: signed over the exact bytes sent. */
  const webhook = (events: Json[], sign: (raw: string) => string | null = (raw) => lineSignature(raw, SECRET)) => {
    const raw = JSON.stringify({ destination: 'U0000000000000000000000000000bot0', events });
    const signature = sign(raw);
    return call(url(), { raw, ...(signature === null ? {} : { headers: { 'x-line-signature': signature } }) });
  };
  const base = (userId: string) => {
    eventNo += 1;
    return { webhookEventId: `01HLINETEST${String(eventNo).padStart(15, '0')}`, deliveryContext: { isRedelivery: false }, timestamp: server.clock.now.getTime(), source: { type: 'user', userId }, replyToken: fake.issue(userId), mode: 'active' };
  };
  const text = (userId: string, t: string) => ({ type: 'message', ...base(userId), message: { id: String(eventNo), type: 'text', quoteToken: 'q', text: t } });
  const press = (userId: string, data: string) => ({ type: 'postback', ...base(userId), postback: { data } });
  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const to = (userId: string) => fake.delivered.filter((d) => d.to === userId);
  const textsTo = (userId: string) => to(userId).flatMap((d) => texts(d.messages));
  const lastMessageTo = (userId: string) => to(userId).at(-1)?.messages.at(-1);
  const conversationOf = (userId: string) => server.store.channels.conversationOf({ channel: 'line', botId: BOT, chatId: userId });
  const channelView = async () => ((await call(`${server.url}/api/bots/${BOT}/channels`, { token: ADMIN })).body.channels as Json[]).find((c) => c.channel === 'line')!;
  /** The newest quick-reply button with this label the user was sent. */
  const buttonFor = (userId: string, label: string) => {
    const action = to(userId)
      .flatMap((d) => d.messages)
      .flatMap((m) => quickReplies(m))
      .findLast((a) => a.displayText === label);
    expect(action, `a quick reply "${label}" among ${JSON.stringify(textsTo(userId))}`).toBeDefined();
    return action!.data as string;
  };
  /** Taps a quick reply: LINE posts its data with a fresh reply token. `expired` lets the token run out first. */
  const pressLabel = async (userId: string, label: string, opts: { expired?: boolean } = {}) => {
    const event = press(userId, buttonFor(userId, label));
    if (opts.expired) fake.expire(event.replyToken);
    expect((await webhook([event])).status).toBe(200);
    await drain();
    return event.replyToken;
  };
  const say = async (userId: string, t: string) => {
    const event = text(userId, t);
    expect((await webhook([event])).status).toBe(200);
    await drain();
    return event.replyToken;
  };
  /** A new customer's way to the main menu: a FAQ question first, then "anything else?" → yes. */
  const toMenu = async (userId: string) => {
    await say(userId, 'How long does shipping take?');
    await pressLabel(userId, 'Yes, thanks');
    await pressLabel(userId, 'Yes, something else');
    expect(textsTo(userId).at(-1)).toBe('What can I help you with today?');
  };

  beforeAll(async () => {
    fake = await startFakeLine();
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    const put = await call(`${server.url}/api/bots/${BOT}/channels/line`, { method: 'PUT', token: ADMIN, body: { channelAccessToken: TOKEN, channelSecret: SECRET, apiBase: fake.origin } });
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain(TOKEN);
    expect(put.body.channel.settings).toMatchObject({ channelAccessToken: SECRET_MASK, channelSecret: SECRET_MASK, apiBase: fake.origin });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
  });

  it('runs order-support on LINE end to end: menu, order lookup, FAQ, handoff, and an agent reply pushed', async () => {
    const u = user();
    const first = await say(u, 'How long does shipping take?');
    const all = textsTo(u);
    expect(all.some((t) => t.includes('Northwind Goods assistant'))).toBe(true);
    expect(all).toContain('What can I help you with today?');
    expect(all.some((t) => t.startsWith('We ship within 1–2 business days'))).toBe(true);
    // The greeting and the answer to the first text share its reply token: one of them replied, the other was pushed.
    expect(to(u).filter((d) => d.endpoint === 'reply')).toHaveLength(1);
    expect(fake.refusedTokens.filter((t) => t === first).length).toBeLessThanOrEqual(1);
    const menu = to(u).flatMap((d) => d.messages).find((m) => m.text === 'What can I help you with today?');
    expect(quickReplies(menu).map((a) => a.displayText)).toStrictEqual(['Track my order', 'Shipping, returns or payment question', 'Talk to a person']);
    expect(textsTo(u).at(-1)).toBe('Did that answer your question?');

    const replyOnly = async (step: Promise<string>) => {
      const before = to(u).length;
      const token = await step;
      const sent = to(u).slice(before);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent[0]!.endpoint).toBe('reply');
      expect(fake.refusedTokens).not.toContain(token);
      return sent.flatMap((d) => texts(d.messages));
    };
    await replyOnly(pressLabel(u, 'Yes, thanks'));
    expect(textsTo(u).at(-1)).toBe('Is there anything else I can help with?');
    await replyOnly(pressLabel(u, 'Yes, something else'));
    expect(textsTo(u).at(-1)).toBe('What can I help you with today?');
    expect((await replyOnly(pressLabel(u, 'Track my order'))).at(-1)).toContain("What's your order number?");
    const lookup = await replyOnly(say(u, '10001'));
    expect(lookup.some((t) => t.includes('10001'))).toBe(true);
    expect(lookup.at(-1)).toBe('Is there anything else I can help with?');

    await replyOnly(pressLabel(u, 'Yes, something else'));
    await replyOnly(pressLabel(u, 'Talk to a person'));
    await replyOnly(say(u, 'My parcel arrived damaged'));
    expect(textsTo(u).at(-1)).toBe("What's your name?");
    await replyOnly(say(u, 'Ada'));
    expect((await replyOnly(say(u, 'ada@example.com'))).at(-1)).toBe('Thanks Ada! An agent will reply here shortly.');

    const conversationId = await conversationOf(u);
    const tickets = (await call(`${server.url}/api/tickets`, { token: AGENT })).body.tickets as { id: number; conversationId: string }[];
    const ticket = tickets.find((t) => t.conversationId === conversationId);
    expect(ticket).toBeDefined();
    const reply = await call(`${server.url}/api/tickets/${ticket!.id}/messages`, { token: AGENT, body: { text: 'Hi Ada, I am sorry about the parcel. A new one is on its way.' } });
    expect(reply.status).toBeLessThan(300);
    await drain();
    expect(to(u).at(-1)).toMatchObject({ endpoint: 'push', messages: [{ type: 'text', text: 'Hi Ada, I am sorry about the parcel. A new one is on its way.' }] });
    expect(fake.problems).toStrictEqual([]);
    const history = await server.store.conversations.messagesAfter(conversationId!, 0, 200);
    expect(history.filter((m) => m.author === 'customer').map((m) => m.payload.text)).toContain('10001');
  });

  it('shows help articles as a flex carousel of links when the FAQ has no answer', async () => {
    const u = user();
    await say(u, 'I forgot my password');
    const flex = to(u).flatMap((d) => d.messages).filter((m) => m.type === 'flex');
    const articles = flex.find((m) => (m.contents as Json).type === 'carousel');
    expect(articles, JSON.stringify(textsTo(u))).toBeDefined();
    expect(JSON.stringify(articles)).toContain('"type":"uri"');
    expect(fake.problems).toStrictEqual([]);
  });

  it('pushes the messages once when the reply token expired', async () => {
    const u = user();
    await toMenu(u);
    const token = await pressLabel(u, 'Track my order', { expired: true });
    expect(fake.refusedTokens).toContain(token);
    const prompts = to(u).filter((d) => texts(d.messages).some((t) => t.includes("What's your order number?")));
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.endpoint).toBe('push');
    expect(fake.problems).toStrictEqual([]);
  });

  it('retries after LINE answered 500 without sending anything twice: resumes after sent parts, and the retry key stops a repeat', async () => {
    const u = user();
    await toMenu(u);
    // A reply that failed is retried after the backoff, with the same (still unused) token.
    fake.failures.push({ endpoint: 'reply', status: 500 });
    const token = await pressLabel(u, 'Track my order');
    expect(textsTo(u).some((t) => t.includes("What's your order number?"))).toBe(false);
    const pending = (await server.store.deliveries.list({ kind: 'channel:line', status: 'pending', limit: 20 })).find((d) => d.target === `${BOT}:${u}`);
    expect(pending?.lastError).toContain('500');
    expect(pending?.lastError).not.toContain(TOKEN);
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    expect(textsTo(u).filter((t) => t.includes("What's your order number?"))).toHaveLength(1);
    expect(to(u).at(-1)?.endpoint).toBe('reply');
    expect(fake.refusedTokens).not.toContain(token);

    // Seven messages: a reply of five, then a push of two whose answer is lost after LINE took it.
    const link = { channel: 'line', botId: BOT, chatId: u };
    const rendered = Array.from({ length: 7 }, (_, i) => line.render({ type: 'text', text: `part ${i}` }, u).map((r) => ({ ...r, seq: 100 + i }))).flat();
    const requests = line.combine!(rendered, { replyToken: fake.issue(u) });
    fake.failures.push({ endpoint: 'push', status: 500, afterAccepting: true });
    await server.app.dispatcher.enqueue(chatDelivery(link, `test:${u}:parts`, requests));
    await drain();
    expect(textsTo(u).filter((t) => t.startsWith('part '))).toHaveLength(7);
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    // The retry resumed at the push (the reply was not sent again) and LINE answered 409 to its retry key.
    expect(textsTo(u).filter((t) => t.startsWith('part '))).toStrictEqual(['part 0', 'part 1', 'part 2', 'part 3', 'part 4', 'part 5', 'part 6']);
    const done = (await server.store.deliveries.list({ kind: 'channel:line', limit: 50 })).find((d) => d.idempotencyKey === `test:${u}:parts`);
    expect(done?.status).toBe('delivered');
    const key = requests[1]!.body.retryKey as string;
    expect(fake.retryKeys.filter((k) => k === key)).toHaveLength(2);
    expect(fake.problems).toStrictEqual([]);
  });

  it('refuses forged and unsigned webhooks, answers malformed JSON with 400, LINE verify with 200, and stores a redelivery once', async () => {
    const u = user();
    const before = (await server.store.deliveries.list({ limit: 500 })).length;
    expect((await webhook([text(u, 'hello')], () => lineSignature('something else', SECRET))).status).toBe(401);
    expect((await webhook([text(u, 'hello')], (raw) => lineSignature(raw, 'ffffffffffffffffffffffffffffffff'))).status).toBe(401);
    expect((await webhook([text(u, 'hello')], () => null)).status).toBe(401);
    expect(await conversationOf(u)).toBeUndefined();
    expect((await server.store.deliveries.list({ limit: 500 })).length).toBe(before);

    const raw = '{"destination":"U1","events":[';
    expect((await call(url(), { raw, headers: { 'x-line-signature': lineSignature(raw, SECRET) } })).status).toBe(400);
    expect((await webhook([])).status).toBe(200);
    expect((await webhook([])).status).toBe(200);

    await say(u, 'hello');
    const event = text(u, 'Where is my parcel?');
    expect((await webhook([event])).status).toBe(200);
    const id = (await conversationOf(u))!;
    const count = (await server.store.conversations.messagesAfter(id, 0, 100)).length;
    expect((await webhook([{ ...event, deliveryContext: { isRedelivery: true } }])).status).toBe(200);
    const after = await server.store.conversations.messagesAfter(id, 0, 100);
    expect(after.length).toBe(count);
    expect(after.filter((m) => m.payload.text === 'Where is my parcel?')).toHaveLength(1);
  });

  it('answers a sticker politely with the reply token', async () => {
    const u = user();
    const sticker = { type: 'message', ...base(u), message: { id: 's', type: 'sticker', packageId: '446', stickerId: '1988' } };
    expect((await webhook([sticker])).status).toBe(200);
    await drain();
    expect(to(u)).toHaveLength(1);
    expect(to(u)[0]).toMatchObject({ endpoint: 'reply', messages: [{ type: 'text' }] });
    expect(textsTo(u)[0]).toContain('only read text messages');
    expect(fake.problems).toStrictEqual([]);
  });

  it('marks the channel broken when LINE refuses the token, audits it, and keeps the delivery dead, not lost', async () => {
    const u = user();
    await toMenu(u);
    const track = buttonFor(u, 'Track my order');
    fake.auth.token = 'a-new-token-the-admin-has-not-saved-yet-0123456789';
    expect((await webhook([press(u, track)])).status).toBe(200);
    await drain();
    const view = await channelView();
    expect(view.status).toBe('broken');
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    const audit = (await call(`${server.url}/api/audit`, { token: ADMIN })).body.entries as { action: string; detail: Json }[];
    expect(audit.some((e) => e.action === 'channel.broken' && e.detail.channel === 'line')).toBe(true);
    const dead = (await server.store.deliveries.list({ kind: 'channel:line', status: 'dead', limit: 20 })).find((d) => d.target === `${BOT}:${u}`);
    expect(dead?.lastError).toContain('401');
    expect(dead?.lastError).not.toContain(TOKEN);
    expect(JSON.stringify(dead?.payload)).toContain("What's your order number?");
    expect(JSON.stringify(dead?.payload)).not.toContain(TOKEN);
    fake.auth.token = TOKEN;
  });
});
