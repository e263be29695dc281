import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, person } from '../../common/test/fetchMock';
import { AuditLog } from './AuditLog';

afterEach(() => vi.unstubAllGlobals());

const entries = [
  { id: 1, at: '2026-03-01T09:00:00Z', actor: 'user:ada@example.com', action: 'user.created', detail: { userId: 1, email: 'ada@example.com', role: 'admin', via: 'setup' } },
  { id: 5, at: '2026-03-01T13:00:00Z', actor: 'user:ada@example.com', action: 'bot.published', detail: { botId: 'order-support', version: 2 } },
  { id: 3, at: '2026-03-01T11:00:00Z', actor: 'bootstrap-admin', action: 'token.revoked', detail: { tokenId: 4 } },
  { id: 2, at: '2026-03-01T10:00:00Z', actor: 'token:CI', action: 'user.updated', detail: { userId: 2, changes: ['role', 'password'] } },
  { id: 4, at: '2026-03-01T12:00:00Z', actor: 'user:gone@example.com', action: 'something.new', detail: { userId: 9 } },
];

describe('audit log', () => {
  it('lists entries newest first, in words, with ids resolved to names', async () => {
    mockFetch((c) => {
      if (c.path === '/api/audit') return [200, { entries }];
      if (c.path === '/api/users') return [200, { users: [person(1, 'Ada Admin', 'admin'), person(2, 'Kim Agent')] }];
      if (c.path === '/api/tokens') return [200, { tokens: [{ id: 4, name: 'Nightly', role: 'agent', createdAt: '', revokedAt: '' }] }];
      if (c.path === '/api/bots') return [200, { bots: [{ id: 'order-support', name: 'Order support' }] }];
      return undefined;
    });
    render(<AuditLog />);
    await screen.findByRole('table');
    const rows = screen.getAllByRole('row').slice(1);
    const row = (i: number) => {
      const cells = within(rows[i]!).getAllByRole('cell');
      const details = [...cells[3]!.querySelectorAll('.kv__item')].map((d) => `${d.querySelector('dt')!.textContent}: ${d.querySelector('dd')!.textContent}`);
      return { who: cells[1]!.textContent, what: cells[2]!.textContent, details };
    };
    expect(row(0)).toEqual({ who: 'Ada Adminada@example.com', what: 'Published a bot', details: ['Bot: Order support (order-support)', 'Version: 2'] });
    expect(row(1)).toEqual({ who: 'gone@example.com', what: 'something.new', details: ['Person: person #9'] });
    expect(row(2)).toEqual({ who: 'Admin token', what: 'Revoked an API token', details: ['Token: Nightly'] });
    expect(row(3)).toEqual({ who: 'API token “CI”', what: 'Changed a person', details: ['Person: Kim Agent (kim@example.com)', 'Changed: role, password'] });
    // The email the server recorded beside the id is already in the person's name.
    expect(row(4)).toEqual({ who: 'Ada Adminada@example.com', what: 'Added a person', details: ['Person: Ada Admin (ada@example.com)', 'Role: Admin', 'How: First-run setup'] });
    expect(rows[4]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-01T09:00:00Z');
  });

  it('still shows the log when names cannot be loaded, and says so when the log itself fails', async () => {
    let auditFails = false;
    mockFetch((c) => (c.path === '/api/audit' ? (auditFails ? [500, { error: { code: 'internal', message: 'Disk full' } }] : [200, { entries: [] }]) : [403, { error: { code: 'forbidden', message: 'no' } }]));
    render(<AuditLog />);
    expect(await screen.findByText('Nothing has been recorded yet.')).toBeTruthy();
    auditFails = true;
    await userEvent.setup().click(screen.getByRole('button', { name: '↻ Refresh' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The audit log could not be loaded: Disk full');
  });
});
