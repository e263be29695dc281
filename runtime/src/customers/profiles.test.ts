import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { ADMIN, AGENT, Customer, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { createIdentityVerifier } from '../auth/identity';
import { emailIdentity } from './profiles';

const BOT = 'order-support';
const SECRET = 'profiles-test-secret-0123456789abcdef';
const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdef';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';

const jwt = (sub: string, email: string) =>
  new SignJWT({ email }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience('parley').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));

type Earlier = { id: string; channel: string; ticketId: number | null };

describe('one customer across channels', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let updateId = 1;

  /** A Telegram customer reaches a person: the flow asks their name and email, then opens a ticket. */
  const telegramHandoff = async (chat: number, email: string) => {
    const hook = (update: Record<string, unknown>) =>
      call(`${server.url}/api/channels/telegram/${BOT}/webhook`, { body: { update_id: ++updateId, ...update }, headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } });
    const text = (t: string) => hook({ message: { message_id: updateId, chat: { id: chat, type: 'private' }, from: { id: chat, first_name: 'Ada' }, text: t } });
    expect((await text('/start')).status).toBe(200);
    expect((await hook({ callback_query: { id: `cq-${updateId}`, from: { id: chat }, data: 'menu:agent', message: { message_id: 1, chat: { id: chat } } } })).status).toBe(200);
    for (const answer of ['My parcel is late', 'Ada', email]) expect((await text(answer)).status).toBe(200);
    return (await server.store.channels.conversationOf({ channel: 'telegram', botId: BOT, chatId: String(chat) }))!;
  };

  /** The same handoff from the widget, as a customer the host page vouches for. */
  const webHandoff = async (sub: string, email: string) => {
    const started = await call(`${server.url}/api/bots/${BOT}/conversations`, { body: { visitor: {}, identity: await jwt(sub, email) } });
    expect(started.status).toBe(201);
    const customer = new Customer(server, started.body.conversationId, started.body.token);
    await customer.press('menu:agent');
    for (const answer of ['Where is my refund?', 'Ada', email]) await customer.say(answer);
    return customer.id;
  };

  const ticketOf = async (conversationId: string) => {
    const list = await call(`${server.url}/api/tickets?status=all`, { token: AGENT });
    const ticket = list.body.tickets.find((t: { conversationId: string }) => t.conversationId === conversationId);
    expect(ticket).toBeDefined();
    return (await call(`${server.url}/api/tickets/${ticket.id}`, { token: AGENT })).body as { ticket: { id: number }; conversation: { channel: string }; earlier: Earlier[] };
  };

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, deps: { identity: (await createIdentityVerifier({ secret: SECRET, audience: 'parley' }))! } });
    // Sends are queued and never drained here: this test is about who the customer is, not about Telegram.
    const put = await call(`${server.url}/api/bots/${BOT}/channels/telegram`, { method: 'PUT', token: ADMIN, body: { botToken: TOKEN, secretToken: WEBHOOK_SECRET, apiBase: 'http://127.0.0.1:9' } });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
  });

  it('shows the agent the web and Telegram conversations of one customer on each ticket, each with its channel', async () => {
    const web = await webHandoff('ada-1', 'ada@example.com');
    // Another address, typed differently: the same customer.
    const telegram = await telegramHandoff(601, ' ADA@Example.com');
    const stranger = await telegramHandoff(602, 'bob@example.com');

    const onTelegram = await ticketOf(telegram);
    expect(onTelegram.conversation.channel).toBe('telegram');
    expect(onTelegram.earlier.map((c) => [c.id, c.channel])).toStrictEqual([[web, 'web']]);
    expect(onTelegram.earlier[0]!.ticketId).toBe((await ticketOf(web)).ticket.id);

    const onWeb = await ticketOf(web);
    expect(onWeb.conversation.channel).toBe('web');
    expect(onWeb.earlier.map((c) => [c.id, c.channel])).toStrictEqual([[telegram, 'telegram']]);
    expect((await ticketOf(stranger)).earlier).toStrictEqual([]);
  });

  it('knows a returning verified customer before any ticket: a new web conversation joins their profile at start', async () => {
    const first = await webHandoff('grace-1', 'grace@example.com');
    const started = await call(`${server.url}/api/bots/${BOT}/conversations`, { body: { visitor: {}, identity: await jwt('grace-1', 'grace@example.com') } });
    const profile = await server.store.profiles.profileOf(first);
    expect(profile).toBeDefined();
    expect(await server.store.profiles.profileOf(started.body.conversationId)).toBe(profile);
    // An anonymous widget conversation writes no profile at start (the hot path stays as it was).
    const { customer } = await Customer.start(server, BOT);
    expect(await server.store.profiles.profileOf(customer.id)).toBeUndefined();
  });

  it('takes only real addresses as email identities', () => {
    expect(emailIdentity('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(emailIdentity('not an email')).toBeUndefined();
    expect(emailIdentity(42)).toBeUndefined();
    expect(emailIdentity(`${'a'.repeat(320)}@example.com`)).toBeUndefined();
  });
});
