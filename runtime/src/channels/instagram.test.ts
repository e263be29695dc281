import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, call, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { hubSignature } from './metaWebhook';
import { startFakeSendApi, shownText, type FakeSendApi } from './metaSendApi.fake';
import { instagram, INSTAGRAM } from './instagram';
import { messenger } from './messenger';

const BOT = 'order-support';
const TOKEN = 'EAAGfakeInstagramPageTokenForTestsOnly987654';
const APP_SECRET = 'beefbeefcafe0123456789abcdef4567';
const VERIFY = 'verify-instagram';
const IG_ACCOUNT = '17841400000000001';

describe('instagram rendering and parsing', () => {
  it('splits texts at 1000 UTF-8 bytes, not characters', () => {
    const korean = '안녕하세요 '.repeat(300); // 6 characters, 16 bytes a word
    const parts = instagram.render({ type: 'text', text: korean }, 'igsid').map((r) => (r.body.message as { text: string }).text);
    expect(parts.length).toBeGreaterThan(4);
    expect(parts.every((p) => Buffer.byteLength(p) <= 1000)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(korean.trim());
    // Messenger counts characters: the same 1800 characters are one message there.
    expect(messenger.render({ type: 'text', text: korean }, 'psid')).toHaveLength(1);
  });

  it("reads object 'instagram' only, and a read report by the message it names", () => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: IG_ACCOUNT,
          time: 1,
          messaging: [
            { sender: { id: 'ig1' }, recipient: { id: IG_ACCOUNT }, timestamp: 5, read: { mid: 'm_3' } },
            { sender: { id: 'ig1' }, recipient: { id: IG_ACCOUNT }, timestamp: 6, message: { mid: 'x', attachments: [{ type: 'story_mention', payload: { url: 'https://x' } }] } },
            { sender: { id: IG_ACCOUNT }, recipient: { id: 'ig1' }, timestamp: 7, message: { mid: 'y', text: 'ours', is_echo: true } },
          ],
        },
      ],
    };
    expect(instagram.parse(body)?.events).toStrictEqual([
      { kind: 'status', chatId: 'ig1', at: 5, status: 'read', messageIds: ['m_3'] },
      { kind: 'unsupported', chatId: 'ig1', at: 6, what: 'a message with a story_mention attachment' },
    ]);
    expect(instagram.parse({ ...body, object: 'page' })).toBeUndefined();
    expect(messenger.parse(body)).toBeUndefined();
  });
});

describe('instagram channel through the app', () => {
  let fake: FakeSendApi;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let clockMs = 0;

  const url = () => `${server.url}/api/channels/instagram/${BOT}/webhook`;
  const post = (body: unknown, secret = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return call(url(), { raw, headers: { 'x-hub-signature-256': hubSignature(raw, secret) } });
  };
  const now = () => (clockMs = Math.max(clockMs + 1, server.clock.now.getTime()));
  const item = (igsid: string, fields: Record<string, unknown>) => ({ sender: { id: igsid }, recipient: { id: IG_ACCOUNT }, timestamp: now(), ...fields });
  const batch = (...messaging: unknown[]) => ({ object: 'instagram', entry: [{ id: IG_ACCOUNT, time: now(), messaging }] });
  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const step = async (body: unknown) => {
    expect((await post(body)).status).toBe(200);
    await drain();
  };
  const say = (igsid: string, text: string) => step(batch(item(igsid, { message: { mid: `ig.${now()}`, text } })));
  const press = (igsid: string, title: string) => {
    const q = fake
      .to(igsid)
      .flatMap((s) => (s.message.quick_replies ?? []) as { title: string; payload: string }[])
      .findLast((r) => r.title === title);
    if (!q) throw new Error(`no quick reply "${title}" was shown to ${igsid}`);
    return step(batch(item(igsid, { message: { mid: `ig.${now()}`, text: q.title, quick_reply: { payload: q.payload } } })));
  };
  const shown = (igsid: string) => fake.to(igsid).map((s) => shownText(s.message));
  const conversationOf = (igsid: string) => server.store.channels.conversationOf({ channel: 'instagram', botId: BOT, chatId: igsid });

  beforeAll(async () => {
    fake = await startFakeSendApi(INSTAGRAM, TOKEN);
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin });
    const put = await call(`${server.url}/api/bots/${BOT}/channels/instagram`, { method: 'PUT', token: ADMIN, body: { pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY, apiBase: fake.origin } });
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain(TOKEN);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
  });

  it('answers the GET handshake with its own verify token', async () => {
    const handshake = (token: string) => fetch(`${url()}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`).then(async (r) => [r.status, await r.text()]);
    expect(await handshake(VERIFY)).toStrictEqual([200, '42']);
    expect((await handshake('not-the-verify-token'))[0]).toBe(403);
  });

  it('runs order-support on Instagram: menu as quick replies, an FAQ answer, a ticket and agent replies in and outside 24 hours', async () => {
    const igsid = '9001';
    await say(igsid, 'How do I return an item?');
    expect(shown(igsid)).toContainEqual(expect.stringContaining('Northwind Goods assistant'));
    const menu = fake.to(igsid).find((s) => s.message.text === 'What can I help you with today?');
    expect((menu?.message.quick_replies as { title: string }[]).map((q) => q.title)).toStrictEqual(['Track my order', 'Shipping, returns o…', 'Talk to a person']);
    expect(shown(igsid)).toContainEqual(expect.stringContaining('You can return unused items within 30 days'));

    await press(igsid, 'Yes, thanks');
    await press(igsid, 'Yes, something else');
    expect(shown(igsid).at(-1)).toBe('What can I help you with today?');
    await press(igsid, 'Talk to a person');
    expect(shown(igsid).at(-1)).toContain('what do you need help with?');
    await say(igsid, 'My parcel arrived damaged');
    expect(shown(igsid).at(-1)).toBe("What's your name?");
    await say(igsid, 'Grace');
    await say(igsid, 'grace@example.com');
    expect(shown(igsid).at(-1)).toContain('An agent will reply here shortly');

    // A sticker is answered politely, inside the window.
    await step(batch(item(igsid, { message: { mid: `ig.${now()}`, attachments: [{ type: 'like_heart' }] } })));
    expect(fake.to(igsid).at(-1)).toMatchObject({ messagingType: 'RESPONSE', message: { text: expect.stringContaining('only read text messages') } });

    const conversationId = (await conversationOf(igsid))!;
    const tickets = (await call(`${server.url}/api/tickets`, { token: AGENT })).body.tickets as { id: number; conversationId: string }[];
    const ticket = tickets.find((t) => t.conversationId === conversationId)!;
    expect(ticket).toBeDefined();
    expect((await call(`${server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text: 'Hi Grace, sorry about that.' } })).status).toBe(201);
    await drain();
    const reply = fake.to(igsid).at(-1)!;
    expect(reply).toMatchObject({ messagingType: 'RESPONSE', message: { text: 'Hi Grace, sorry about that.' } });

    // Instagram reports what was seen by message id.
    await step(batch(item(igsid, { read: { mid: reply.messageId } })));
    const statuses = await server.store.channels.statuses(conversationId);
    expect(statuses.at(-1)!.status).toBe('read');

    server.clock.now = new Date(server.clock.now.getTime() + 30 * 60 * 60 * 1000);
    expect((await call(`${server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text: 'A new one is on its way.' } })).status).toBe(201);
    await drain();
    expect(fake.to(igsid).at(-1)).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'A new one is on its way.' } });
    expect(fake.problems).toStrictEqual([]);
  });

  it("refuses a forged call and a Messenger body on Instagram's webhook", async () => {
    const igsid = '9002';
    expect((await post(batch(item(igsid, { message: { mid: 'f1', text: 'hi' } })), 'forgedforgedforged0000')).status).toBe(401);
    expect((await post({ object: 'page', entry: [{ messaging: [item(igsid, { message: { mid: 'f2', text: 'hi' } })] }] })).status).toBe(400);
    expect(await conversationOf(igsid)).toBeUndefined();
  });
});
