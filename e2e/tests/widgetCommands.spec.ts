import { test, expect, type Page } from '@playwright/test';

// The script tag's command API on the demo shop: `Parley(…)` queued by the page's stub before widget.js loads, and
// called directly after.

function widget(page: Page) {
  return page.locator('[data-parley-widget]');
}

const chatLog = (page: Page) => widget(page).getByRole('log');
const dialog = (page: Page) => widget(page).getByRole('dialog', { name: 'Order support' });

interface Heard {
  parleyHeard: string[];
}

/** The documented stub, plus commands a page would queue in its <head>, before widget.js arrives. */
async function queueBeforeLoad(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { Parley?: ((...args: unknown[]) => void) & { q?: unknown[] }; parleyHeard: string[] };
    // The snippet from the README.
    w.Parley =
      w.Parley ||
      function () {
        (w.Parley!.q = w.Parley!.q || []).push(arguments);
      };
    w.parleyHeard = [];
    const text = (m: { payload: { text?: string } }) => m.payload.text ?? '';
    w.Parley('on', 'message', (m: { author: string; seq: number; payload: { text?: string } }) => w.parleyHeard.push(`${m.author}:${text(m)}`));
    w.Parley('on', 'open', () => w.parleyHeard.push('open'));
    w.Parley('on', 'close', () => w.parleyHeard.push('close'));
    w.Parley('open');
  });
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as Heard).parleyHeard);
const parley = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as unknown as { Parley: (...x: unknown[]) => unknown }).Parley(...a), args);

test('commands queued before the script loaded run once it has: the chat opens by itself and handlers hear it', async ({ page }) => {
  await queueBeforeLoad(page);
  await page.goto('/demo?bot=order-support');
  await expect(dialog(page)).toBeVisible();
  await expect(chatLog(page).getByText('What can I help you with today?')).toBeVisible();
  await expect.poll(() => heard(page)).toEqual(['open', expect.stringMatching(/^bot:Hi, I'm the Northwind Goods assistant/), 'bot:What can I help you with today?']);
  // The stub is gone: the page now calls the real function.
  expect(await page.evaluate(() => (window as unknown as { Parley: { q?: unknown } }).Parley.q)).toBeUndefined();
});

test('Parley("close") and Parley("open") drive the panel, and "message" hears each new message once', async ({ page }) => {
  await queueBeforeLoad(page);
  await page.goto('/demo?bot=order-support');
  await expect(chatLog(page).getByText('What can I help you with today?')).toBeVisible();

  await parley(page, 'close');
  await expect(dialog(page)).toBeHidden();
  await parley(page, 'open');
  await expect(dialog(page)).toBeVisible();

  // The reply and the live stream both bring these; the handler hears each once.
  await chatLog(page).getByRole('button', { name: 'Track my order' }).click();
  await expect(chatLog(page).getByText("What's your order number?", { exact: false })).toBeVisible();
  await expect.poll(async () => (await heard(page)).slice(3)).toEqual(['close', 'open', 'customer:Track my order', expect.stringMatching(/^bot:What's your order number\?/)]);

  // The customer closing the panel is heard too.
  await widget(page).getByRole('button', { name: 'Close chat' }).first().click();
  await expect(dialog(page)).toBeHidden();
  await expect.poll(async () => (await heard(page)).at(-1)).toBe('close');
});

test('Parley("track") posts the event with the visitor and the current conversation; a mistaken command only warns', async ({ page }) => {
  const tracked: unknown[] = [];
  // The endpoint is another part's; here we check what the widget sends.
  await page.route('**/api/bots/order-support/track', async (route) => {
    tracked.push(route.request().postDataJSON());
    await route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify({ recorded: true, conversionId: 'cv-1' }) });
  });
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await queueBeforeLoad(page);
  await page.goto('/demo?bot=order-support');
  await expect(chatLog(page).getByText('What can I help you with today?')).toBeVisible();

  await parley(page, 'track', 'purchase', { value: 42, currency: 'USD' });
  await expect.poll(() => tracked.length).toBe(1);
  const thread = await page.evaluate(() => JSON.parse(localStorage.getItem('parley:order-support:threads') ?? '[]') as { id: string; token: string }[]);
  expect(tracked[0]).toEqual({ event: 'purchase', value: 42, currency: 'USD', visitorId: expect.any(String), conversationId: thread.at(-1)!.id, token: thread.at(-1)!.token });

  await parley(page, 'track', 'purchase', { value: 'lots' });
  await parley(page, 'launch');
  expect(warnings).toEqual(["[parley] Parley('track') takes { value: number, currency: 'USD' }", '[parley] unknown command "launch"']);
  expect(tracked).toHaveLength(1);
});
