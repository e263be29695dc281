import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../common/test/fetchMock';
import { ApiError, onUnauthorized, request, setSessionCsrf, setToken } from './client';

afterEach(() => {
  setSessionCsrf(null);
  vi.unstubAllGlobals();
});

describe('the admin API client', () => {
  it('sends the session’s CSRF token on every write and never on reads', async () => {
    const calls = mockFetch(() => [200, { ok: true }]);
    setSessionCsrf('csrf-1');
    await request('/api/bots');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) await request('/api/bots/x', { method, body: {} });
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(calls.slice(1).map((c) => c.headers['x-csrf-token'])).toEqual(['csrf-1', 'csrf-1', 'csrf-1', 'csrf-1']);
    expect(calls.every((c) => c.headers.authorization === undefined)).toBe(true);
  });

  it('sends the admin token as a bearer header instead, with no CSRF token', async () => {
    const calls = mockFetch(() => [200, {}]);
    setSessionCsrf('csrf-1');
    setToken('admin-token');
    await request('/api/bots', { method: 'POST', body: { name: 'x' } });
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer admin-token', 'content-type': 'application/json' });
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  it('on a CSRF refusal reads /auth/me once and retries with the new token', async () => {
    const calls = mockFetch((c) => {
      if (c.path === '/api/auth/me') return [200, { role: 'admin', via: 'session', user: null, csrf: 'csrf-2' }];
      return c.headers['x-csrf-token'] === 'csrf-2' ? [201, { bot: { id: 'b' } }] : [403, { error: { code: 'csrf', message: 'Missing or wrong CSRF token' } }];
    });
    setSessionCsrf('stale');
    await expect(request('/api/bots', { method: 'POST', body: {} })).resolves.toEqual({ bot: { id: 'b' } });
    expect(calls.map((c) => `${c.method} ${c.path} ${c.headers['x-csrf-token'] ?? '-'}`)).toEqual(['POST /api/bots stale', 'GET /api/auth/me -', 'POST /api/bots csrf-2']);
  });

  it('retries a CSRF refusal only once', async () => {
    const calls = mockFetch((c) => (c.path === '/api/auth/me' ? [200, { csrf: 'also-refused' }] : [403, { error: { code: 'csrf', message: 'no' } }]));
    setSessionCsrf('stale');
    await expect(request('/api/bots', { method: 'DELETE' })).rejects.toMatchObject({ status: 403, code: 'csrf' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry other 403s', async () => {
    const calls = mockFetch(() => [403, { error: { code: 'forbidden', message: 'Agents cannot do this' } }]);
    setSessionCsrf('c');
    await expect(request('/api/users', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'forbidden', message: 'Agents cannot do this' });
    expect(calls).toHaveLength(1);
  });

  it('reports a 401 to the app, except for a preview conversation’s own token', async () => {
    mockFetch(() => [401, { error: { code: 'unauthorized', message: 'Not signed in' } }]);
    const heard: string[] = [];
    const stop = onUnauthorized((m) => heard.push(m));
    await expect(request('/api/bots')).rejects.toBeInstanceOf(ApiError);
    await expect(request('/api/conversations/c/messages', { method: 'POST', body: {}, token: 'conversation' })).rejects.toMatchObject({ status: 401 });
    stop();
    expect(heard).toEqual(['Not signed in']);
  });

  it('turns an unreachable server into an error value', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('/api/bots')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
