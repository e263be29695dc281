import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, type Call } from '../../common/test/fetchMock';
import { Toaster } from '../app/ui';
import { Tokens } from './Tokens';

afterEach(() => vi.unstubAllGlobals());

const token = (id: number, name: string, role: 'admin' | 'agent', revokedAt: string | null = null) => ({ id, name, role, createdAt: '2026-03-01T10:00:00Z', revokedAt });

function server() {
  let tokens = [token(1, 'Old export', 'admin', '2026-03-02T10:00:00Z')];
  const calls = mockFetch((c: Call) => {
    if (c.path === '/api/tokens' && c.method === 'GET') return [200, { tokens }];
    if (c.path === '/api/tokens' && c.method === 'POST') {
      const body = c.body as { name: string; role: 'admin' | 'agent' };
      const created = token(tokens.length + 1, body.name, body.role);
      tokens = [...tokens, created];
      return [201, { token: created, secret: 'pt_secret_shown_once' }];
    }
    if (c.method === 'DELETE') {
      tokens = tokens.map((x) => (`/api/tokens/${x.id}` === c.path ? { ...x, revokedAt: '2026-03-03T10:00:00Z' } : x));
      return [204];
    }
    return undefined;
  });
  return calls;
}

describe('API tokens', () => {
  it('creates a token with a name and role and shows its secret once, with a copy button and a warning', async () => {
    const calls = server();
    render(<Tokens />);
    const user = userEvent.setup();
    // After user-event's setup, which puts its own clipboard on navigator.
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: '+ Create token' }));
    expect(screen.getByText('Name the token.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByLabelText('Token name'), 'CI deploys');
    await user.selectOptions(screen.getByLabelText('Role'), 'admin');
    await user.click(screen.getByRole('button', { name: '+ Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Copy the new token now' });
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/tokens', body: { name: 'CI deploys', role: 'admin' } });
    expect(dialog.textContent).toContain('This is the only time the token is shown.');
    const secret = within(dialog).getByLabelText('Token “CI deploys”') as HTMLInputElement;
    expect(secret.value).toBe('pt_secret_shown_once');
    expect(secret.readOnly).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('pt_secret_shown_once');
    expect(within(dialog).getByRole('status').textContent).toBe('Copied');

    await user.click(within(dialog).getByRole('button', { name: 'Done, I stored it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.textContent).not.toContain('pt_secret_shown_once');
    const rows = screen.getAllByRole('row');
    // Newest first, and only the active token can be revoked.
    expect(within(rows[1]!).getByText('CI deploys')).toBeTruthy();
    expect(within(rows[1]!).getByText('Active')).toBeTruthy();
    expect(within(rows[2]!).getByText(/^Revoked /)).toBeTruthy();
    expect(within(rows[2]!).queryByRole('button')).toBeNull();
  });

  it('revokes after confirming', async () => {
    const calls = server();
    render(
      <>
        <Tokens />
        <Toaster />
      </>,
    );
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Token name'), 'Nightly');
    await user.click(screen.getByRole('button', { name: '+ Create token' }));
    await user.click(await screen.findByRole('button', { name: 'Done, I stored it' }));
    await user.click(screen.getByRole('button', { name: 'Revoke Nightly' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke “Nightly”?' });
    expect(confirm.textContent).toContain('stop working at once');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Token “Nightly” revoked')).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/tokens/2' });
    expect(screen.queryByRole('button', { name: 'Revoke Nightly' })).toBeNull();
  });

  it('shows the empty state', async () => {
    mockFetch(() => [200, { tokens: [] }]);
    render(<Tokens />);
    expect(await screen.findByText('No API tokens yet.')).toBeTruthy();
  });
});
