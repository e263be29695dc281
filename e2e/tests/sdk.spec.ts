import { test, expect, type Page } from '@playwright/test';
import { createServer as netServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { PORT } from '../playwright.config';

// <ParleyChat> from the built SDK (editor/dist/sdk) in a React app of its own (e2e/sdk-app), served by Vite on another
// loopback port: the component talks to the real server cross-origin, as it would on a customer's site.

const appDir = join(dirname(fileURLToPath(import.meta.url)), '../sdk-app');
const builtSdk = join(appDir, '../../editor/dist/sdk/react.js');
const API = `http://127.0.0.1:${PORT}`;

let vite: ViteDevServer;
let appUrl: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  if (!existsSync(builtSdk)) throw new Error('No built SDK: run `npm run build -w @parley/editor` first');
  const port = await freePort();
  vite = await createServer({
    root: appDir,
    configFile: false,
    logLevel: 'error',
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    // Bundled up front, so the first page load is not reloaded when Vite discovers them.
    optimizeDeps: { include: ['react', 'react/jsx-runtime', 'react-dom/client'] },
  });
  await vite.listen();
  appUrl = `http://127.0.0.1:${port}/?api=${encodeURIComponent(API)}`;
});

test.afterAll(async () => {
  await vite?.close();
});

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const log = (page: Page) => chat(page).getByRole('log', { name: 'Messages' });

test('the React component shows the seeded bot, takes a pressed button and a typed message, and hears the answers', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(appUrl);
  await expect(log(page).getByText("Hi, I'm the Northwind Goods assistant", { exact: false })).toBeVisible();
  await expect(log(page).getByText('What can I help you with today?')).toBeVisible();

  // A press with the keyboard: the menu's button is a real button.
  const track = log(page).getByRole('button', { name: 'Track my order' });
  await track.focus();
  await page.keyboard.press('Enter');
  await expect(log(page).getByText("What's your order number?", { exact: false })).toBeVisible();
  await expect(track).toBeDisabled();

  const input = chat(page).getByRole('textbox', { name: 'Type a message…' });
  await expect(input).toBeFocused();
  await input.fill('<b>abc</b>');
  await input.press('Enter');
  await expect(log(page).locator('.msg.customer', { hasText: '<b>abc</b>' })).toHaveCount(1);
  await expect(log(page).getByText('Order numbers are 5 digits, like 10001.', { exact: false })).toBeVisible();
  expect(await log(page).locator('b').count()).toBe(0);

  // The live stream is open alongside the replies, on the real server, across origins.
  await expect.poll(() => page.evaluate(() => (window as unknown as { parleyEvents: string[] }).parleyEvents)).toContain('ready');
  expect(problems).toEqual([]);

  // A reload resumes the same conversation from storage rather than starting another.
  await page.reload();
  await expect(log(page).locator('.msg.customer', { hasText: '<b>abc</b>' })).toHaveCount(1);
  await expect(log(page).getByText('What can I help you with today?')).toHaveCount(1);
});

test('an agent’s reply reaches the component live', async ({ page, request }) => {
  await page.goto(appUrl);
  await log(page).getByRole('button', { name: 'Talk to a person' }).click();
  const input = chat(page).getByRole('textbox');
  await expect(log(page).getByText('what do you need help with?', { exact: false })).toBeVisible();
  await input.fill('My parcel is late');
  await input.press('Enter');
  await expect(log(page).getByText("What's your name?")).toBeVisible();
  await input.fill('Sdk Sam');
  await input.press('Enter');
  await expect(chat(page).getByRole('textbox', { name: 'Your email address' })).toBeVisible();
  await chat(page).getByRole('textbox').fill('sdk.sam@example.com');
  await chat(page).getByRole('textbox').press('Enter');
  await expect(log(page).getByText(/An agent will reply here shortly|we'll reply here when we're back/)).toBeVisible();

  const agent = { authorization: 'Bearer e2e-agent-token' };
  const res = await request.get(`${API}/api/tickets?status=open`, { headers: agent });
  const { tickets } = (await res.json()) as { tickets: { id: number; subject: string }[] };
  const ticket = tickets.find((t) => t.subject.includes('Sdk Sam'));
  expect(ticket, 'a ticket for Sdk Sam').toBeTruthy();
  expect((await request.post(`${API}/api/tickets/${ticket!.id}/messages`, { headers: agent, data: { text: 'Hi Sam, Dana here.' } })).status()).toBe(201);
  await expect(log(page).getByText('Hi Sam, Dana here.')).toBeVisible();
  await expect(log(page).locator('.msg.agent .who')).toHaveText('Agent');
});

test('the component speaks Korean', async ({ page }) => {
  await page.goto(`${appUrl}&bot=order-support-ko&locale=ko`);
  const region = page.getByRole('region', { name: '채팅' });
  await expect(region.getByText('무엇을 도와드릴까요?')).toBeVisible();
  await expect(region.getByRole('button', { name: '보내기' })).toBeVisible();
});
