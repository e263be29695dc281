import type { ConversationStatus, CustomerMessageRequest, Message, Visitor } from '@parley/shared';

export interface WidgetLook {
  color: string;
  logoUrl: string;
  position: 'right' | 'left';
  greeting: string;
  proactive: { enabled: boolean; urlContains: string; afterSeconds: number; text: string };
}

export interface BotInfo {
  id: string;
  name: string;
  locale: string;
  widget: WidgetLook;
}

export interface Started {
  conversationId: string;
  token: string;
  status: ConversationStatus;
  messages: Message[];
}

export interface History {
  messages: Message[];
  status: ConversationStatus;
  lastSeq: number;
}

/** Why a request failed: no answer at all (offline, DNS, timeout) or an answer that says no. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: 'network' | 'http',
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;

/** The widget's side of the HTTP contract in shared/src/api.ts, spoken to the origin the script came from. */
export class Api {
  constructor(readonly origin: string) {}

  bot(botId: string): Promise<BotInfo> {
    return this.call('GET', `/api/widget/bots/${encodeURIComponent(botId)}`);
  }

  /** `identity` is the host page's JWT for a signed-in customer; without it the visitor is anonymous. */
  start(botId: string, visitor: Visitor, identity?: string): Promise<Started> {
    return this.call('POST', `/api/bots/${encodeURIComponent(botId)}/conversations`, identity ? { visitor, identity } : { visitor });
  }

  /** The signed-in customer's open conversation from another device, with a token for this one. */
  resume(botId: string, identity: string): Promise<Started> {
    return this.call('POST', `/api/bots/${encodeURIComponent(botId)}/conversations/resume`, { identity });
  }

  send(conversationId: string, token: string, message: CustomerMessageRequest): Promise<{ messages: Message[]; status: ConversationStatus }> {
    return this.call('POST', `/api/conversations/${encodeURIComponent(conversationId)}/messages`, message, token);
  }

  history(conversationId: string, token: string, after: number): Promise<History> {
    return this.call('GET', `/api/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}`, undefined, token);
  }

  streamUrl(conversationId: string, token: string, after: number): string {
    return `${this.origin}/api/conversations/${encodeURIComponent(conversationId)}/stream?token=${encodeURIComponent(token)}&after=${after}`;
  }

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(this.origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal, credentials: 'omit' });
    } catch (e) {
      throw new ApiFailure('network', 0, 'network', e instanceof Error ? e.message : 'Network error');
    } finally {
      clearTimeout(timer);
    }
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      // A proxy's 502/503/504 means the server was not reached, which for retrying is the same as offline.
      const kind = res.status >= 502 && res.status <= 504 ? 'network' : 'http';
      throw new ApiFailure(kind, res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText);
    }
    return data as T;
  }
}
