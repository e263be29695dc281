import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, person, type Call } from '../../common/test/fetchMock';
import { setSessionCsrf } from '../api/client';
import { App } from './App';

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionCsrf(null);
  history.replaceState(null, '', '/');
});

const unauthorized = [401, { error: { code: 'unauthorized', message: 'Not signed in' } }] as const;
const bot = { id: 'order-support', name: 'Order support', createdAt: '2026-03-01T10:00:00Z', updatedAt: '2026-03-01T10:00:00Z', publishedVersion: 1, draftRevision: 1 };
const adminPaths = (calls: Call[]) => calls.filter((c) => !c.path.startsWith('/api/auth/')).map((c) => c.path);

describe('the editor’s sign-in flow', () => {
  it('opens on first-run setup while the server has no users', async () => {
    mockFetch((c) => (c.path === '/api/auth/me' ? [...unauthorized] : c.path === '/api/auth/status' ? [200, { setupRequired: true }] : undefined));
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Create the first admin' })).toBeTruthy();
  });

  it('turns an agent away with a link to the agent workspace, loads no admin data, and signs out with the CSRF header', async () => {
    let signedIn = false;
    const calls = mockFetch((c) => {
      if (c.path === '/api/auth/me') return signedIn ? [200, { role: 'agent', via: 'session', user: person(7, 'Kim Agent'), csrf: 'agent-csrf' }] : [...unauthorized];
      if (c.path === '/api/auth/status') return [200, { setupRequired: false }];
      if (c.path === '/api/auth/login') {
        signedIn = true;
        return [200, { user: person(7, 'Kim Agent'), csrf: 'agent-csrf' }];
      }
      if (c.path === '/api/auth/logout') {
        signedIn = false;
        return [204];
      }
      return [403, { error: { code: 'forbidden', message: 'Agents cannot do this' } }];
    });
    render(<App />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'kim@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'This account is an agent' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('The editor is for admins. Agents answer customers in the agent workspace.');
    expect(screen.getByRole('link', { name: 'Open the agent workspace' }).getAttribute('href')).toBe('/agent');
    expect(adminPaths(calls)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Sign in as someone else' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/auth/logout')).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'agent-csrf' } });
  });

  it('resumes an admin’s session, sends its CSRF token on writes, and reaches the team from the bots list', async () => {
    const calls = mockFetch((c) => {
      if (c.path === '/api/auth/me') return [200, { role: 'admin', actor: 'user:ada@example.com', via: 'session', user: person(1, 'Ada Admin', 'admin'), csrf: 'admin-csrf' }];
      if (c.path === '/api/bots' && c.method === 'GET') return [200, { bots: [bot] }];
      if (c.path === '/api/bots' && c.method === 'POST') return [201, { bot: { ...bot, id: 'copy', name: 'Order support (copy)' } }];
      if (c.path === '/api/users') return [200, { users: [person(1, 'Ada Admin', 'admin')] }];
      return undefined;
    });
    render(<App />);
    const user = userEvent.setup();
    expect(await screen.findByText('Signed in as Ada Admin')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Duplicate Order support' }));
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/bots')!;
    expect(post.headers['x-csrf-token']).toBe('admin-csrf');
    expect(post.headers.authorization).toBeUndefined();
    expect(calls.filter((c) => c.method === 'GET').every((c) => c.headers['x-csrf-token'] === undefined)).toBe(true);

    await user.click(screen.getByRole('link', { name: 'Team' }));
    expect(location.pathname).toBe('/team');
    expect(screen.getByRole('heading', { name: 'Team' })).toBeTruthy();
    expect(within(await screen.findByRole('table')).getByText('ada@example.com')).toBeTruthy();
  });

  it('forgets a stored token the server no longer accepts and asks for a token again', async () => {
    localStorage.setItem('parley.adminToken', 'stale');
    mockFetch((c) => (c.path === '/api/auth/me' ? [401, { error: { code: 'unauthorized', message: 'The token or session is not valid; sign in again' } }] : undefined));
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain('Your session ended');
    expect(screen.getByRole('tab', { name: 'Admin token' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByLabelText('Admin token')).toBeTruthy();
    expect(localStorage.getItem('parley.adminToken')).toBeNull();
  });
});
