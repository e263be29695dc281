import { ApiClient } from '../common/api/client';
import type { LiveFeed, LiveFeedOptions } from '../common/live/feed';
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

const TIMEOUT_MS = 30_000;

type FeedOptions = Omit<LiveFeedOptions, 'url' | 'token' | 'credentials'>;

/** The widget's side of the HTTP contract in shared/src/api.ts, spoken to the origin the script came from. */
export class Api {
  // No cookies: the widget runs on the shop's page, and conversation tokens are all it needs.
  private readonly client: ApiClient;

  constructor(readonly origin: string) {
    this.client = new ApiClient({ origin, credentials: 'omit', timeoutMs: TIMEOUT_MS });
  }

  bot(botId: string): Promise<BotInfo> {
    return this.client.get(`/api/widget/bots/${encodeURIComponent(botId)}`);
  }

  /** `identity` is the host page's JWT for a signed-in customer; without it the visitor is anonymous. */
  start(botId: string, visitor: Visitor, identity?: string): Promise<Started> {
    return this.client.post(`/api/bots/${encodeURIComponent(botId)}/conversations`, identity ? { visitor, identity } : { visitor });
  }

  /** The signed-in customer's open conversation from another device, with a token for this one. */
  resume(botId: string, identity: string): Promise<Started> {
    return this.client.post(`/api/bots/${encodeURIComponent(botId)}/conversations/resume`, { identity });
  }

  /** The conversation an email's link names (`#parley-resume=<token>`), with a token for this browser. */
  resumeFromEmail(token: string): Promise<Started & { botId: string }> {
    return this.client.post('/api/email/resume', { token });
  }

  send(conversationId: string, token: string, message: CustomerMessageRequest): Promise<{ messages: Message[]; status: ConversationStatus }> {
    return this.client.post(`${conversation(conversationId)}/messages`, message, { token });
  }

  history(conversationId: string, token: string, after: number): Promise<History> {
    return this.client.get(`${conversation(conversationId)}/messages?after=${after}`, { token });
  }

  /** The conversation's messages and status, live; the feed resumes after whatever `resumeFrom` says is held. */
  live(conversationId: string, token: string, options: FeedOptions): LiveFeed {
    return this.client.live(() => `${conversation(conversationId)}/stream`, { ...options, token: () => token });
  }
}

const conversation = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;
