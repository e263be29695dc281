/**
 * The one HTTP client of the builder, the agent workspace and the widget: JSON in and out, the caller's credential as
 * a bearer header or a session's CSRF token, and every failure as an ApiError value. Each app makes its own instance
 * with its own way of signing in; the live feed of the same client carries the same credential.
 */
import { ApiError, readJson } from './errors';
import { csrfHeaders } from './csrf';
import { LiveFeed, type LiveFeedOptions } from '../live/feed';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who is calling: a bearer token (admin, agent or conversation), or a session cookie plus its CSRF token. */
export interface Auth {
  bearer?: string | null | undefined;
  csrf?: string | null | undefined;
}

export interface ClientOptions {
  /** The API's origin; empty for the page's own. The widget's is the origin its script came from. */
  origin?: string;
  /** The apps' sessions ride on cookies ('same-origin'); the widget, on someone else's page, sends none ('omit'). */
  credentials?: RequestCredentials;
  /** Read on every request, so signing in or out never needs a new client. */
  auth?: () => Auth;
  /**
   * The session was renewed elsewhere (another tab signed in again), so its CSRF token changed: answer the current
   * one, or null, and a write refused for CSRF is sent once more with it.
   */
  renewCsrf?: () => Promise<string | null>;
  /** Any 401 on the client's own credential, so the app can send its user back to sign-in. */
  onUnauthorized?: (err: ApiError) => void;
  /** A request unanswered this long is given up as unreachable. */
  timeoutMs?: number;
}

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** A token for this request only (a conversation's), instead of the client's credential. Its 401 signs nobody out. */
  token?: string;
  signal?: AbortSignal;
}

const UNREACHABLE = 'The server could not be reached. Check your connection and try again.';

/** fetch, with "the server could not be reached" as an ApiError (status 0) rather than a bare TypeError. */
export async function send(url: string, init: RequestInit, timeoutMs?: number): Promise<Response> {
  const abort = new AbortController();
  const outer = init.signal;
  if (outer?.aborted) abort.abort();
  outer?.addEventListener('abort', () => abort.abort(), { once: true });
  let timedOut = false;
  const timer = timeoutMs ? setTimeout(() => ((timedOut = true), abort.abort()), timeoutMs) : undefined;
  try {
    return await fetch(url, { credentials: 'same-origin', ...init, signal: abort.signal });
  } catch (err) {
    // The caller's own abort is theirs to handle; ours (a timeout) is the network's fault.
    if ((err as Error).name === 'AbortError' && !timedOut) throw err;
    throw new ApiError(0, 'network', UNREACHABLE);
  } finally {
    clearTimeout(timer);
  }
}

export class ApiClient {
  constructor(readonly options: ClientOptions = {}) {}

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.attempt<T>(path, options);
    } catch (err) {
      const renew = this.options.renewCsrf;
      if (!renew || !(err instanceof ApiError) || err.status !== 403 || err.code !== 'csrf' || options.token !== undefined || this.auth().bearer) throw err;
      const csrf = await renew();
      if (!csrf) throw err;
      return this.attempt<T>(path, options, csrf);
    }
  }

  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, options);
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  /**
   * A live feed on this API with the same credential, sent as a header: a token in a URL ends up in server logs,
   * proxies and browser history.
   */
  live(path: () => string, options: Omit<LiveFeedOptions, 'url' | 'token' | 'credentials'> & { token?: () => string | null | undefined }): LiveFeed {
    return new LiveFeed({
      ...options,
      url: () => (this.options.origin ?? '') + path(),
      token: options.token ?? (() => this.auth().bearer),
      credentials: this.options.credentials ?? 'same-origin',
    });
  }

  private auth(): Auth {
    return this.options.auth?.() ?? {};
  }

  private async attempt<T>(path: string, options: RequestOptions, csrf?: string): Promise<T> {
    const method = options.method ?? 'GET';
    const auth = this.auth();
    const bearer = options.token ?? auth.bearer;
    const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : csrfHeaders(method, csrf ?? auth.csrf);
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await send(
      (this.options.origin ?? '') + path,
      {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        credentials: this.options.credentials ?? 'same-origin',
      },
      this.options.timeoutMs,
    );
    try {
      return await readJson<T>(response);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && options.token === undefined) this.options.onUnauthorized?.(err);
      throw err;
    }
  }
}
