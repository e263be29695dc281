import { test, expect, type Page } from '@playwright/test';
import { ADMIN_TOKEN } from '../playwright.config';

// Accounts in the editor: first-run setup (or sign-in, when an earlier spec or run already set the server up), the
// Team area (people, API tokens, audit log), and an agent account turned away from the editor.
// One server serves the whole run, so this file checks what state it finds instead of assuming it runs first.

test.describe.configure({ mode: 'serial' });

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery';
const stamp = Date.now().toString(36);
const admin = { name: 'Ada Admin', email: `ada-${stamp}@northwind.example` };
const agent = { name: 'Kim Agent', email: `kim-${stamp}@northwind.example` };

/** Every request a page makes to the admin API: an agent's page must make none. */
function adminRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/(bots|users|tokens|audit|articles|tools)(\/|$)/.test(path)) seen.push(`${r.method()} ${path}`);
  });
  return seen;
}

test('an admin sets the server up (or signs in), edits a bot, manages the team, and signs out', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const { setupRequired } = (await (await request.get('/api/auth/status')).json()) as { setupRequired: boolean };

  await page.goto('/');
  if (setupRequired) {
    await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
    await expect(page.getByText('At least 10 characters.')).toBeVisible();
    // The server printed a one-time setup code at start; the admin token is accepted in its place.
    await page.getByLabel('Setup code').fill('not-the-code');
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('too short');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page.getByText('Use at least 10 characters (9 so far).')).toBeVisible();
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page.getByText('That code is not right.', { exact: false })).toBeVisible();
    await expect(page.getByLabel('Setup code')).toBeFocused();
    await page.getByLabel('Setup code').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  } else {
    const created = await request.post('/api/users', { headers: ADMIN, data: { ...admin, password: PASSWORD, role: 'admin' } });
    expect(created.status()).toBe(201);
    await expect(page.getByRole('tab', { name: 'My account' })).toHaveAttribute('aria-selected', 'true');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page.getByText(`Signed in as ${admin.name}`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Bots' })).toBeVisible();

  // The editor works with the session: create a bot, open it, and an edit is saved (a PUT with the CSRF header).
  await page.getByLabel('Bot name').fill('Accounts bot');
  await page.getByRole('button', { name: 'Create bot' }).click();
  const welcome = page.locator('.react-flow__node-message');
  await expect(welcome).toBeVisible();
  await welcome.click();
  await page.getByLabel('Message text').fill('Saved with a session');
  const botId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const savedText = async () => {
    const draft = (await (await request.get(`/api/bots/${botId}/flow`, { headers: ADMIN })).json()) as { flow: { nodes: { type: string; data: { text?: string } }[] } };
    return draft.flow.nodes.find((n) => n.type === 'message')!.data.text;
  };
  await expect.poll(savedText).toBe('Saved with a session');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  // A reload keeps the session: it lives in the cookie, not in the page.
  await page.reload();
  await expect(page.locator('.react-flow__node-message')).toContainText('Saved with a session');
  await page.getByRole('button', { name: 'All bots' }).click();

  // Team → People: add an agent.
  await page.getByRole('link', { name: 'Team' }).click();
  await expect(page).toHaveURL(/\/team$/);
  await expect(page.getByRole('heading', { name: 'Team' })).toBeVisible();
  const people = page.getByRole('table');
  const adminRow = people.getByRole('row', { name: new RegExp(admin.email) });
  await expect(adminRow).toContainText('You');
  await expect(adminRow.getByRole('button', { name: `Delete ${admin.name}` })).toBeDisabled();
  await page.getByRole('button', { name: '+ Add person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a person' });
  await dialog.getByLabel('Name').fill(agent.name);
  await dialog.getByLabel('Email').fill(agent.email);
  await expect(dialog.getByRole('radio', { name: /^Agent/ })).toBeChecked();
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Add person' }).click();
  await expect(dialog).toHaveCount(0);
  const agentRow = people.getByRole('row', { name: new RegExp(agent.email) });
  await expect(agentRow).toContainText('Active');
  await expect(agentRow.getByLabel(`Role of ${agent.name}`)).toHaveValue('agent');

  // Team → API tokens: the secret is shown once, works, and stops working when revoked.
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await expect(page).toHaveURL(/\/team\/tokens$/);
  await page.getByLabel('Token name').fill(`Deploys ${stamp}`);
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: '+ Create token' }).click();
  const shown = page.getByRole('dialog', { name: 'Copy the new token now' });
  await expect(shown).toContainText('This is the only time the token is shown');
  await expect(shown.getByRole('button', { name: 'Copy' })).toBeVisible();
  const secret = await shown.getByLabel(`Token “Deploys ${stamp}”`).inputValue();
  expect(secret).toMatch(/^pt_/);
  expect((await request.get('/api/bots', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);
  await page.screenshot({ path: 'artifacts/team-token.png' });
  await shown.getByRole('button', { name: 'Done, I stored it' }).click();
  await expect(shown).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(secret);
  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(`Deploys ${stamp}`) })).toContainText('Active');
  await expect(page.locator('body')).not.toContainText(secret);
  await page.getByRole('button', { name: `Revoke Deploys ${stamp}` }).click();
  await page.getByRole('dialog', { name: `Revoke “Deploys ${stamp}”?` }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`Deploys ${stamp}`) })).toContainText('Revoked');
  expect((await request.get('/api/bots', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);

  // Team → Audit log: newest first, in words, by this admin.
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Revoked an API token');
  await expect(rows.nth(1)).toContainText(admin.name);
  await expect(rows.nth(1)).toContainText(`Deploys ${stamp}`);
  await expect(rows.nth(2)).toContainText('Created an API token');
  await expect(rows.nth(3)).toContainText('Added a person');
  await expect(rows.nth(3)).toContainText(`${agent.name} (${agent.email})`);
  await page.screenshot({ path: 'artifacts/team-audit.png' });

  // Signing out ends the session on the server, not just in the page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Parley' })).toBeVisible();
  expect((await page.request.get('/api/users')).status()).toBe(401);
});

test('an agent account signing in to the editor is sent to the agent workspace and gets no admin data', async ({ page }) => {
  const requested = adminRequests(page);
  await page.goto('/');
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'This account is an agent' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('The editor is for admins. Agents answer customers in the agent workspace.');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This account is an agent' })).toBeVisible();
  expect(requested).toEqual([]);
  // The session is real, and the server refuses it everything an admin has.
  for (const path of ['/api/bots', '/api/users', '/api/tokens', '/api/audit']) expect((await page.request.get(path)).status()).toBe(403);

  await page.getByRole('link', { name: 'Open the agent workspace' }).click();
  await expect(page).toHaveURL(/\/agent$/);
  await expect(page.getByText(`Signed in as ${agent.name}`)).toBeVisible();
});
