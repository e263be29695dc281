import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, person } from '../../common/test/fetchMock';
import { SignIn, type SignedIn } from './SignIn';

afterEach(() => vi.unstubAllGlobals());

function renderSignIn(initialMethod?: 'account' | 'token') {
  const signedIn: SignedIn[] = [];
  render(<SignIn notice={null} initialMethod={initialMethod} onSignedIn={(w) => signedIn.push(w)} />);
  return signedIn;
}

describe('sign-in', () => {
  it('offers the account first and shows what is missing beside each field, without asking the server', async () => {
    const calls = mockFetch(() => undefined);
    renderSignIn();
    const user = userEvent.setup();
    expect(screen.getByRole('tab', { name: 'My account' }).getAttribute('aria-selected')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe('signin-email-error');
    expect(document.getElementById('signin-email-error')!.textContent).toBe('Enter your email address.');
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    await user.type(email, 'not-an-email');
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeTruthy();
    await user.type(email, '@example.com');
    expect(screen.queryByText(/Enter an email address/)).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('signs in with email and password and hands over the session’s CSRF token', async () => {
    const calls = mockFetch((c) => (c.path === '/api/auth/login' ? [200, { user: person(3, 'Ada Admin', 'admin'), csrf: 'csrf-abc' }] : undefined));
    const signedIn = renderSignIn();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), ' ada@example.com ');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/auth/login', body: { email: 'ada@example.com', password: 'correct horse battery' } });
    expect(signedIn).toEqual([{ via: 'session', role: 'admin', name: 'Ada Admin', userId: 3, skills: [], csrf: 'csrf-abc', token: null }]);
  });

  it('says when the email or password is wrong', async () => {
    mockFetch(() => [401, { error: { code: 'bad_credentials', message: 'Wrong email or password' } }]);
    const signedIn = renderSignIn();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect(signedIn).toEqual([]);
  });

  it('switches to the admin token from the keyboard and checks the token with the server', async () => {
    const calls = mockFetch((c) => (c.headers.authorization === 'Bearer good' ? [200, { role: 'admin', actor: 'bootstrap-admin', via: 'bootstrap', user: null, csrf: null }] : [401, { error: { code: 'unauthorized', message: 'Not signed in' } }]));
    const signedIn = renderSignIn();
    const user = userEvent.setup();
    screen.getByRole('tab', { name: 'My account' }).focus();
    await user.keyboard('{ArrowRight}');
    const tokenTab = screen.getByRole('tab', { name: 'Admin token' });
    expect(tokenTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tokenTab);
    await user.type(screen.getByLabelText('Admin token'), 'bad');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That token was not accepted. Check it and try again.');
    await user.clear(screen.getByLabelText('Admin token'));
    await user.type(screen.getByLabelText('Admin token'), 'good');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/me', '/api/auth/me']);
    expect(signedIn).toEqual([{ via: 'token', role: 'admin', name: 'Admin token', userId: null, csrf: null, token: 'good' }]);
  });
});
