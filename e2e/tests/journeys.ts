import { expect, type Browser, type Page } from '@playwright/test';

// Steps several journeys take: a customer in the demo page's widget, an agent signed in to the workspace.

export const AGENT_TOKEN = 'e2e-agent-token';
export function widget(page: Page) {
  return page.locator('[data-parley-widget]');
}

export function chatLog(page: Page) {
  return widget(page).getByRole('log');
}

export async function openChat(page: Page, bot = 'order-support') {
  await page.goto(`/demo?bot=${bot}`);
  await widget(page).getByRole('button', { name: 'Open chat' }).click();
  await expect(chatLog(page).getByText('What can I help you with today?')).toBeVisible();
}

export async function say(page: Page, text: string) {
  const input = widget(page).locator('form.composer input');
  await input.fill(text);
  await input.press('Enter');
}

/** "Talk to a person" → what it is about → name → email. The handoff happens in both the open and the closed business-hours branch. */
export async function walkToHandoff(page: Page, name: string, email: string) {
  await chatLog(page).getByRole('button', { name: 'Talk to a person' }).click();
  await expect(chatLog(page).getByText('what do you need help with?')).toBeVisible();
  await say(page, 'My parcel is late');
  await expect(chatLog(page).getByText("What's your name?")).toBeVisible();
  await say(page, name);
  await expect(widget(page).locator('form.composer input[type=email]')).toBeVisible();
  await say(page, email);
  await expect(chatLog(page).getByText(/An agent will reply here shortly|we'll reply here when we're back/)).toBeVisible();
}

export async function signInAgent(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/agent');
  await page.getByLabel('Your name').fill('Dana');
  await page.getByLabel('Agent token').fill(AGENT_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Queue/ })).toBeVisible();
  return { context, page };
}

