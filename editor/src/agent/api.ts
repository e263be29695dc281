import type { Message } from '@parley/shared';
import type { Note, Priority, QueueTicket, StatusFilter, Ticket, TicketDetail } from './types';
import { ApiError, readJson, send } from '../common/api/errors';
import { csrfHeaders } from '../common/api/session';

export { ApiError };
export { login, logout, me, type Account } from '../common/api/session';

/**
 * How the agent is signed in: with the agent token (sent as a Bearer header, and as `?token=` on event streams, which
 * cannot send headers), or with an account's session cookie, whose writes must echo the session's CSRF token.
 */
export type Credential = { kind: 'token'; token: string } | { kind: 'account'; csrf: string };

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

  /** Blocks the conversation's visitor (or its address, when the visitor is anonymous): nothing more reaches us from them. */
  block(conversationId: string): Promise<unknown> {
    return this.call('POST', '/api/blocks', { conversationId, by: 'visitor' });
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
    const headers: Record<string, string> = this.credential.kind === 'token' ? { authorization: `Bearer ${this.credential.token}` } : csrfHeaders(method, this.credential.csrf);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    try {
      return await readJson<T>(res);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.onUnauthorized();
      throw e;
    }
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
