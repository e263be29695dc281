/**
 * The admin API over fetch, signed in one of two ways: an admin token (a bearer header, kept in localStorage) or an
 * account's session (an httpOnly cookie the browser sends, plus its CSRF token on writes, kept only in memory).
 * Errors are values with the server's code and message.
 */
import { ApiError, readJson, send } from '../../common/api/errors';
import { csrfHeaders, me } from '../../common/api/session';

export { ApiError } from '../../common/api/errors';

const TOKEN_KEY = 'parley.adminToken';

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token === null) localStorage.removeItem(TOKEN_KEY);
    else localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Private mode without storage: the session lasts until the tab closes.
  }
}

let sessionCsrf: string | null = null;

/** The signed-in session's CSRF token, sent on every write while no admin token is set. */
export function setSessionCsrf(csrf: string | null): void {
  sessionCsrf = csrf;
}

export function getSessionCsrf(): string | null {
  return sessionCsrf;
}

type UnauthorizedListener = (message: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** The app listens here so that any 401, wherever it happens, sends the admin back to sign-in. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function signedOut(message: string) {
  for (const l of unauthorizedListeners) l(message);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A conversation token instead of the admin's, for the preview chat. */
  token?: string;
  signal?: AbortSignal;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await attempt<T>(path, options);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403 || err.code !== 'csrf' || options.token !== undefined || getToken()) throw err;
    // The session was renewed elsewhere (another tab signed in again): its CSRF token changed. Read it once and retry.
    let current;
    try {
      current = await me();
    } catch (meErr) {
      if (meErr instanceof ApiError && meErr.status === 401) signedOut(meErr.message);
      throw err;
    }
    if (!current.csrf) throw err;
    sessionCsrf = current.csrf;
    return attempt<T>(path, options);
  }
}

async function attempt<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET';
  const token = options.token ?? getToken();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : csrfHeaders(method, sessionCsrf);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  try {
    return await readJson<T>(response);
  } catch (err) {
    // A conversation token's 401 is the preview's business, not a reason to sign the admin out.
    if (err instanceof ApiError && err.status === 401 && options.token === undefined) signedOut(err.message);
    throw err;
  }
}
