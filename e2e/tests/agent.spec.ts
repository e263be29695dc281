import { test, expect, type Page } from '@playwright/test';
import { AGENT_TOKEN, chatLog, openChat, say, signInAgent, walkToHandoff, widget } from './journeys';

// The customer's widget and the agent's workspace, each in its own browser context, against the real server.

const XSS = '<img src=x onerror=alert(1)>';

/** Every dialog a page opens is recorded: an XSS payload that ran would open one. */
function recordDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  return seen;
}

test('a customer is handed to an agent, who replies live, and after resolving the bot answers again', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const name = `Ada ${Date.now().toString(36)}`;

  await openChat(customer);
  await walkToHandoff(customer, name, 'ada@example.com');

  // The ticket arrives in the already-open queue without a reload, carrying what the bot collected.
  const row = agent.page.locator('.ticket-row', { hasText: `Order help for ${name}` });
  await expect(row).toBeVisible();
  await expect(row).toContainText(name);
  await row.click();
  const fields = agent.page.locator('.panel', { hasText: 'Collected by the bot' });
  await expect(fields.locator('dd', { hasText: name })).toBeVisible();
  await expect(fields.locator('dd', { hasText: 'ada@example.com' })).toBeVisible();
  await expect(agent.page.locator('.transcript')).toContainText("What's your name?");
  // The bot's step ids are shown beside its messages.
  await expect(agent.page.locator('.tnode', { hasText: 'ask-email' }).first()).toBeVisible();

  // A customer message after the handoff reaches the agent live.
  await say(customer, 'My parcel never arrived');
  await expect(agent.page.locator('.transcript')).toContainText('My parcel never arrived');

  // The agent's reply reaches the customer live, marked as from an agent.
  const reply = 'Hi, this is Dana. Let me check that parcel for you.';
  await agent.page.getByLabel('Reply to the customer').fill(reply);
  await agent.page.getByRole('button', { name: 'Send reply' }).click();
  const agentBubble = chatLog(customer).locator('.msg.agent', { hasText: reply });
  await expect(agentBubble).toBeVisible();
  await expect(agentBubble.locator('.who')).toHaveText('Agent');

  // Tags, priority and assignment are editable.
  await agent.page.getByLabel('Priority').selectOption('high');
  await expect(row.locator('.prio')).toHaveText('High');
  await agent.page.getByLabel('Add a tag').fill('missing-parcel');
  await agent.page.getByLabel('Add a tag').press('Enter');
  await expect(row).toContainText('missing-parcel');
  await agent.page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(row).toContainText('Assigned to you');

  // An internal note shows in the workspace and never in the widget.
  await agent.page.getByLabel('Add a note for your team…').fill('Carrier claims delivered; check with the depot');
  await agent.page.getByRole('button', { name: 'Add note' }).click();
  await expect(agent.page.locator('.note')).toContainText('check with the depot');

  // A reload shows the whole history, each message once.
  await customer.reload();
  await widget(customer).getByRole('button', { name: 'Open chat' }).click();
  const log = chatLog(customer);
  await expect(log.locator('.msg.agent', { hasText: reply })).toHaveCount(1);
  await expect(log.getByText("Hi, I'm the Northwind Goods assistant", { exact: false })).toHaveCount(1);
  await expect(log.locator('.msg.customer', { hasText: 'Talk to a person' })).toHaveCount(1);
  await expect(log.locator('.msg.customer', { hasText: name })).toHaveCount(1);
  await expect(log.locator('.msg.customer', { hasText: 'My parcel never arrived' })).toHaveCount(1);
  await expect(log).not.toContainText('check with the depot');

  // Resolving ends the conversation for the customer, live.
  await agent.page.getByRole('button', { name: 'Resolve' }).click();
  await agent.page.getByRole('button', { name: 'Yes, resolve' }).click();
  await expect(log.getByText('This conversation has ended.')).toBeVisible();
  await expect(log.getByRole('separator')).toHaveText('Conversation ended');
  await expect(agent.page.locator('.ticket-head .pill')).toHaveText('Resolved');
  await expect(row).toBeHidden(); // the queue shows open tickets by default

  // The next message starts a new conversation, and the bot answers it.
  await say(customer, 'How long does shipping take?');
  const second = log.locator('.thread').nth(1);
  await expect(second.locator('.msg.customer', { hasText: 'How long does shipping take?' })).toBeVisible();
  await expect(second.locator('.msg.customer ~ .msg.bot').first()).toBeVisible();
  // The old conversation stays above, once.
  await expect(log.locator('.msg.agent', { hasText: reply })).toHaveCount(1);
  await expect(log.locator('.thread')).toHaveCount(2);

  await customerContext.close();
  await agent.context.close();
});

test('markup typed by a customer is shown as text in the widget and the workspace, and never runs', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const agentDialogs = recordDialogs(agent.page);
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const customerDialogs = recordDialogs(customer);

  await openChat(customer);
  await walkToHandoff(customer, XSS, 'xss@example.com');
  await say(customer, XSS);

  const log = chatLog(customer);
  await expect(log.locator('.msg.customer .bubble', { hasText: XSS })).toHaveCount(2);
  await expect(log.getByText(`Thanks, ${XSS}. What email address`, { exact: false })).toBeVisible();
  await expect(widget(customer).locator('img')).toHaveCount(0);

  const row = agent.page.locator('.ticket-row', { hasText: `Order help for ${XSS}` }).first();
  await expect(row).toBeVisible();
  await row.click();
  await expect(agent.page.locator('#ticket-subject')).toContainText(`Order help for ${XSS}`);
  const fields = agent.page.locator('.panel', { hasText: 'Collected by the bot' });
  await expect(fields.locator('dd', { hasText: XSS })).toBeVisible();
  await expect(agent.page.locator('.transcript .tmsg.customer', { hasText: XSS })).toHaveCount(2);
  await expect(agent.page.locator('img')).toHaveCount(0);

  // An injected `<img src=x onerror=…>` would have been made when the payload was drawn, and its handler would run once
  // the image failed to load (were the pages' CSP ever to allow inline handlers). A control image of the same address,
  // made after that, fails no earlier: once the control's alert is seen, the payload's would have been.
  for (const [page, dialogs] of [
    [customer, customerDialogs],
    [agent.page, agentDialogs],
  ] as const) {
    await page.evaluate(() => {
      const img = new Image();
      img.onerror = () => alert('control');
      img.src = 'x';
    });
    await expect.poll(() => dialogs.includes('control')).toBe(true);
    expect(dialogs).toEqual(['control']);
  }

  await customerContext.close();
  await agent.context.close();
});

test('without the event streams the workspace falls back to polling and still updates live', async ({ browser }) => {
  const context = await browser.newContext();
  // As on a server (or proxy) that does not pass server-sent events through.
  await context.route('**/api/agent/stream*', (route) => route.fulfill({ status: 404, body: '' }));
  await context.route('**/api/tickets/*/stream*', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto('/agent');
  await page.getByLabel('Your name').fill('Dana');
  await page.getByLabel('Agent token').fill(AGENT_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Updating every 2 s' })).toBeVisible();

  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const name = `Poll ${Date.now().toString(36)}`;
  await openChat(customer);
  await walkToHandoff(customer, name, 'poll@example.com');
  const row = page.locator('.ticket-row', { hasText: name });
  await expect(row).toBeVisible();
  await row.click();
  await say(customer, 'Still there?');
  await expect(page.locator('.transcript')).toContainText('Still there?');

  await customerContext.close();
  await context.close();
});

test('the workspace switches to Korean and remembers the choice', async ({ browser }) => {
  const agent = await signInAgent(browser);
  await agent.page.getByLabel('Language').selectOption('ko');
  await expect(agent.page.getByRole('heading', { name: /대기열/ })).toBeVisible();
  await agent.page.reload();
  await expect(agent.page.getByRole('heading', { name: /대기열/ })).toBeVisible();
  await agent.page.getByLabel('언어').selectOption('en');
  await expect(agent.page.getByRole('heading', { name: /Queue/ })).toBeVisible();
  await agent.context.close();
});

test('an agent account signs in with email and password, and its session works for writes and live updates', async ({ browser, request }) => {
  const email = `kim-${Date.now().toString(36)}@northwind.example`;
  const created = await request.post('/api/users', {
    headers: { authorization: 'Bearer e2e-admin-token' },
    data: { email, name: 'Kim Agent', password: 'correct horse battery', role: 'agent' },
  });
  expect(created.status()).toBe(201);
  const { user } = (await created.json()) as { user: { id: number } };
  await request.patch(`/api/users/${user.id}`, { headers: { authorization: 'Bearer e2e-admin-token' }, data: { skills: ['orders'] } });

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/agent');
  await page.getByText('My account').click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('wrong password!!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as Kim Agent')).toBeVisible();
  // The account's skills become "my skills".
  await expect(page.getByRole('button', { name: 'My skills: orders' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const name = `Sess ${Date.now().toString(36)}`;
  await openChat(customer);
  await walkToHandoff(customer, name, 'sess@example.com');
  const row = page.locator('.ticket-row', { hasText: name });
  await expect(row).toBeVisible();
  await row.click();
  // A write with the session (CSRF header) and a reply the customer sees.
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(row).toContainText('Assigned to you');
  await page.getByLabel('Reply to the customer').fill('Hello from Kim');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(chatLog(customer).locator('.msg.agent', { hasText: 'Hello from Kim' })).toBeVisible();

  // The session survives a reload, and signing out ends it.
  await page.reload();
  await expect(page.getByText('Signed in as Kim Agent')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the agent workspace' })).toBeVisible();
  expect((await page.request.get('/api/tickets')).status()).toBe(401);

  await customerContext.close();
  await context.close();
});

test('a wrong agent token is refused', async ({ page }) => {
  await page.goto('/agent');
  await page.getByLabel('Your name').fill('Mallory');
  await page.getByLabel('Agent token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That token was not accepted.');
});

test('an agent blocks a visitor: the customer gets a polite refusal and nothing more reaches the ticket', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const customer = await (await browser.newContext()).newPage();
  const name = `Troll ${Date.now().toString(36)}`;
  await openChat(customer);
  await walkToHandoff(customer, name, 'troll@example.com');

  await agent.page.locator('.ticket-row', { hasText: `Order help for ${name}` }).click();
  await agent.page.getByRole('button', { name: 'Block visitor' }).click();
  await agent.page.getByRole('button', { name: 'Yes, block' }).click();
  await expect(agent.page.getByRole('status').filter({ hasText: 'Visitor blocked' })).toBeVisible();

  await say(customer, 'spam spam spam');
  await expect(chatLog(customer)).toContainText('Sorry, we cannot take messages from you here');
  await agent.page.reload();
  await agent.page.locator('.ticket-row', { hasText: `Order help for ${name}` }).click();
  await expect(agent.page.locator('.transcript')).toContainText('troll@example.com');
  await expect(agent.page.locator('.transcript')).not.toContainText('spam spam spam');
});
