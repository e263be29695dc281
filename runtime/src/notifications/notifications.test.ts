import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { ADMIN, call, Customer, startOrderApi, startServer, type TestServer } from '../testing/harness';
import { createIdentityVerifier } from '../auth/identity';
import { hubSignature } from '../channels/metaWebhook';
import { parseEmailConfig } from '../email/config';

const BOT = 'order-support';
const TOKEN = 'EAAGfakeWhatsAppAccessTokenForNotifications0123456789';
const PHONE_ID = '106540352242922';
const APP_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const JWT_SECRET = 'notifications-test-secret-0123456789abcdef';
const SMTP_USER = 'parley-smtp';
const SMTP_PASSWORD = 'smtp-pa55word-never-logged';
const PUBLIC = 'https://chat.shop.example';
const TEMPLATE = { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '10001' }] }] };

const jwt = (sub: string, email?: string) =>
  new SignJWT(email ? { email } : {}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience('parley').setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET));

type Sent = { id: string; body: Record<string, any> };

/** The Graph API's messages endpoint on loopback, refusing what WhatsApp refuses of the requests this feature sends. */
async function startFakeGraph() {
  const sent: Sent[] = [];
  const problems: string[] = [];
  let n = 0;
  const api = express();
  api.use(express.json());
  api.post('/:version/:phoneId/messages', (req, res) => {
    const refuse = (status: number, message: string) => {
      problems.push(message);
      res.status(status).json({ error: { message, type: 'OAuthException', code: status === 401 ? 190 : 100, fbtrace_id: `trace${++n}` } });
    };
    if (req.get('authorization') !== `Bearer ${TOKEN}`) return refuse(401, 'wrong or missing bearer token');
    if (!/^v\d+\.\d+$/.test(req.params.version)) return refuse(400, `bad version ${req.params.version}`);
    if (req.params.phoneId !== PHONE_ID) return refuse(400, `unknown phone number id ${req.params.phoneId}`);
    const body = req.body as Record<string, any>;
    if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || !/^\d{5,20}$/.test(body.to)) return refuse(400, 'bad envelope');
    if (body.type === 'template') {
      const t = body.template;
      if (typeof t?.name !== 'string' || !/^[a-z0-9_]+$/.test(t.name) || typeof t.language?.code !== 'string') return refuse(400, 'template needs a name and a language code');
      if (t.components !== undefined && !Array.isArray(t.components)) return refuse(400, 'template components must be an array');
    } else if (body.type === 'text') {
      if (typeof body.text?.body !== 'string' || body.text.body === '' || body.text.body.length > 4096) return refuse(400, 'bad text');
    } else if (body.type === 'interactive') {
      if (typeof body.interactive?.body?.text !== 'string' || body.interactive.body.text === '') return refuse(400, 'bad interactive');
      const buttons = body.interactive.action?.buttons;
      if (body.interactive.type === 'button' && (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)) return refuse(400, 'reply buttons must be 1 to 3');
    } else {
      return refuse(400, `unexpected message type ${String(body.type)}`);
    }
    const id = `wamid.${++n}`;
    sent.push({ id, body });
    res.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] });
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, problems, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** An SMTP server on loopback that demands authentication and keeps every mail it accepts. */
async function startSmtpPeer() {
  const received: ParsedMail[] = [];
  const problems: string[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username !== SMTP_USER || auth.password !== SMTP_PASSWORD) {
        problems.push(`bad credentials for ${auth.username}`);
        return cb(new Error('Invalid username or password'));
      }
      cb(null, { user: auth.username });
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          if (!mail.messageId) problems.push('a mail without Message-ID');
          received.push(mail);
          cb();
        });
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { port: (server.server.address() as AddressInfo).port, received, problems, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

describe('proactive notifications', () => {
  let fake: Awaited<ReturnType<typeof startFakeGraph>>;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  let seq = 0;

  const notify = (body: Record<string, unknown>, token = ADMIN) => call(`${server.url}/api/notifications`, { token, body: { botId: BOT, ...body } });
  const status = (id: string) => call(`${server.url}/api/notifications/${id}`, { token: ADMIN });
  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  /** A customer's WhatsApp message, signed over its exact bytes as Meta signs it. */
  const whatsappText = async (from: string, text: string) => {
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA_ID',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550009999', phone_number_id: PHONE_ID },
                contacts: [{ profile: { name: 'Ada' }, wa_id: from }],
                messages: [{ from, id: `wamid.in.${++seq}`, timestamp: String(Math.floor(server.clock.now.getTime() / 1000)), type: 'text', text: { body: text } }],
              },
            },
          ],
        },
      ],
    });
    const reply = await call(`${server.url}/api/channels/whatsapp/${BOT}/webhook`, { raw, headers: { 'x-hub-signature-256': hubSignature(raw, APP_SECRET) } });
    expect(reply.status).toBe(200);
    await drain();
  };
  const sentTo = (to: string) => fake.sent.filter((s) => s.body.to === to);
  const textsTo = (to: string) => sentTo(to).map((s) => (s.body.type === 'text' ? s.body.text.body : s.body.type === 'interactive' ? s.body.interactive.body.text : `[${s.body.type}]`) as string);
  const hours = (h: number) => {
    server.clock.now = new Date(server.clock.now.getTime() + h * 3_600_000);
  };
  /** A verified customer opening the widget, as the host page signs them in. */
  const webStart = async (sub: string, email?: string) => {
    const started = await call(`${server.url}/api/bots/${BOT}/conversations`, { body: { visitor: {}, identity: await jwt(sub, email) } });
    expect(started.status).toBe(201);
    return { started, customer: new Customer(server, started.body.conversationId, started.body.token) };
  };

  beforeAll(async () => {
    fake = await startFakeGraph();
    smtp = await startSmtpPeer();
    orders = await startOrderApi();
    const email = parseEmailConfig({ PARLEY_SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, PARLEY_EMAIL_FROM: 'Shop support <support@shop.example>' }, randomBytes(32))!;
    server = await startServer({
      origin: orders.origin,
      deps: { identity: (await createIdentityVerifier({ secret: JWT_SECRET, audience: 'parley' }))!, email, publicUrl: PUBLIC },
    });
    // No template in the settings: the notification brings its own, which must reach WhatsApp as it was given.
    const put = await call(`${server.url}/api/bots/${BOT}/channels/whatsapp`, {
      method: 'PUT',
      token: ADMIN,
      body: { accessToken: TOKEN, phoneNumberId: PHONE_ID, appSecret: APP_SECRET, verifyToken: 'verify-me-please-42', apiBase: fake.origin },
    });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await fake?.close();
    await smtp?.close();
  });

  it('sends a WhatsApp template outside the service window, and the reply continues at the chosen step', async () => {
    const chat = '15551230001';
    await whatsappText(chat, 'hi');
    const conversationId = await server.store.channels.conversationOf({ channel: 'whatsapp', botId: BOT, chatId: chat });
    // Two days later the 24-hour window is long closed: only a template may go.
    hours(48);
    const sent = await notify({ to: { channel: 'whatsapp', id: chat }, text: 'Your order 10001 has shipped.', startAt: 'anything-else', template: TEMPLATE });
    expect(sent.status).toBe(202);
    expect(sent.body.notification).toMatchObject({ status: 'queued', channel: 'whatsapp', conversationId, startAt: 'anything-else' });
    await drain();
    const template = sentTo(chat).at(-1)!;
    expect(template.body).toStrictEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: chat, type: 'template', template: TEMPLATE });
    expect((await status(sent.body.notification.id)).body.notification.status).toBe('sent');
    const history = await server.store.conversations.messagesAfter(conversationId!, 0, 100);
    expect(history.at(-1)).toMatchObject({ author: 'bot', payload: { type: 'text', text: 'Your order 10001 has shipped.' }, nodeId: 'anything-else' });

    // The customer answers the template: the step it started at takes the answer ("Yes, something else" → the menu).
    await whatsappText(chat, 'Yes, something else');
    expect(textsTo(chat).at(-1)).toBe('What can I help you with today?');
    await whatsappText(chat, 'Track my order');
    expect(textsTo(chat).at(-1)).toContain("What's your order number?");
    expect(fake.problems).toStrictEqual([]);
  });

  it('starts a new conversation at the chosen step for a chat whose conversation ended, linked so the reply lands there', async () => {
    const chat = '15551230009';
    await whatsappText(chat, 'hi');
    const first = await server.store.channels.conversationOf({ channel: 'whatsapp', botId: BOT, chatId: chat });
    // The first conversation runs to its end: the FAQ, "No, that's all", and the closing question.
    for (const text of ['How do I return an item?', 'Yes, thanks', "No, that's all", 'Yes']) await whatsappText(chat, text);
    expect((await server.store.conversations.key(first!))!.status).toBe('ended');
    const sent = await notify({ to: { channel: 'whatsapp', id: chat }, text: 'Anything we can help with?', startAt: 'menu', template: TEMPLATE });
    expect(sent.status).toBe(202);
    await drain();
    expect(sentTo(chat).at(-1)!.body.type).toBe('template');
    const second = await server.store.channels.conversationOf({ channel: 'whatsapp', botId: BOT, chatId: chat });
    expect(second).toBe(sent.body.notification.conversationId);
    expect(second).not.toBe(first);
    await whatsappText(chat, 'Track my order');
    expect(textsTo(chat).at(-1)).toContain("What's your order number?");
    expect(fake.problems).toStrictEqual([]);
  });

  it('honours STOP: confirmed on the chat, then the API refuses and queues nothing; START opts back in', async () => {
    const chat = '15551230002';
    await whatsappText(chat, 'hi');
    await whatsappText(chat, 'STOP');
    expect(textsTo(chat).at(-1)).toContain("You're unsubscribed");
    const before = fake.sent.length;
    const pendingBefore = (await server.store.deliveries.list({ kind: 'channel:whatsapp', limit: 500 })).length;
    const refused = await notify({ to: { channel: 'whatsapp', id: chat }, text: 'A sale!', template: TEMPLATE });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('opted_out');
    expect(refused.body.error.message).toContain('opted out');
    expect((await status(refused.body.error.details.notificationId)).body.notification.status).toBe('opted_out');
    expect((await server.store.deliveries.list({ kind: 'channel:whatsapp', limit: 500 })).length).toBe(pendingBefore);
    await drain();
    expect(fake.sent.length).toBe(before);

    await whatsappText(chat, '수신거부');
    expect(textsTo(chat).at(-1)).toContain('수신을 거부');
    await whatsappText(chat, 'start');
    expect(textsTo(chat).at(-1)).toContain('subscribed again');
    expect((await notify({ to: { channel: 'whatsapp', id: chat }, text: 'Welcome back', template: TEMPLATE })).status).toBe(202);
    expect(fake.problems).toStrictEqual([]);
  });

  it('shows a notification to a verified customer as the first message of their next conversation, at its step', async () => {
    await webStart('cust-7');
    const sent = await notify({ to: { externalId: 'cust-7' }, text: 'Your refund is on its way.', startAt: 'menu' });
    expect(sent.status).toBe(202);
    expect(sent.body.notification).toMatchObject({ status: 'queued', channel: 'web', conversationId: null });

    const { started, customer } = await webStart('cust-7');
    expect(started.body.messages[0]).toMatchObject({ author: 'bot', payload: { type: 'text', text: 'Your refund is on its way.' } });
    expect(started.body.messages).toHaveLength(1);
    expect(started.body.nodeId).toBe('menu');
    const reply = await customer.say('Track my order');
    expect(reply.body.messages.at(-1).payload.text).toContain("What's your order number?");
    expect((await status(sent.body.notification.id)).body.notification).toMatchObject({ status: 'sent', conversationId: customer.id });

    // Shown once: the next conversation starts with the greeting.
    const again = await webStart('cust-7');
    expect(again.started.body.messages[0].payload.text).toContain('Northwind Goods assistant');
  });

  it('emails a customer known by address, with an unsubscribe link that works', async () => {
    await webStart('cust-mail', 'grace@example.com');
    const sent = await notify({ to: { email: 'Grace@Example.com' }, text: 'Your <b>parcel</b> is ready for pickup.', subject: 'Pickup ready' });
    expect(sent.status).toBe(202);
    expect(sent.body.notification.channel).toBe('email');
    await drain();
    expect(smtp.problems).toStrictEqual([]);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('Pickup ready');
    expect(mail.text).toContain('Your <b>parcel</b> is ready for pickup.');
    expect(mail.html).toContain('Your &#60;b&#62;parcel'); expect(mail.html).not.toContain('<b>parcel');
    expect((await status(sent.body.notification.id)).body.notification.status).toBe('sent');
    const conversation = sent.body.notification.conversationId as string;
    const history = await server.store.conversations.messagesAfter(conversation, 0, 100);
    expect(history.some((m) => m.payload.type === 'text' && m.payload.text === 'Your <b>parcel</b> is ready for pickup.')).toBe(true);

    const link = /https:\/\/chat\.shop\.example(\/api\/notifications\/unsubscribe\?token=\S+)/.exec(mail.text ?? '')![1]!;
    const forged = await fetch(`${server.url}${link.slice(0, -4)}0000`);
    expect(forged.status).toBe(400);
    const page = await fetch(`${server.url}${link}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('unsubscribed');
    const refused = await notify({ to: { email: 'grace@example.com' }, text: 'Another one' });
    expect(refused.status).toBe(409);
    expect(smtp.received).toHaveLength(1);
  });

  it('limits notifications per customer, and refuses unknown customers, unreachable channels, bad steps and keys without the scope', async () => {
    await webStart('cust-busy');
    for (let i = 0; i < 3; i++) expect((await notify({ to: { externalId: 'cust-busy' }, text: `Update ${i}` })).status).toBe(202);
    const limited = await notify({ to: { externalId: 'cust-busy' }, text: 'One too many' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toContain('3 notifications in the last 24 hours');
    expect(Number(limited.headers!.get('retry-after'))).toBeGreaterThan(23 * 3600);
    hours(25);
    expect((await notify({ to: { externalId: 'cust-busy' }, text: 'A day later' })).status).toBe(202);

    const unknown = await notify({ to: { externalId: 'nobody' }, text: 'Hi' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_customer');
    const unreachable = await notify({ to: { externalId: 'cust-busy' }, text: 'Hi', channel: 'whatsapp' });
    expect(unreachable.status).toBe(422);
    expect(unreachable.body.error.message).toContain('WhatsApp: the customer has no WhatsApp chat');
    const badStep = await notify({ to: { externalId: 'cust-busy' }, text: 'Hi', startAt: 'lookup' });
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.message).toContain('does not wait for the customer');
    expect((await notify({ to: { externalId: 'cust-busy' }, text: 'Hi', startAt: 'no-such-step' })).status).toBe(400);

    const key = async (scopes: string[]) => (await call(`${server.url}/api/integrations`, { token: ADMIN, body: { name: `crm ${scopes.join(' ')}`, scopes } })).body.key as string;
    const without = await notify({ to: { externalId: 'cust-7' }, text: 'Hi' }, await key(['webhooks']));
    expect(without.status).toBe(403);
    const withScope = await notify({ to: { externalId: 'cust-7' }, text: 'From the CRM' }, await key(['notifications']));
    expect(withScope.status).toBe(202);
  });
});
