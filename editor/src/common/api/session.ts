/**
 * Account sign-in, shared by the editor and the agent workspace. The server keeps the session in an httpOnly cookie
 * that scripts never see; what they hold is the session's CSRF token, which every write must echo in a header.
 * The token is never stored: it is read again from `/auth/me` on each load.
 */
import type { Role, User } from '@parley/shared';
import { ApiError, readJson } from './errors';
import { send } from './client';
import { csrfHeaders } from './csrf';

export { CSRF_HEADER, csrfHeaders, isUnsafe } from './csrf';

export type { Role };

export type Account = User;

/** Who the server thinks is calling. `user` and `csrf` are set only for a session; tokens have neither. */
export interface Me {
  role: Role;
  actor: string;
  via: 'bootstrap' | 'token' | 'session';
  user: Account | null;
  csrf: string | null;
  csrfHeader?: string;
}

export interface NewAccount {
  email: string;
  name: string;
  password: string;
}

/** First-run setup also needs proof of running the server: the code it printed at start, or the admin token. */
export interface FirstAdmin extends NewAccount {
  setupCode: string;
}

/** The server's own rule for passwords, checked here too so the form can say so before sending. */
export const MIN_PASSWORD = 10;

const post = (path: string, body: unknown, csrf?: string | null) =>
  send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...csrfHeaders('POST', csrf) }, body: JSON.stringify(body) });

export async function authStatus(): Promise<{ setupRequired: boolean }> {
  return readJson(await send('/api/auth/status', {}));
}

/** The session's user and CSRF token, or with `token`, what that bearer token is. ApiError 401 when neither is valid. */
export async function me(token?: string): Promise<Me> {
  return readJson(await send('/api/auth/me', token ? { headers: { authorization: `Bearer ${token}` } } : {}));
}

/** Signs in with an account; the server sets the session cookie and returns the CSRF token for writes. */
export async function login(email: string, password: string): Promise<{ user: Account; csrf: string }> {
  return readJson(await retryWithSessionCsrf((csrf) => post('/api/auth/login', { email, password }, csrf)));
}

/** Creates the first admin, allowed only while there are no users, and signs them in. */
export async function setup(account: FirstAdmin): Promise<{ user: Account; csrf: string }> {
  return readJson(await retryWithSessionCsrf((csrf) => post('/api/auth/setup', account, csrf)));
}

/** Ends the session on the server. Failing to reach it is not worth an error: the cookie expires on its own. */
export async function logout(csrf: string | null): Promise<void> {
  const res = await send('/api/auth/logout', { method: 'POST', headers: csrfHeaders('POST', csrf) }).catch(() => undefined);
  // The CSRF token we held may be stale (another tab signed in again): read the current one and try once more.
  if (res?.status === 403) {
    const current = await me().catch(() => undefined);
    if (current?.csrf) await send('/api/auth/logout', { method: 'POST', headers: csrfHeaders('POST', current.csrf) }).catch(() => undefined);
  }
}

/**
 * A still-valid session cookie makes the server check CSRF on every POST, sign-in included. That happens when
 * someone signs in again without signing out (say, after the editor turned an agent away), so read the session's
 * token and send it once.
 */
async function retryWithSessionCsrf(call: (csrf?: string) => Promise<Response>): Promise<Response> {
  const first = await call();
  if (first.status !== 403) return first;
  const refused = await readJson<unknown>(first.clone()).catch((e: unknown) => e);
  if (!(refused instanceof ApiError) || refused.code !== 'csrf') return first;
  const current = await me().catch(() => undefined);
  return current?.csrf ? call(current.csrf) : first;
}
