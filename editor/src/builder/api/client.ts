/**
 * The admin API over fetch, signed in one of two ways: an admin token (a bearer header, kept in localStorage) or an
 * account's session (an httpOnly cookie the browser sends, plus its CSRF token on writes, kept only in memory).
 * Errors are values with the server's code and message.
 */
import { ApiClient, type RequestOptions } from '../../common/api/client';
import { ApiError } from '../../common/api/errors';
import { me } from '../../common/api/session';

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

export type { RequestOptions };

/** The admin's client: the stored admin token when there is one, else the session with its CSRF token. */
const client = new ApiClient({
  auth: () => {
    const token = getToken();
    return token ? { bearer: token } : { csrf: sessionCsrf };
  },
  renewCsrf: async () => {
    try {
      const current = await me();
      if (current.csrf) sessionCsrf = current.csrf;
      return current.csrf;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) signedOut(err.message);
      return null;
    }
  },
  onUnauthorized: (err) => signedOut(err.message),
});

export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return client.request<T>(path, options);
}
