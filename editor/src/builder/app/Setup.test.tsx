import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, person } from '../../common/test/fetchMock';
import { Setup } from './Setup';
import type { SignedIn } from './SignIn';

afterEach(() => vi.unstubAllGlobals());

describe('first-run setup', () => {
  it('shows the 10-character rule before anything is typed, counts while typing, and blocks a short password', async () => {
    const calls = mockFetch(() => undefined);
    render(<Setup onSignedIn={() => undefined} onAlreadySetUp={() => undefined} onUseToken={() => undefined} />);
    const user = userEvent.setup();
    expect(screen.getByRole('heading', { name: 'Create the first admin' })).toBeTruthy();
    const password = screen.getByLabelText('Password');
    expect(document.getElementById(password.getAttribute('aria-describedby')!)!.textContent).toBe('At least 10 characters. ');
    await user.type(password, 'short');
    expect(screen.getByText('5 of 10 characters')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(screen.getByText("Enter the setup code from the server's terminal.")).toBeTruthy();
    expect(screen.getByText('Enter your name.')).toBeTruthy();
    expect(screen.getByText('Enter your email address.')).toBeTruthy();
    expect(screen.getByText('Use at least 10 characters (5 so far).')).toBeTruthy();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first field to fix.
    expect(document.activeElement).toBe(screen.getByLabelText('Setup code'));
    await user.type(password, 'enough!');
    expect(screen.queryByText(/Use at least 10 characters/)).toBeNull();
    expect(screen.getByText('Long enough.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('creates the first admin and signs in', async () => {
    const calls = mockFetch((c) => (c.path === '/api/auth/setup' ? [201, { user: person(1, 'Ada Admin', 'admin'), csrf: 'csrf-1' }] : undefined));
    const signedIn: SignedIn[] = [];
    render(<Setup onSignedIn={(w) => signedIn.push(w)} onAlreadySetUp={() => undefined} onUseToken={() => undefined} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Setup code'), ' ABCD-EFGH-JKMN ');
    await user.type(screen.getByLabelText('Your name'), 'Ada Admin');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/auth/setup', body: { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery', setupCode: 'ABCD-EFGH-JKMN' } });
    expect(signedIn[0]).toMatchObject({ via: 'session', role: 'admin', userId: 1, csrf: 'csrf-1' });
  });

  it('shows the server’s word on a field it refuses, and steps aside when someone else was first', async () => {
    let answer: [number, unknown] = [400, { error: { code: 'invalid_request', message: 'Invalid body', details: [{ path: ['email'], message: 'Enter an email address' }] } }];
    mockFetch(() => answer);
    let late = false;
    render(<Setup onSignedIn={() => undefined} onAlreadySetUp={() => (late = true)} onUseToken={() => undefined} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Setup code'), 'WRONG-CODE');
    await user.type(screen.getByLabelText('Your name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'ada@localhost.x');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect((await screen.findByText('Enter an email address')).id).toBe('setup-email-error');
    answer = [403, { error: { code: 'setup_code', message: 'That setup code is not right', details: [{ path: ['setupCode'], message: 'That setup code is not right' }] } }];
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect((await screen.findByText(/That code is not right/)).id).toBe('setup-setupCode-error');
    expect(document.activeElement).toBe(screen.getByLabelText('Setup code'));
    answer = [409, { error: { code: 'already_set_up', message: 'An admin already exists; sign in instead' } }];
    await user.click(screen.getByRole('button', { name: 'Create admin and sign in' }));
    expect(late).toBe(true);
  });
});
