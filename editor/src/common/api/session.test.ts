import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../test/fetchMock';
import { csrfHeaders, login, logout } from './session';

afterEach(() => vi.unstubAllGlobals());

describe('account sessions', () => {
  it('asks for a CSRF header only on writes, and only with a token to send', () => {
    expect(csrfHeaders('GET', 'c')).toEqual({});
    expect(csrfHeaders('post', 'c')).toEqual({ 'x-csrf-token': 'c' });
    expect(csrfHeaders('DELETE', null)).toEqual({});
  });

  it('signs in again over a session that is still valid, by echoing that session’s CSRF token once', async () => {
    const calls = mockFetch((c) => {
      if (c.path === '/api/auth/me') return [200, { csrf: 'old-session' }];
      return c.headers['x-csrf-token'] === 'old-session' ? [200, { user: { id: 1 }, csrf: 'new-session' }] : [403, { error: { code: 'csrf', message: 'Missing or wrong CSRF token' } }];
    });
    await expect(login('a@example.com', 'pw')).resolves.toMatchObject({ csrf: 'new-session' });
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/auth/me', '/api/auth/login']);
  });

  it('passes a wrong password through as an error value', async () => {
    mockFetch(() => [401, { error: { code: 'bad_credentials', message: 'Wrong email or password' } }]);
    await expect(login('a@example.com', 'pw')).rejects.toMatchObject({ status: 401, code: 'bad_credentials' });
  });

  it('signs out with the CSRF header', async () => {
    const calls = mockFetch(() => [204]);
    await logout('c1');
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', path: '/api/auth/logout', headers: { 'x-csrf-token': 'c1' } })]);
  });
});
