import { test, expect, type APIRequestContext } from '@playwright/test';
import { ADMIN_TOKEN } from '../playwright.config';

// Twenty scripted conversations on a bot of their own, then what the admin sees of them: the Analytics page, the
// canvas overlay, and an unmatched question taught as an example phrase that matches once published.

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const UNMATCHED = 'Do you sell umbrellas for dogs?';

type Chat = { id: string; token: string };

async function start(request: APIRequestContext, botId: string): Promise<Chat> {
  const res = await request.post(`/api/bots/${botId}/conversations`, { data: { visitor: {} } });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { conversationId: string; token: string };
  return { id: body.conversationId, token: body.token };
}

async function send(request: APIRequestContext, chat: Chat, body: { type: 'text'; text: string } | { type: 'postback'; payload: string }): Promise<string[]> {
  const res = await request.post(`/api/conversations/${chat.id}/messages`, { headers: { authorization: `Bearer ${chat.token}` }, data: body });
  expect(res.status(), await res.text()).toBe(200);
  const { messages } = (await res.json()) as { messages: { author: string; payload: { text?: string } }[] };
  return messages.filter((m) => m.author === 'bot').map((m) => m.payload.text ?? '');
}
const press = (request: APIRequestContext, chat: Chat, payload: string) => send(request, chat, { type: 'postback', payload });
const say = (request: APIRequestContext, chat: Chat, text: string) => send(request, chat, { type: 'text', text });

test('twenty conversations add up on the Analytics page and the canvas, and a taught question matches after publishing', async ({ page, request }) => {
  const botId = `analytics-${Date.now().toString(36)}`;
  expect((await request.post('/api/bots', { headers: auth, data: { name: 'Analytics journey', id: botId, from: 'order-support' } })).status()).toBe(201);
  expect((await request.post(`/api/bots/${botId}/publish`, { headers: auth })).status()).toBe(201);

  // 8 order lookups to the end, 5 FAQ answers that helped, 4 questions the bot cannot answer, 3 that only said hello.
  for (let i = 0; i < 8; i++) {
    const chat = await start(request, botId);
    await press(request, chat, 'menu:track');
    expect((await say(request, chat, '10001')).join(' ')).toContain('10001');
    await press(request, chat, 'anything-else:no');
  }
  for (let i = 0; i < 5; i++) {
    const chat = await start(request, botId);
    await press(request, chat, 'menu:question');
    expect((await say(request, chat, 'How do I return an item?')).join(' ')).toContain('30 days');
    await press(request, chat, 'faq-helped:yes');
  }
  for (let i = 0; i < 4; i++) {
    const chat = await start(request, botId);
    await press(request, chat, 'menu:question');
    await say(request, chat, UNMATCHED);
  }
  for (let i = 0; i < 3; i++) await start(request, botId);

  await page.addInitScript((token) => localStorage.setItem('parley.adminToken', token), ADMIN_TOKEN);
  await page.goto(`/bots/${botId}/analytics`);
  await expect(page.getByTestId('analytics-page')).toBeVisible();
  await expect(page.getByTestId('analytics-tile-started')).toContainText('20');

  // The canvas overlay: visits on the steps the conversations went through.
  await page.getByTestId('bot-view-canvas').click();
  await page.getByTestId('analytics-overlay-toggle').click();
  await expect(page.getByTestId('analytics-overlay-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('step-stats-menu').getByRole('note')).toHaveAttribute('aria-label', /^Visits: 20\b/);
  // Each connection carries the traffic that took it (the canvas draws only the steps in view, every connection).
  await expect(page.getByRole('group', { name: 'Edge from menu to ask-order' })).toHaveText('8');
  await expect(page.getByRole('group', { name: 'Edge from menu to ask-question' })).toHaveText('9');
  await expect(page.getByRole('group', { name: 'Edge from menu to ask-issue' })).toHaveText('0');

  // The unmatched question, four times, taught as a phrase of the Shipping answer.
  await page.getByTestId('bot-view-analytics').click();
  const group = page.getByTestId('analytics-unmatched').locator('li', { hasText: UNMATCHED });
  await expect(group).toContainText('4');
  await group.getByLabel('Answer').selectOption({ label: 'Shipping' });
  await group.getByRole('button', { name: 'Add as example phrase' }).click();
  await expect(page.getByTestId('analytics-unmatched')).toContainText(/publish/i);
  expect((await request.post(`/api/bots/${botId}/publish`, { headers: auth })).status()).toBe(201);

  const after = await start(request, botId);
  await press(request, after, 'menu:question');
  expect((await say(request, after, UNMATCHED)).join(' ')).toContain('We ship within 1–2 business days');
});
