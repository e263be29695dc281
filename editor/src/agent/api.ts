import type { Message } from '@parley/shared';
import type { Note, Priority, QueueTicket, StatusFilter, Ticket, TicketDetail } from './types';
import { ApiClient, type Method } from '../common/api/client';
import { ApiError } from '../common/api/errors';
import type { LiveFeed, LiveFeedOptions } from '../common/live/feed';

export { ApiError };
export { login, logout, me, type Account } from '../common/api/session';

/**
 * How the agent is signed in: with the agent token (a bearer header, on event streams too), or with an account's
 * session cookie, whose writes must echo the session's CSRF token.
 */
export type Credential = { kind: 'token'; token: string } | { kind: 'account'; csrf: string };

/** The agent's side of the HTTP contract. */
export class AgentApi {
  private readonly client: ApiClient;

  constructor(
    readonly credential: Credential,
    onUnauthorized: () => void = () => undefined,
  ) {
    this.client = new ApiClient({
      auth: () => (credential.kind === 'token' ? { bearer: credential.token } : { csrf: credential.csrf }),
      onUnauthorized,
    });
  }

  /** Identifies the credential, so live feeds reconnect when it changes. */
  get key(): string {
    return this.credential.kind === 'token' ? `token:${this.credential.token}` : 'account';
  }

  tickets(q: { status: StatusFilter; skill?: string; tag?: string; channel?: string }): Promise<{ tickets: QueueTicket[] }> {
    const params = new URLSearchParams({ status: q.status });
    if (q.skill) params.set('skill', q.skill);
    if (q.tag) params.set('tag', q.tag);
    if (q.channel) params.set('channel', q.channel);
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

  /** The queue's changes, live. */
  queueFeed(options: FeedOptions): LiveFeed {
    return this.client.live(() => '/api/agent/stream', options);
  }

  /** One ticket's messages, live, resuming after the last seq the caller holds. */
  ticketFeed(id: number, options: FeedOptions & { resumeFrom: () => number }): LiveFeed {
    return this.client.live(() => `/api/tickets/${id}/stream`, options);
  }

  private call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.client.request<T>(path, { method, body });
  }
}

type FeedOptions = Omit<LiveFeedOptions, 'url' | 'token' | 'credentials'>;
