import { test, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ADMIN_TOKEN } from '../playwright.config';

mkdirSync('artifacts', { recursive: true });

const node = (page: Page, kind: string) => page.locator(`.react-flow__node-${kind}`);

/** Drags from an outlet handle to a step's input handle with real pointer events, as an admin would. */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 40, a.y + 20, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

async function dropStep(page: Page, kind: string, x: number, y: number) {
  const canvas = page.locator('.react-flow__pane');
  await page.getByRole('button', { name: `Add ${kind} step` }).dragTo(canvas, { targetPosition: { x, y } });
}

test('an admin builds, checks, publishes, previews and reloads a flow', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });

  // 1. Sign in and create a bot.
  await page.goto('/');
  await page.getByRole('tab', { name: 'Admin token' }).click();
  await page.getByLabel('Admin token').fill('wrong-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That token was not accepted')).toBeVisible();
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Bots' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open Order support' })).toBeVisible();
  await page.getByLabel('Bot name').fill('E2E support bot');
  await page.getByRole('button', { name: 'Create bot' }).click();
  await expect(page.getByLabel('Bot name')).toHaveValue('E2E support bot');
  await expect(node(page, 'start')).toBeVisible();
  await expect(node(page, 'message')).toContainText('Hi! How can I help you today?');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // 2. Drag steps from the palette and connect them: start → welcome → question → options → end.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await dropStep(page, 'Question', 130, pane.height / 2 - 60);
  await expect(node(page, 'ask')).toBeVisible();
  await dropStep(page, 'Options', 130, pane.height / 2 + 140);
  await expect(node(page, 'options')).toBeVisible();
  // A dropped step is unconnected: its outlet is an error, and publishing says why it is blocked.
  await expect(page.getByRole('button', { name: /Fix \d+ errors? before publishing/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();

  const welcome = node(page, 'message');
  const ask = node(page, 'ask');
  const options = node(page, 'options');
  const end = node(page, 'end');
  await connect(page, welcome.getByLabel('Outlet Next'), ask.getByLabel('Input of Question'));
  await connect(page, ask.getByLabel('Outlet Answered'), options.getByLabel('Input of Options'));
  await connect(page, options.getByLabel('Outlet Option 1'), end.getByLabel('Input of End'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  // 3. Configure them.
  await ask.click();
  await expect(page.getByRole('heading', { name: 'Question', level: 2 })).toBeVisible();
  const prompt = page.getByLabel('Question', { exact: true });
  await prompt.fill('What is your email address?');
  await page.getByLabel('Answer type').selectOption('email');
  await page.getByLabel('Variable', { exact: true }).fill('email');
  await expect(ask).toContainText('What is your email address?');

  await options.click();
  await page.getByLabel('Question', { exact: true }).fill('Are you already a customer?');
  await page.getByLabel('Label').fill('Yes');
  await page.getByRole('button', { name: 'Add option', exact: true }).click();
  await page.getByLabel('Label').nth(1).fill('No');
  await expect(options.getByLabel('Outlet Yes')).toBeVisible();
  // The new option's outlet is not connected yet.
  await expect(options.locator('.step-node')).toHaveClass(/has-error/);
  await connect(page, options.getByLabel('Outlet No'), end.getByLabel('Input of End'));
  await expect(options.locator('.step-node')).not.toHaveClass(/has-error/);

  await end.click();
  await page.getByLabel('Goodbye message').fill('Thanks, {{email}}! Talk soon.');

  // 4. A diagnostic: clearing the question is an error on the field, on the node and on Publish; fixing it clears all three.
  await ask.click();
  await page.getByLabel('Question', { exact: true }).fill('');
  await expect(page.locator('.field__error').filter({ hasText: 'Write the question' })).toBeVisible();
  await expect(ask.getByRole('button', { name: /1 error: Write the question/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Fix 1 error before publishing' })).toBeVisible();
  await page.getByRole('button', { name: 'Fix 1 error before publishing' }).click();
  await expect(page.getByRole('tab', { name: /Problems/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('list', { name: 'Problems' }).getByRole('button', { name: /Write the question/ }).click();
  await expect(page.getByRole('tab', { name: 'Step' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Question', { exact: true }).fill('What is your email address?');
  await expect(page.locator('.field__error')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeEnabled();
  await expect(page.locator('.step-node.has-error')).toHaveCount(0);

  await page.getByRole('button', { name: 'Tidy up' }).click();
  await page.getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'artifacts/editor-canvas.png' });

  // 5. Publish.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published version 1')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page.getByText('Version 1', { exact: true })).toBeVisible();

  // 6. Walk the preview chat to its end.
  await page.getByRole('button', { name: /Preview/ }).first().click();
  await page.getByRole('button', { name: 'Start preview' }).click();
  const chat = page.getByRole('list', { name: 'Preview conversation' });
  await expect(chat).toContainText('Hi! How can I help you today?');
  await expect(chat).toContainText('What is your email address?');
  await expect(ask.locator('.step-node')).toHaveClass(/is-current/);
  const compose = page.getByLabel('Message', { exact: true });
  await compose.fill('not an email');
  await compose.press('Enter');
  await expect(chat.getByRole('alert')).toBeVisible();
  await compose.fill('ada@example.com');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(chat).toContainText('Are you already a customer?');
  await expect(options.locator('.step-node')).toHaveClass(/is-current/);
  await chat.getByRole('button', { name: 'Yes' }).click();
  await expect(chat).toContainText('Thanks, ada@example.com! Talk soon.');
  await expect(page.getByText('Conversation ended')).toBeVisible();
  await page.screenshot({ path: 'artifacts/editor-preview.png' });

  // 7. Reload: the draft, its steps and their settings are all still there.
  await page.reload();
  await expect(page.getByLabel('Bot name')).toHaveValue('E2E support bot');
  await expect(node(page, 'ask')).toContainText('What is your email address?');
  await expect(node(page, 'options')).toContainText('Are you already a customer?');
  await expect(node(page, 'options').getByLabel('Outlet No')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(page.locator('.step-node.has-error')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // 8. Switch to Korean; the choice survives a reload.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(page.getByRole('button', { name: '게시' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '단계' })).toBeVisible();
  await expect(node(page, 'ask')).toContainText('질문');
  await page.reload();
  await expect(page.getByRole('button', { name: '게시' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.screenshot({ path: 'artifacts/editor-korean.png' });
});

test('undo, redo, copy and paste from the keyboard', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((token) => localStorage.setItem('parley.adminToken', token), ADMIN_TOKEN);
  await page.goto('/bots/order-support');
  await expect(node(page, 'start')).toBeVisible();
  const count = await page.locator('.react-flow__node').count();

  await page.locator('.react-flow__node[data-id="greet"]').click();
  await page.keyboard.press('Control+c');
  await expect(page.getByText('Copied 1 step')).toBeVisible();
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node')).toHaveCount(count + 1);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(count);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(count + 1);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(count);

  // Find a step by its text and jump to it.
  await page.getByRole('combobox', { name: 'Find a step' }).fill('order number');
  await page.getByRole('listbox', { name: 'Find a step' }).getByRole('option').first().click();
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(1);
});

test('a 401 sends the admin back to sign-in with a message', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('parley.adminToken', 'stale-token'));
  await page.goto('/');
  await expect(page.getByLabel('Admin token')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Your session ended');
});

async function signedIn(page: Page) {
  await page.addInitScript((token) => localStorage.setItem('parley.adminToken', token), ADMIN_TOKEN);
}

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

test('bots list: duplicate, rename and delete', async ({ page }) => {
  await signedIn(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Duplicate Order support', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Open Order support (copy)' })).toBeVisible();

  await page.getByRole('button', { name: 'Rename Order support (copy)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename bot' });
  await dialog.getByLabel('Bot name').fill('Returns desk');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('button', { name: 'Open Returns desk' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete Returns desk' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete' });
  await expect(confirm).toContainText('Delete “Returns desk”?');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: 'Open Returns desk' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Open Order support', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open Returns desk' })).toHaveCount(0);
});

test('a save made elsewhere is a conflict the admin resolves: overwrite, or reload', async ({ page, request }) => {
  const created = await request.post('/api/bots', { headers: auth, data: { name: 'Conflict bot' } });
  const { bot } = (await created.json()) as { bot: { id: string } };
  const saveElsewhere = async (text: string) => {
    const draft = (await (await request.get(`/api/bots/${bot.id}/flow`, { headers: auth })).json()) as { flow: { nodes: { id: string; data: Record<string, unknown> }[] }; revision: number };
    draft.flow.nodes.find((n) => n.id === 'welcome')!.data.text = text;
    const res = await request.put(`/api/bots/${bot.id}/flow`, { headers: auth, data: { flow: draft.flow, baseRevision: draft.revision } });
    expect(res.ok()).toBe(true);
  };

  await signedIn(page);
  await page.goto(`/bots/${bot.id}`);
  const welcome = page.locator('.react-flow__node[data-id="welcome"]');
  await welcome.click();
  await saveElsewhere('Changed in another tab');
  await page.getByLabel('Message text').fill('Mine wins');
  const dialog = page.getByRole('dialog', { name: 'This draft was changed elsewhere' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const after = (await (await request.get(`/api/bots/${bot.id}/flow`, { headers: auth })).json()) as { flow: { nodes: { id: string; data: { text?: string } }[] } };
  expect(after.flow.nodes.find((n) => n.id === 'welcome')!.data.text).toBe('Mine wins');

  await saveElsewhere('Theirs this time');
  await page.getByLabel('Message text').fill('Mine again');
  await dialog.getByRole('button', { name: 'Reload (discard mine)' }).click();
  await expect(welcome).toContainText('Theirs this time');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('export, import (with errors shown for a bad file) and restoring a published version', async ({ page }) => {
  await signedIn(page);
  await page.goto('/bots/order-support');
  const greet = page.locator('.react-flow__node[data-id="greet"]');
  await expect(greet).toContainText('Northwind');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Order-support.json');
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(exported.id).toBe('order-support');

  const input = page.getByLabel('Import', { exact: true });
  await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ schemaVersion: 1, nodes: 'no' })) });
  const errors = page.getByRole('dialog', { name: 'That file is not a flow document' });
  await expect(errors).toContainText('nodes');
  await errors.getByRole('button', { name: 'Close' }).click();

  exported.id = 'some-other-bot';
  exported.nodes.find((n: { id: string }) => n.id === 'greet').data.text = 'Imported greeting';
  await input.setInputFiles({ name: 'flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(greet).toContainText('Imported greeting');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(greet).toContainText('Northwind');
  await page.keyboard.press('Control+y');
  await expect(greet).toContainText('Imported greeting');

  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Restore into draft: Version 1' }).click();
  await page.getByRole('dialog', { name: 'Restore into draft' }).getByRole('button', { name: 'Restore into draft' }).click();
  await expect(greet).toContainText('Northwind');
  await expect(page.getByText('Version 1 restored into the draft.')).toBeVisible();
  await page.reload();
  await expect(greet).toContainText('Northwind');
});

test('markup in every text an admin controls stays text in the editor: canvas, forms, variables, problems and preview', async ({ page, request }) => {
  const payload = `<img src=x onerror="alert('ed')"><script>alert('ed')</script>`;
  const id = `hostile-ed-${Date.now().toString(36)}`;
  const step = (nodeId: string, type: string, data: object, y: number) => ({ id: nodeId, type, position: { x: 0, y }, data });
  const link = (source: string, sourceHandle: string, target: string) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });
  expect((await request.post('/api/bots', { headers: auth, data: { name: `Hostile ${payload}`, id } })).status()).toBe(201);
  const flow = {
    schemaVersion: 1,
    id,
    name: `Hostile ${payload}`,
    locale: 'en',
    // Names must be identifiers, so the payload goes into what a variable says about itself.
    variables: [{ name: 'topic', description: `About ${payload}`, defaultValue: payload }],
    nodes: [
      step('start', 'start', {}, 0),
      step('hello', 'message', { text: `Hello ${payload}` }, 150),
      step('menu', 'options', { text: `Pick ${payload}`, options: [{ id: 'go', label: payload }] }, 300),
      step('faq', 'faq', { prompt: `Ask ${payload}`, answers: [{ id: 'a1', title: `Zebras ${payload}`, phrases: ['zebra'], reply: `Reply ${payload}` }] }, 450),
      step('kb', 'articles', { query: 'zebra', intro: `Read ${payload}` }, 600),
      step('human', 'handoff', { subject: `Help ${payload}`, message: `Wait ${payload}` }, 750),
    ],
    edges: [link('start', 'next', 'hello'), link('hello', 'next', 'menu'), link('menu', 'go', 'faq'), link('faq', 'a1', 'kb'), link('faq', 'noMatch', 'human'), link('kb', 'resolved', 'human'), link('kb', 'notResolved', 'human'), link('kb', 'none', 'human')],
  };
  expect((await request.put(`/api/bots/${id}/flow`, { headers: auth, data: { flow } })).ok()).toBe(true);
  const articles = [{ id: 777002, title: `Zebra stripes ${payload}`, body: `<p>stripes</p>${payload}`, html_url: 'https://help.example/777002', locale: 'en-us', label_names: [] }];
  expect((await request.post('/api/articles/import', { headers: auth, data: { articles } })).ok()).toBe(true);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signedIn(page);
  await page.goto('/');
  await expect(page.getByText(`Hostile ${payload}`, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Open Hostile ${payload}` }).click();
  await expect(page.getByLabel('Bot name')).toHaveValue(`Hostile ${payload}`);
  await expect(page.locator('.react-flow__node[data-id="menu"]')).toContainText(`Pick ${payload}`);

  // Each selected step renders its settings form with the payload in its fields.
  for (const nodeId of ['hello', 'menu', 'faq', 'kb', 'human']) {
    await page.locator(`.react-flow__node[data-id="${nodeId}"]`).click();
    await expect(page.locator('.props__id code')).toHaveText(nodeId);
  }
  await expect(page.getByLabel('Ticket subject', { exact: true })).toHaveValue(`Help ${payload}`);

  await page.getByRole('tab', { name: 'Variables' }).click();
  await expect(page.locator('#tabpanel-variables')).toContainText('topic');
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.locator('#tabpanel-problems')).toBeVisible();

  // The preview, a step in: the option button, the FAQ prompt and reply, and the article title.
  await page.getByRole('button', { name: /Preview/ }).first().click();
  await page.getByRole('button', { name: 'Start preview' }).click();
  const chat = page.getByRole('list', { name: 'Preview conversation' });
  await expect(chat.getByText(`Hello ${payload}`, { exact: true })).toBeVisible();
  await chat.getByRole('button', { name: payload, exact: true }).click();
  await expect(chat.getByText(`Ask ${payload}`, { exact: true })).toBeVisible();
  const compose = page.getByLabel('Message', { exact: true });
  await compose.fill('zebra');
  await compose.press('Enter');
  await expect(chat.getByText(`Reply ${payload}`, { exact: true })).toBeVisible();
  await expect(chat.getByText(`Zebra stripes ${payload}`)).toBeVisible();

  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('#root script').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
