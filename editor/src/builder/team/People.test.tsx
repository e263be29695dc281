import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, person, type Call } from '../../common/test/fetchMock';
import type { SignedIn } from '../app/SignIn';
import { Toaster } from '../app/ui';
import { People } from './People';

afterEach(() => vi.unstubAllGlobals());

const ada: SignedIn = { via: 'session', role: 'admin', name: 'Ada Admin', userId: 1, csrf: 'c', token: null };

/** A small in-memory /api/users that answers as the server does. */
function serverWith(initial: ReturnType<typeof person>[]) {
  let users = [...initial];
  const calls = mockFetch((c: Call) => {
    const id = Number(/^\/api\/users\/(\d+)$/.exec(c.path)?.[1]);
    if (c.path === '/api/users' && c.method === 'GET') return [200, { users }];
    if (c.path === '/api/users' && c.method === 'POST') {
      const body = c.body as { email: string; name: string; role: 'admin' | 'agent' };
      if (users.some((u) => u.email === body.email)) return [409, { error: { code: 'user_exists', message: 'A user with this email already exists' } }];
      const created = person(users.length + 1, body.name, body.role, { email: body.email });
      users.push(created);
      return [201, { user: created }];
    }
    if (c.method === 'PATCH') {
      const body = c.body as { role?: 'admin' | 'agent'; disabled?: boolean };
      users = users.map((u) => (u.id === id ? { ...u, ...(body.role ? { role: body.role } : {}), ...(body.disabled === undefined ? {} : { disabledAt: body.disabled ? '2026-03-02T00:00:00Z' : null }) } : u));
      return [200, { user: users.find((u) => u.id === id) }];
    }
    if (c.method === 'DELETE') {
      if (id === 99) return [409, { error: { code: 'self_delete', message: 'You cannot delete yourself' } }];
      users = users.filter((u) => u.id !== id);
      return [204];
    }
    return undefined;
  });
  return calls;
}

function renderPeople() {
  render(
    <>
      <People who={ada} onSessionEnded={() => undefined} />
      <Toaster />
    </>,
  );
  return userEvent.setup();
}

describe('people', () => {
  it('lists everyone, marks you, and keeps you from demoting, disabling or deleting yourself', async () => {
    serverWith([person(1, 'Ada Admin', 'admin'), person(2, 'Kim Agent')]);
    renderPeople();
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('You')).toBeTruthy();
    expect((screen.getByLabelText('Role of Ada Admin') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Delete Ada Admin' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Disable Ada Admin' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Delete Kim Agent' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('adds a person with a role, checking the fields first and showing a taken email beside the field', async () => {
    const calls = serverWith([person(1, 'Ada Admin', 'admin')]);
    const user = renderPeople();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: '+ Add person' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a person' });
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }));
    expect(within(dialog).getByText('Enter your name.')).toBeTruthy();
    expect(within(dialog).getByText('Use at least 10 characters (0 so far).')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText('Name'), 'Sam Admin');
    await user.type(within(dialog).getByLabelText('Email'), 'ada@example.com');
    await user.click(within(dialog).getByRole('radio', { name: /Admin/ }));
    await user.type(within(dialog).getByLabelText('Password'), 'correct horse battery');
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }));
    expect(await within(dialog).findByText('Someone with this email already has an account.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Email'));

    await user.clear(within(dialog).getByLabelText('Email'));
    await user.type(within(dialog).getByLabelText('Email'), 'sam@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }));
    expect(await screen.findByText('sam@example.com')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({ name: 'Sam Admin', email: 'sam@example.com', role: 'admin', password: 'correct horse battery' });
    expect(screen.getByText('Sam Admin can now sign in as Admin')).toBeTruthy();
  });

  it('changes a role, disables after confirming, and enables again', async () => {
    const calls = serverWith([person(1, 'Ada Admin', 'admin'), person(2, 'Kim Agent')]);
    const user = renderPeople();
    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Role of Kim Agent'), 'admin');
    // Nothing changes until confirmed; cancelling leaves the role as it was.
    await user.click(within(screen.getByRole('dialog', { name: 'Change the role of Kim Agent to Admin?' })).getByRole('button', { name: 'Cancel' }));
    expect((screen.getByLabelText('Role of Kim Agent') as HTMLSelectElement).value).toBe('agent');
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    await user.selectOptions(screen.getByLabelText('Role of Kim Agent'), 'admin');
    await user.click(within(screen.getByRole('dialog', { name: 'Change the role of Kim Agent to Admin?' })).getByRole('button', { name: 'Change role' }));
    expect(await screen.findByText('Kim Agent is now: Admin')).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/users/2', body: { role: 'admin' } });

    await user.click(screen.getByRole('button', { name: 'Disable Kim Agent' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Disable Kim Agent?' })).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByRole('button', { name: 'Enable Kim Agent' })).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', body: { disabled: true } });
    expect(within(screen.getAllByRole('row')[2]!).getByText('Disabled')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Enable Kim Agent' }));
    expect(await screen.findByRole('button', { name: 'Disable Kim Agent' })).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', body: { disabled: false } });
  });

  it('resets a password only when it is long enough', async () => {
    const calls = serverWith([person(1, 'Ada Admin', 'admin'), person(2, 'Kim Agent')]);
    const user = renderPeople();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Reset password of Kim Agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset the password of Kim Agent' });
    await user.type(within(dialog).getByLabelText('New password'), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(within(dialog).getByText('Use at least 10 characters (5 so far).')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('New password'), ' but now long');
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(await screen.findByText('Password changed; Kim Agent is signed out everywhere.')).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/users/2', body: { password: 'short but now long' } });
  });

  it('deletes after confirming, and shows the server’s refusal when it says no', async () => {
    const calls = serverWith([person(1, 'Ada Admin', 'admin'), person(2, 'Kim Agent'), person(99, 'Twin Ada', 'admin')]);
    const user = renderPeople();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Delete Kim Agent' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete Kim Agent?' });
    expect(confirm.textContent).toContain('kim@example.com');
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Kim Agent deleted')).toBeTruthy();
    expect(screen.queryByText('kim@example.com')).toBeNull();
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/users/2' });

    await user.click(screen.getByRole('button', { name: 'Delete Twin Ada' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You cannot delete yourself');
    expect(screen.getByText('twin@example.com')).toBeTruthy();
  });

  it('says when the list cannot be loaded, and tries again', async () => {
    let fail = true;
    mockFetch(() => (fail ? [500, { error: { code: 'internal', message: 'Database is locked' } }] : [200, { users: [] }]));
    const user = renderPeople();
    expect((await screen.findByRole('alert')).textContent).toContain('People could not be loaded: Database is locked');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Nobody has an account yet. Add the first person.')).toBeTruthy();
  });
});
