import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createApp } from '../app';
import { openStore } from '../store';
import { seed } from '../seed/seed';
import { parseAllowHosts } from '../net/addressGuard';
import { hashToken } from '../http/auth';
import { ADMIN, AGENT, Customer, call, repoRoot, startOrderApi, startServer, texts, type Reply, type TestServer } from '../testing/harness';
import { parseEmailConfig, type EmailConfig } from './config';
import { presenceOf } from './presence';
import { INBOUND_SECRET_HEADER } from '../routes/email';

const SMTP_USER = 'parley-smtp';
const SMTP_PASSWORD = 'smtp-pa55word-never-logged';
const INBOUND_SECRET = 'inbound-secret-0123456789abcdef';
const PUBLIC = 'https://chat.shop.example';
// Saturday 10:00 in New York: the seeded flow's support team is closed.
const SATURDAY = new Date('2026-11-28T15:00:00Z');

/**
 * An SMTP server on loopback that demands authentication (PLAIN/LOGIN, no TLS on loopback), keeps every mail it
 * accepts, and can be told to refuse the next one with a given reply code. What a real server would refuse is
 * recorded in `problems`.
 */
async function startSmtpPeer() {
  const received: { raw: Buffer; mail: ParsedMail; envelopeTo: string[] }[] = [];
  const problems: string[] = [];
  const refuseNext: number[] = [];
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
    onMailFrom(address, session, cb) {
      if (!session.user) problems.push('MAIL FROM before authentication');
      if (address.address !== 'support@shop.example') problems.push(`unexpected MAIL FROM ${address.address}`);
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = refuseNext.shift();
        if (code !== undefined) return cb(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          if (!mail.messageId) problems.push('a mail without Message-ID');
          received.push({ raw, mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          cb();
        });
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, problems, refuseNext, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** The real app with email configured, on a database file, seeded, listening on loopback (like harness.startServer). */
async function startEmailServer(origin: string, email: EmailConfig, logLines: string[]): Promise<TestServer> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'parley-email-')), 'test.db');
  const store = openStore(dbPath);
  const clock = { now: SATURDAY };
  await seed(store, join(repoRoot, 'flows'), { origin, now: clock.now.toISOString(), log: pino({ level: 'silent' }) });
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const app = createApp({
    store,
    clock: () => clock.now,
    allowHosts: parseAllowHosts('127.0.0.1'),
    tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
    checkResponses: true,
    publicUrl: PUBLIC,
    email,
    log,
    limits: { loginPerMinute: 1e6, conversationsPerIpPerMinute: 1e6, messagesPerIpPerMinute: 1e6, messagesPerConversationPerMinute: 1e6 },
  });
  const server: Server = await new Promise((ok) => {
    const s = app.app.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app,
    store,
    dbPath,
    clock,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await store.close();
    },
  };
}

const buttonPayload = (reply: Reply, label: string): string => {
  for (const m of reply.body.messages) for (const b of m.payload.buttons ?? []) if (b.label === label) return b.payload;
  throw new Error(`no button ${label}`);
};

/** Start → "Talk to a person" → issue, name, email: the after-hours handoff. Answers the last reply. */
async function handOff(server: TestServer, bot: string, person: string, email: string): Promise<{ customer: Customer; done: Reply }> {
  const { customer, reply } = await Customer.start(server, bot);
  await customer.press(buttonPayload(reply, bot.endsWith('-ko') ? '상담원 연결' : 'Talk to a person'));
  await customer.say('My parcel is late');
  await customer.say(person);
  const done = await customer.say(email);
  expect(done.body.status).toBe('handoff');
  return { customer, done };
}

/** Opens the customer's event stream and resolves once the server says it is ready; `close` ends it. */
async function openStream(server: TestServer, customer: Customer): Promise<{ close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/conversations/${customer.id}/stream`, { headers: { authorization: `Bearer ${customer.token}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let seen = '';
  while (!seen.includes('event: ready')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before ready');
    seen += new TextDecoder().decode(value);
  }
  return { close: () => controller.abort() };
}

describe('email follow-up through the app, with a real SMTP peer', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  const logLines: string[] = [];
  let config: EmailConfig;

  const drain = async () => {
    while ((await server.app.dispatcher.tick()) > 0);
  };
  const ticketOf = async (conversationId: string) => {
    const list = await call(`${server.url}/api/tickets?status=all`, { token: AGENT });
    return list.body.tickets.find((t: { conversationId: string }) => t.conversationId === conversationId) as { id: number; subject: string };
  };
  const agentSays = async (conversationId: string, text: string) => {
    const ticket = await ticketOf(conversationId);
    const reply = await call(`${server.url}/api/tickets/${ticket.id}/messages`, { token: AGENT, body: { text } });
    expect(reply.status).toBe(201);
  };
  const away = async (customerId: string) => {
    // Past the presence window since the stream closed (the close is recorded when the server sees it).
    await vi.waitFor(async () => {
      server.clock.now = new Date(server.clock.now.getTime() + 3 * 60_000);
      expect(await presenceOf(server.app.ctx)!.connected(customerId)).toBe(false);
    });
  };
  const emails = () => server.store.deliveries.list({ kind: 'email', limit: 500 });
  const inbound = (raw: Buffer | string, secret: string | null = INBOUND_SECRET) =>
    fetch(`${server.url}/api/email/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', ...(secret === null ? {} : { [INBOUND_SECRET_HEADER]: secret }) }, body: raw });
  const compose = (fields: { from: string; to: string; text: string; messageId?: string }) =>
    new MailComposer({ ...fields, subject: 'Re: Order help', ...(fields.messageId ? { messageId: fields.messageId } : {}) }).compile().build();

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    orders = await startOrderApi();
    config = parseEmailConfig(
      { PARLEY_SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, PARLEY_EMAIL_FROM: 'Northwind support <support@shop.example>', PARLEY_INBOUND_EMAIL_SECRET: INBOUND_SECRET },
      randomBytes(32),
    )!;
    server = await startEmailServer(orders.origin, config, logLines);
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
    await smtp?.close();
  });

  let conversationId = '';
  let replyToken = '';

  it('promises email after hours, sends none while the customer is connected, and exactly one once they are away', async () => {
    const { customer, done } = await handOff(server, 'order-support', 'Ada Lovelace', 'ada@example.com');
    conversationId = customer.id;
    expect(texts(done).join(' ')).toContain("we'll email the reply to ada@example.com");

    const stream = await openStream(server, customer);
    await agentSays(customer.id, 'Hello Ada, seen while you are here.');
    await drain();
    expect(await emails()).toHaveLength(0);

    stream.close();
    await away(customer.id);
    await agentSays(customer.id, 'Your parcel left our warehouse today. <script>alert(1)</script> & more');
    await drain();
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toStrictEqual(['ada@example.com']);
    expect(mail.subject).toBe('Re: Order help for Ada Lovelace (after hours)');
    expect(mail.text).toContain('Your parcel left our warehouse today. <script>alert(1)</script> & more');
    // The transcript excerpt: what came before the reply, the earlier agent message included.
    expect(mail.text).toContain('You: ada@example.com');
    expect(mail.text).toContain('Support: Hello Ada, seen while you are here.');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
    const replyTo = (mail.replyTo?.value[0]?.address ?? '') as string;
    expect(replyTo).toMatch(/^reply\+[0-9a-z.]+@shop\.example$/);
    replyToken = replyTo.slice('reply+'.length, replyTo.indexOf('@'));
    expect(mail.text).toContain(`${PUBLIC}/demo?bot=order-support#parley-resume=${replyToken}`);
    expect(mail.html).toContain(`href="${PUBLIC}/demo?bot=order-support#parley-resume=${replyToken}"`);
    expect(smtp.problems).toStrictEqual([]);
    expect((await server.store.email.thread(customer.id))?.address).toBe('ada@example.com');
    expect(logLines.join('\n')).not.toContain(SMTP_PASSWORD);
  });

  it("opens the same conversation from the email's link, and refuses forged or malformed tokens", async () => {
    const resumed = await call(`${server.url}/api/email/resume`, { body: { token: replyToken } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ conversationId, botId: 'order-support', status: 'handoff' });
    const history = await call(`${server.url}/api/conversations/${conversationId}/messages`, { token: resumed.body.token });
    expect(history.status).toBe(200);
    expect(history.body.messages.some((m: { payload: { text?: string } }) => m.payload.text?.startsWith('Your parcel left'))).toBe(true);

    const forged = replyToken.slice(0, -1) + (replyToken.endsWith('a') ? 'b' : 'a');
    const refused = await call(`${server.url}/api/email/resume`, { body: { token: forged } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('not valid');
    expect((await call(`${server.url}/api/email/resume`, { body: { token: 'nonsense' } })).status).toBe(400);
    server.clock.now = new Date(server.clock.now.getTime() + config.tokenTtlMs + 1000);
    const expired = await call(`${server.url}/api/email/resume`, { body: { token: replyToken } });
    server.clock.now = new Date(server.clock.now.getTime() - config.tokenTtlMs - 1000);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
  });

  it("adds an emailed reply to the ticket's transcript without the quoted history, once, and refuses bad ones storing nothing", async () => {
    const countBefore = async () => (await server.store.conversations.messagesAfter(conversationId, 0)).length;
    const before = await countBefore();
    const to = `reply+${replyToken}@shop.example`;
    const quoted = 'Thanks, that helps!\nSee you soon.\n\nOn Sat, Nov 28, 2026 at 10:00 AM Northwind support <support@shop.example> wrote:\n> Your parcel left our warehouse today.\n> Continue the conversation: https://chat.shop.example/demo';
    // Refusals first: nothing is stored for any of them.
    expect((await inbound(await compose({ from: 'ada@example.com', to, text: quoted }), 'wrong-secret-0123456789')).status).toBe(401);
    expect((await inbound(await compose({ from: 'ada@example.com', to, text: quoted }), null)).status).toBe(401);
    const forged = `reply+${replyToken.slice(0, -1)}${replyToken.endsWith('a') ? 'b' : 'a'}@shop.example`;
    expect((await inbound(await compose({ from: 'ada@example.com', to: forged, text: quoted }))).status).toBe(401);
    const wrongSender = await inbound(await compose({ from: 'mallory@example.net', to, text: quoted }));
    expect(wrongSender.status).toBe(403);
    const huge = await inbound(await compose({ from: 'ada@example.com', to, text: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(await countBefore()).toBe(before);

    const raw = await compose({ from: 'Ada <ada@example.com>', to, text: quoted, messageId: '<reply-1@mail.example.com>' });
    const taken = await inbound(raw);
    expect(taken.status).toBe(200);
    // A provider's retry of the same mail is not a second message.
    expect((await inbound(raw)).status).toBe(200);
    const after = await server.store.conversations.messagesAfter(conversationId, 0);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ author: 'customer', payload: { type: 'customer', text: 'Thanks, that helps!\nSee you soon.' } });
    const ticket = await ticketOf(conversationId);
    const transcript = await call(`${server.url}/api/tickets/${ticket.id}`, { token: AGENT });
    expect(JSON.stringify(transcript.body)).toContain('Thanks, that helps!');
    expect(JSON.stringify(transcript.body)).not.toContain('> Your parcel left');
  });

  it('retries an email the SMTP server answered 451 and delivers it once; a 550 is not retried and never shows the password', async () => {
    const { customer } = await handOff(server, 'order-support', 'Grace Hopper', 'grace@example.com');
    await away(customer.id);
    const already = smtp.received.length;
    smtp.refuseNext.push(451);
    await agentSays(customer.id, 'Checking on your order now.');
    await drain();
    expect(smtp.received).toHaveLength(already);
    const pending = (await emails()).find((d) => d.target === 'grace@example.com');
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending?.lastError).toContain('451');
    server.clock.now = new Date(server.clock.now.getTime() + 60_000);
    await drain();
    const got = smtp.received.slice(already);
    expect(got).toHaveLength(1);
    expect(got[0]!.mail.text).toContain('Checking on your order now.');
    expect((await emails()).find((d) => d.target === 'grace@example.com')?.status).toBe('delivered');

    smtp.refuseNext.push(550);
    await agentSays(customer.id, 'One more thing.');
    await drain();
    const dead = (await emails()).find((d) => d.target === 'grace@example.com' && d.status !== 'delivered');
    expect(dead).toMatchObject({ status: 'dead' });
    expect(dead?.lastError).toContain('550');
    expect(JSON.stringify(await emails())).not.toContain(SMTP_PASSWORD);
    expect(logLines.join('\n')).not.toContain(SMTP_PASSWORD);
    expect(smtp.problems).toStrictEqual([]);
  });
});

describe('without PARLEY_SMTP_URL', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, now: SATURDAY });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
  });

  it.each([
    ['order-support', 'Ada', /we'll reply here when we're back/, /e-?mail/i],
    ['order-support-ko', '에이다', /여기로 답변/, /메일|email/i],
  ])('%s: the after-hours handoff promises no email', async (bot, name, promise, mention) => {
    const { done } = await handOff(server, bot, name, 'ada@example.com');
    const said = texts(done).join(' ');
    expect(said).toMatch(promise);
    expect(said).not.toMatch(mention);
    expect((await call(`${server.url}/api/email/resume`, { body: { token: 'x' } })).status).toBe(404);
  });
});
