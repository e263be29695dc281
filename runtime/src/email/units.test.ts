import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store';
import { openPostgresStore } from '../store/postgres';
import { createTestDatabase, pgAvailable } from '../testing/postgres';
import { freePort, runMainToExit } from '../testing/harness';
import { checkToken, signToken, tokenInAddress } from './replyToken';
import { stripQuoted } from './inbound';
import { EmailConfigError, parseEmailConfig } from './config';
import { smtpFailure } from './mailer';
import { composeReplyEmail } from './compose';

const KEY = randomBytes(32);
const NOW = new Date('2026-11-28T15:00:00Z');

describe('reply tokens', () => {
  it('open the conversation they were made for until they expire, and fit in an address local part', () => {
    const id = randomUUID();
    const token = signToken(KEY, id, new Date(NOW.getTime() + 60_000));
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(checkToken(KEY, token, NOW)).toMatchObject({ ok: true, conversationId: id });
    // Mail systems may change the case of an address.
    expect(checkToken(KEY, token.toUpperCase(), NOW)).toMatchObject({ ok: true, conversationId: id });
    expect(checkToken(KEY, token, new Date(NOW.getTime() + 60_000))).toStrictEqual({ ok: false, reason: 'expired' });
  });

  it('refuse another key, a changed id or expiry, and junk', () => {
    const id = randomUUID();
    const token = signToken(KEY, id, new Date(NOW.getTime() + 60_000));
    const [compact, expiry, mac] = token.split('.') as [string, string, string];
    expect(checkToken(randomBytes(32), token, NOW)).toStrictEqual({ ok: false, reason: 'forged' });
    const otherId = randomUUID().replace(/-/g, '');
    expect(checkToken(KEY, `${otherId}.${expiry}.${mac}`, NOW)).toStrictEqual({ ok: false, reason: 'forged' });
    expect(checkToken(KEY, `${compact}.${(parseInt(expiry, 36) + 86_400).toString(36)}.${mac}`, NOW)).toStrictEqual({ ok: false, reason: 'forged' });
    expect(checkToken(KEY, 'hello', NOW)).toStrictEqual({ ok: false, reason: 'malformed' });
    expect(tokenInAddress(`reply+${token}@Shop.Example`, 'shop.example')).toBe(token);
    expect(tokenInAddress(`reply+${token}@evil.example`, 'shop.example')).toBeUndefined();
  });
});

describe('quoted history', () => {
  it.each([
    ['Gmail', 'Yes please.\n\nOn Sat, Nov 28, 2026 at 10:00 AM Support <support@shop.example> wrote:\n> Shall we refund?', 'Yes please.'],
    ['Gmail, wrapped', 'Yes please.\n\nOn Sat, Nov 28, 2026 at 10:00 AM Northwind support <support@shop.example>\nwrote:\n> Shall we refund?', 'Yes please.'],
    ['Korean Gmail', '네 좋아요.\n\n2026년 11월 28일 (토) 오전 10:00, 상담원 <support@shop.example>님이 작성:\n> 환불해 드릴까요?', '네 좋아요.'],
    ['Outlook', 'Yes please.\n\n________________________________\nFrom: Support <support@shop.example>\nSent: Saturday\n\nShall we refund?', 'Yes please.'],
    ['inline quotes and a signature', '> Shall we refund?\nYes please.\n> And the label?\nNo need.\n-- \nAda', 'Yes please.\nNo need.'],
  ])('%s', (_client, body, kept) => {
    expect(stripQuoted(body)).toBe(kept);
  });
});

describe('settings', () => {
  const base = { PARLEY_SMTP_URL: 'smtp://user:s3cret-pw@smtp.example.com:587', PARLEY_EMAIL_FROM: 'Shop <support@shop.example>' };

  it('are off without PARLEY_SMTP_URL, and read the reply domain from PARLEY_EMAIL_FROM', () => {
    expect(parseEmailConfig({}, KEY)).toBeUndefined();
    expect(parseEmailConfig(base, KEY)).toMatchObject({ replyDomain: 'shop.example', presenceWindowMs: 120_000 });
  });

  it.each([
    [{ ...base, PARLEY_SMTP_URL: 'http://user:s3cret-pw@smtp.example.com' }, 'must start with smtp://'],
    [{ ...base, PARLEY_SMTP_URL: 'not a url s3cret-pw' }, 'is not a URL'],
    [{ ...base, PARLEY_EMAIL_FROM: undefined }, 'PARLEY_EMAIL_FROM is required'],
    [{ ...base, PARLEY_EMAIL_FROM: 'Shop' }, 'has no email address'],
    [{ ...base, PARLEY_INBOUND_EMAIL_SECRET: 'short' }, 'at least 16 characters'],
    [{ PARLEY_INBOUND_EMAIL_SECRET: 'long-enough-secret-1234' }, 'PARLEY_SMTP_URL is not'],
    [{ ...base, PARLEY_EMAIL_RESUME_PAGE: 'https://shop.example/help#chat' }, 'no #fragment'],
  ])('refuse what cannot work, with a message that never shows the password (%#)', (env, message) => {
    let error: unknown;
    try {
      parseEmailConfig(env as NodeJS.ProcessEnv, KEY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmailConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('classify SMTP failures: 4xx and no answer retried, 5xx final, the password scrubbed', () => {
    const config = parseEmailConfig(base, KEY)!;
    expect(smtpFailure({ responseCode: 451, message: '451 try later' }, config)).toMatchObject({ ok: false, status: 451, retryable: true });
    expect(smtpFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, config)).toMatchObject({ ok: false, retryable: true });
    const refused = smtpFailure({ responseCode: 535, code: 'EAUTH', message: 'Invalid login for user:s3cret-pw' }, config);
    expect(refused).toMatchObject({ ok: false, status: 535, retryable: false });
    expect(JSON.stringify(refused)).not.toContain('s3cret-pw');
  });
});

describe('the email', () => {
  it('escapes every piece of conversation text in its HTML', () => {
    const mail = composeReplyEmail({
      locale: 'en',
      ticketSubject: 'Help\r\nBcc: victim@example.com',
      reply: '<img src=x onerror=alert(1)>',
      excerpt: [{ author: 'customer', payload: { type: 'customer', text: '<b>"hi"</b>' } }],
      resumeUrl: 'https://shop.example/demo?bot=a&b=c#parley-resume=t',
    });
    expect(mail.subject).toBe('Re: Help Bcc: victim@example.com');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>"hi"');
    expect(mail.html).toContain('&#60;b&#62;&#34;hi&#34;&#60;/b&#62;');
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(mail.html).toContain('href="https://shop.example/demo?bot=a&#38;b=c#parley-resume=t"');
  });
});

async function exerciseStore(store: Store) {
  const id = randomUUID();
  expect(await store.email.lastSeen(id)).toBeUndefined();
  await store.email.touchPresence(id, '2026-11-28T15:00:00.000Z');
  await store.email.touchPresence(id, '2026-11-28T14:00:00.000Z');
  expect(await store.email.lastSeen(id)).toBe('2026-11-28T15:00:00.000Z');
  await store.email.recordEmailed(id, 'ada@example.com', 12, '2026-11-28T15:01:00.000Z');
  await store.email.recordEmailed(id, 'ada@example.com', 9, '2026-11-28T15:02:00.000Z');
  expect(await store.email.thread(id)).toStrictEqual({ conversationId: id, address: 'ada@example.com', lastEmailedSeq: 12, updatedAt: '2026-11-28T15:02:00.000Z' });
}

describe('the email store', () => {
  it('on SQLite: presence never moves back, the thread keeps the highest seq', async () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'parley-email-store-')), 'test.db'));
    await exerciseStore(store);
    await store.close();
  });

  describe.skipIf(!pgAvailable())('on PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let store: Store;
    beforeAll(async () => {
      database = await createTestDatabase();
      store = await openPostgresStore(database.url);
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('presence never moves back, the thread keeps the highest seq', async () => {
      await exerciseStore(store);
    });
  });
});

describe('starting the server', () => {
  it('stops on an SMTP setting that cannot work: one line, exit code 78, no password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-email-main-'));
    const { code, stderr } = await runMainToExit({
      ...process.env,
      PORT: String(await freePort()),
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_ADMIN_TOKEN: 'a',
      PARLEY_AGENT_TOKEN: 'b',
      LOG_LEVEL: 'silent',
      PARLEY_SMTP_URL: 'smtp://user:hunter2-pw@smtp.example.com:587',
      PARLEY_EMAIL_FROM: 'nobody',
    });
    expect(code).toBe(78);
    expect(stderr).toContain('PARLEY_EMAIL_FROM "nobody" has no email address');
    expect(stderr).not.toContain('hunter2-pw');
  }, 30_000);
});
