import { test, expect } from '@playwright/test';
import express from 'express';
import type { Server } from 'node:http';
import { ADMIN_TOKEN, FAKE_PLATFORM_PORT } from '../playwright.config';
import { chatLog, openChat, signInAgent, walkToHandoff } from './journeys';

// One customer on two channels: the agent sees both conversations, each marked with its channel, and each reply goes
// back on the channel its conversation came in on.

const BOT = 'order-support';
const TOKEN = '123456789:AAHjourneyTokenForTestsOnly_abcdef';
const SECRET = 'journey-webhook-secret-0123';

type Sent = { method: string; body: { chat_id?: string; text?: string } };

/** A stand-in for Telegram's Bot API on loopback: takes sends with the right token and records them. */
function startFakeTelegram(): Promise<{ sent: Sent[]; close: () => Promise<void> }> {
  const sent: Sent[] = [];
  const api = express();
  api.use(express.json());
  api.post('/bot:token/:method', (req, res) => {
    if (req.params.token !== TOKEN) return void res.status(401).json({ ok: false, error_code: 401, description: 'Unauthorized' });
    sent.push({ method: req.params.method, body: req.body as Sent['body'] });
    res.json({ ok: true, result: { message_id: sent.length } });
  });
  return new Promise((ok) => {
    const server: Server = api.listen(FAKE_PLATFORM_PORT, '127.0.0.1', () => ok({ sent, close: () => new Promise<void>((done) => server.close(() => done())) }));
  });
}

test('the agent answers a Telegram and a web conversation of the same customer, each on its own channel', async ({ browser, request }) => {
  const fake = await startFakeTelegram();
  try {
    const put = await request.put(`/api/bots/${BOT}/channels/telegram`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { botToken: TOKEN, secretToken: SECRET, apiBase: `http://127.0.0.1:${FAKE_PLATFORM_PORT}` },
    });
    expect(put.status()).toBe(200);

    const run = Date.now().toString(36);
    const name = `Grace ${run}`;
    const email = `grace-${run}@example.com`;
    const chat = 700_000 + Math.floor(Math.random() * 100_000);

    // On the web, in the widget.
    const customerContext = await browser.newContext();
    const customer = await customerContext.newPage();
    await openChat(customer);
    await walkToHandoff(customer, name, email);

    // On Telegram, the same person, through the platform's webhook.
    let updateId = chat * 10;
    const hook = async (update: Record<string, unknown>) => {
      const res = await request.post(`/api/channels/telegram/${BOT}/webhook`, { headers: { 'x-telegram-bot-api-secret-token': SECRET }, data: { update_id: ++updateId, ...update } });
      expect(res.status()).toBe(200);
    };
    const text = (t: string) => hook({ message: { message_id: updateId, chat: { id: chat, type: 'private' }, from: { id: chat, first_name: 'Grace' }, text: t } });
    await text('/start');
    await hook({ callback_query: { id: `cq-${chat}`, from: { id: chat }, data: 'menu:agent', message: { message_id: 1, chat: { id: chat } } } });
    for (const answer of ['My parcel is late', name, email]) await text(answer);
    const toChat = () => fake.sent.filter((s) => s.method === 'sendMessage' && s.body.chat_id === String(chat)).map((s) => s.body.text ?? '');
    await expect.poll(() => toChat().some((t) => /An agent will reply here shortly|when we're back|when our team is back/.test(t))).toBe(true);

    const agent = await signInAgent(browser);
    const page = agent.page;
    // Only Telegram tickets: this customer's Telegram one is there, their web one is not.
    await page.getByLabel('Channel').selectOption('telegram');
    const rows = page.locator('.ticket-row', { hasText: `Order help for ${name}` });
    await expect(rows).toHaveCount(1);
    await expect(rows.first().locator('.channel')).toHaveText('Telegram');
    await rows.first().click();
    await expect(page.locator('.ticket-sub')).toContainText('via Telegram');
    await expect(page.getByText('Your reply goes to the customer on Telegram.')).toBeVisible();
    const others = page.locator('.panel', { hasText: "This customer's other conversations" });
    await expect(others.locator('.channel', { hasText: 'Web' })).toBeVisible();

    await page.getByLabel('Reply to the customer').fill('Hi Grace, this is Dana on Telegram.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => toChat()).toContain('Hi Grace, this is Dana on Telegram.');
    // The Telegram reply stays on Telegram.
    await expect(chatLog(customer).getByText('Hi Grace, this is Dana on Telegram.')).toHaveCount(0);

    // The same customer's web conversation, one click away.
    await others.getByRole('link', { name: /ticket #\d+/ }).click();
    await expect(page.locator('.ticket-sub')).toContainText('via Web');
    await expect(page.locator('.panel', { hasText: "This customer's other conversations" }).locator('.channel', { hasText: 'Telegram' })).toBeVisible();
    await page.getByLabel('Reply to the customer').fill('And hello on the website, Grace.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(chatLog(customer).getByText('And hello on the website, Grace.')).toBeVisible();
    expect(toChat()).not.toContain('And hello on the website, Grace.');

    await agent.context.close();
    await customerContext.close();
  } finally {
    await fake.close();
  }
});
