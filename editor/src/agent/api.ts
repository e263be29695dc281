import type { Message } from '@parley/shared';
import type { Note, Priority, QueueTicket, StatusFilter, Ticket, TicketDetail } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How the agent is signed in: with the agent token (sent as a Bearer header, and as `?token=` on event streams, which
 * cannot send headers), or with an account's session cookie, whose writes must echo the session's CSRF token.
 */
export type Credential = { kind: 'token'; token: string } | { kind: 'account'; csrf: string };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The agent's side of the HTTP contract. */
export class AgentApi {
  constructor(
    readonly credential: Credential,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  /** Identifies the credential, so live feeds reconnect when it changes. */
  get key(): string {
    return this.credential.kind === 'token' ? `token:${this.credential.token}` : 'account';
  }

  tickets(q: { status: StatusFilter; skill?: string; tag?: string }): Promise<{ tickets: QueueTicket[] }> {
    const params = new URLSearchParams({ status: q.status });
    if (q.skill) params.set('skill', q.skill);
    if (q.tag) params.set('tag', q.tag);
    return this.call('GET', `/api/tickets?${params}`);
  }

  ticket(id: number): Promise<TicketDetail> {
    return this.call('GET', `/api/tickets/${id}`);
  }

  update(id: number, change: { tags?: string[]; priority?: Priority; assignee?: string | null }): Promise<{ ticket: Ticket }> {
    return this.call('PATCH', `/api/tickets/${id}`, change);
  }

  reply(id: number, text: string): Promise<{ messages: Message[] }> {
    return this.call('POST', `/api/tickets/${id}/messages`, { text });
  }

  note(id: number, text: string): Promise<{ note?: Note; notes?: Note[] }> {
    return this.call('POST', `/api/tickets/${id}/notes`, { text });
  }

  resolve(id: number): Promise<{ ticket: Ticket; messages: Message[] }> {
    return this.call('POST', `/api/tickets/${id}/resolve`);
  }

  queueStreamUrl(): string {
    return `/api/agent/stream${this.tokenQuery('?')}`;
  }

  ticketStreamUrl(id: number, after: number): string {
    return `/api/tickets/${id}/stream?after=${after}${this.tokenQuery('&')}`;
  }

  private tokenQuery(sep: string): string {
    return this.credential.kind === 'token' ? `${sep}token=${encodeURIComponent(this.credential.token)}` : '';
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.credential.kind === 'token') headers.authorization = `Bearer ${this.credential.token}`;
    else if (UNSAFE.has(method)) headers['x-csrf-token'] = this.credential.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'Network error');
    }
    const data = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!res.ok) {
      if (res.status === 401) this.onUnauthorized();
      throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText);
    }
    return data as T;
  }
}

/** Checks a token before keeping it: the ticket list is the cheapest call an agent may make. */
export async function checkToken(token: string): Promise<'ok' | 'invalid'> {
  try {
    await new AgentApi({ kind: 'token', token }).tickets({ status: 'open' });
    return 'ok';
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return 'invalid';
    throw e;
  }
}

export interface Account {
  name: string;
  email: string;
  role: 'admin' | 'agent';
  skills: string[];
}

async function json<T>(res: Response): Promise<T> {
  const data = (await res.json().catch(() => undefined)) as (T & { error?: { code?: string; message?: string } }) | undefined;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText);
  return data as T;
}

/** Signs in with an account; the server sets an httpOnly session cookie and returns the CSRF token for writes. */
export async function login(email: string, password: string): Promise<{ user: Account; csrf: string }> {
  const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }), credentials: 'same-origin' });
  return json(res);
}

/** The current session's user and CSRF token, or an ApiError 401 when the session is gone. */
export async function me(): Promise<{ user: Account | null; csrf: string | null }> {
  return json(await fetch('/api/auth/me', { credentials: 'same-origin' }));
}

export async function logout(csrf: string): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' }).catch(() => undefined);
}
