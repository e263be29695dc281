import { test, expect, type Page, type APIRequestContext } from '@playwright/test';

// Markup placed in every field a visitor or an admin controls is shown as text and never runs: in the widget and in
// the agent workspace (the editor's own check lives in editor.spec.ts).

const ADMIN = { authorization: 'Bearer e2e-admin-token' };
const AGENT_TOKEN = 'e2e-agent-token';
const payload = (where: string) => `<img src=x onerror="alert('${where}')"><script>alert('${where}')</script>`;

const widget = (page: Page) => page.locator('[data-parley-widget]');
const chatLog = (page: Page) => widget(page).getByRole('log');

async function say(page: Page, text: string) {
  const input = widget(page).locator('form.composer input');
  await input.fill(text);
  await input.press('Enter');
}

/** Every dialog a page opens, and every error it throws: a payload that ran would show up in one of them. */
function watch(page: Page) {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

async function injectedElements(page: Page): Promise<number> {
  // Locators pierce the widget's shadow root, so this finds an injected element anywhere on the page.
  return (await page.locator('img[src="x"]').count()) + (await page.locator('[data-parley-widget] script').count());
}

const node = (id: string, type: string, data: object, y: number) => ({ id, type, position: { x: 0, y }, data });
const edge = (source: string, sourceHandle: string, target: string) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });

async function publishHostileBot(request: APIRequestContext) {
  await request.post('/api/bots', { headers: ADMIN, data: { name: 'Hostile', id: 'hostile' } });
  const flow = {
    schemaVersion: 1,
    id: 'hostile',
    name: payload('bot name'),
    locale: 'en',
    variables: [],
    nodes: [
      node('start', 'start', {}, 0),
      node('hello', 'message', { text: `Hello ${payload('flow text')}` }, 140),
      node('menu', 'options', { text: payload('options text'), options: [{ id: 'go', label: '<b>Go</b>' }] }, 280),
      node('name', 'ask', { prompt: 'Your name?', variable: 'name' }, 420),
      node('kb', 'articles', { query: '{{name}}' }, 560),
      node('human', 'handoff', { subject: 'Help for {{name}}', fields: ['name'], message: 'Thanks {{name}}' }, 700),
    ],
    edges: [edge('start', 'next', 'hello'), edge('hello', 'next', 'menu'), edge('menu', 'go', 'name'), edge('name', 'next', 'kb'), edge('kb', 'resolved', 'human'), edge('kb', 'notResolved', 'human'), edge('kb', 'none', 'human')],
  };
  expect((await request.put('/api/bots/hostile/flow', { headers: ADMIN, data: { flow } })).ok()).toBe(true);
  expect((await request.post('/api/bots/hostile/publish', { headers: ADMIN, data: {} })).status()).toBe(201);
  const articles = [{ id: 777001, title: `Zebra ${payload('article title')}`, body: `<p>zebra</p>${payload('article body')}`, html_url: 'https://help.example/777001', locale: 'en-us', label_names: [] }];
  expect((await request.post('/api/articles/import', { headers: ADMIN, data: { articles } })).ok()).toBe(true);
}

test('markup in flow texts, article titles, a visitor name and ticket fields never runs, in the widget or the workspace', async ({ browser, request }) => {
  await publishHostileBot(request);

  const customer = await (await browser.newContext()).newPage();
  const seenByCustomer = watch(customer);
  await customer.goto('/demo?bot=hostile');
  await widget(customer).getByRole('button', { name: 'Open chat' }).click();
  await expect(chatLog(customer).getByText(`Hello ${payload('flow text')}`)).toBeVisible();
  await expect(chatLog(customer).getByText(payload('options text'))).toBeVisible();
  await chatLog(customer).getByRole('button', { name: '<b>Go</b>' }).click();
  await expect(chatLog(customer).getByText('Your name?')).toBeVisible();
  // The name is also the article search, so the hostile title comes back in a card.
  await say(customer, `Zebra ${payload('visitor name')}`);
  await expect(chatLog(customer).getByText(`Zebra ${payload('article title')}`)).toBeVisible();
  await chatLog(customer).getByRole('button', { name: 'No' }).click();
  await expect(chatLog(customer).getByText(`Thanks Zebra ${payload('visitor name')}`)).toBeVisible();
  expect(await injectedElements(customer)).toBe(0);
  expect(seenByCustomer).toEqual([]);

  const agent = await (await browser.newContext()).newPage();
  const seenByAgent = watch(agent);
  await agent.goto('/agent');
  await agent.getByLabel('Your name').fill(payload('agent name'));
  await agent.getByLabel('Agent token').fill(AGENT_TOKEN);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByText(`Help for Zebra ${payload('visitor name')}`).first().click();
  // The collected field, the transcript and the subject all carry the payload, as text.
  await expect(agent.getByText(`Zebra ${payload('visitor name')}`, { exact: true }).first()).toBeVisible();
  await expect(agent.getByText(`Hello ${payload('flow text')}`)).toBeVisible();
  const reply = agent.getByPlaceholder(/Write a reply/);
  await reply.fill(payload('agent reply'));
  await reply.press('Enter');
  await expect(chatLog(customer).getByText(payload('agent reply'))).toBeVisible();
  expect(await injectedElements(agent)).toBe(0);
  expect(await injectedElements(customer)).toBe(0);
  expect(seenByAgent).toEqual([]);
  expect(seenByCustomer).toEqual([]);
});
