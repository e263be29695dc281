/**
 * The headless Parley client: one conversation with one bot, spoken over the public conversation API, with no UI.
 * Everything it sends and receives is typed from shared's contract (`shared/src/api/conversations.ts`, `live.ts`);
 * the HTTP and the live feed are common/'s, the same the widget uses.
 */
import type { z } from 'zod';
import type {
  ConversationEvent,
  ConversationStartedResponse,
  ConversationStatus,
  CustomerMessageRequest,
  HistoryResponse as HistorySchema,
  Message,
  TurnResponse as TurnSchema,
  Visitor,
  TrackRequest as TrackRequestSchema,
  TrackResponse as TrackResponseSchema,
} from '@parley/shared';
import { ApiClient } from '../common/api/client';
import { ApiError } from '../common/api/errors';
import type { LiveFeed } from '../common/live/feed';

export { ApiError };
export type { ConversationEvent, ConversationStatus, CustomerMessageRequest, Message, Visitor };

export type Conversation = z.infer<typeof ConversationStartedResponse>;
export type TurnResponse = z.infer<typeof TurnSchema>;
export type HistoryResponse = z.infer<typeof HistorySchema>;

/** `POST /api/bots/:botId/track`: what the client sends for `track(event, props)`, and the endpoint's 202 answer. */
export type TrackRequest = z.input<typeof TrackRequestSchema>;
export type TrackResponse = z.infer<typeof TrackResponseSchema>;

/** Where the conversation's id and token are kept between page loads: `localStorage` by default, or anything shaped like it. */
export interface ParleyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What `subscribe` hears: the stream's own events (`ready`, `message`, `status`, shared's `ConversationEvent`), plus
 * `conversation` when a conversation is started or resumed and `connection` when the live stream opens or drops.
 * A `message` is delivered once per seq, whichever path (a reply, the stream, a catch-up read) brought it first.
 */
export type ParleyEvent =
  | ConversationEvent
  | { event: 'conversation'; data: { conversationId: string; status: ConversationStatus; resumed: boolean } }
  | { event: 'connection'; data: { connected: boolean } };

export interface ParleyClientOptions {
  botId: string;
  /** The Parley server's origin, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** Defaults to `localStorage` where the page may use it, otherwise memory; `null` keeps nothing. */
  storage?: ParleyStorage | null;
  /** Shown to agents (name, email, locale, page…). `id` also names the visitor in `track`. */
  visitor?: Visitor;
  /** A signed JWT for a signed-in customer (see `identify`). */
  identity?: string;
  /** The identity was refused when starting (bad signature, expired, not configured): the chat went on anonymously. */
  onIdentityRefused?(error: ApiError): void;
  /** A request unanswered this long fails as unreachable. */
  timeoutMs?: number;
}

export interface StartOptions {
  /** Start a new conversation even when one is held or stored. */
  fresh?: boolean;
}

export interface ParleyClient {
  readonly botId: string;
  /** The current conversation, or null before `start`. */
  readonly conversation: { id: string; status: ConversationStatus } | null;
  /** The current conversation's messages held so far, in seq order. */
  readonly messages: readonly Message[];
  /** Resumes the stored conversation (or a signed-in customer's open one), or starts a new one; answers it with its messages. */
  start(options?: StartOptions): Promise<Conversation>;
  /** Sends a text (or a button's postback); starts a conversation first when there is none, or it has ended. */
  send(message: string | CustomerMessageRequest): Promise<TurnResponse>;
  /** Hears every event until the returned function is called; the live stream is open while anyone listens. */
  subscribe(listener: (event: ParleyEvent) => void): () => void;
  /** The current conversation's messages after `after` (0: all), and its status. */
  history(after?: number): Promise<HistoryResponse>;
  /** Names a signed-in customer for the conversations started from now on; with none held, `start` first looks for their open one. */
  identify(jwt: string | null): void;
  /** Records a conversion or any other event, tied to this visitor and conversation. */
  track(event: string, props?: { value?: number; currency?: string }): Promise<TrackResponse>;
  /** Stops the live stream and forgets every listener. */
  close(): void;
}

interface Ref {
  id: string;
  token: string;
}

interface Held extends Ref {
  status: ConversationStatus;
  messages: Map<number, Message>;
  /** Every seq up to here is held: the stream and catch-up reads resume after it, so a gap is fetched again. */
  watermark: number;
}

const REFUSED_IDENTITY = new Set(['invalid_identity', 'identity_not_configured']);

export function createClient(options: ParleyClientOptions): ParleyClient {
  return new Client(options);
}

class Client implements ParleyClient {
  readonly botId: string;
  private readonly api: ApiClient;
  private readonly storage: ParleyStorage | null;
  private readonly storageKey: string;
  private identity: string | undefined;
  private held: Held | null = null;
  private starting: Promise<Conversation> | null = null;
  private readonly listeners = new Set<(event: ParleyEvent) => void>();
  private live: { feed: LiveFeed; conversationId: string } | null = null;

  constructor(private readonly options: ParleyClientOptions) {
    if (!options.botId) throw new Error('Parley: createClient needs a botId');
    this.botId = options.botId;
    this.api = new ApiClient({ origin: options.baseUrl.replace(/\/+$/, ''), credentials: 'omit', timeoutMs: options.timeoutMs ?? 30_000 });
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.storageKey = `parley:sdk:${options.botId}`;
    this.identity = options.identity;
  }

  get conversation(): { id: string; status: ConversationStatus } | null {
    return this.held && { id: this.held.id, status: this.held.status };
  }

  get messages(): readonly Message[] {
    return this.held ? [...this.held.messages.values()].sort((a, b) => a.seq - b.seq) : [];
  }

  start(options: StartOptions = {}): Promise<Conversation> {
    if (!options.fresh && this.held && this.held.status !== 'ended') return Promise.resolve(this.snapshot(this.held, null));
    // Two callers at once (a component mounting twice, say) share one conversation.
    this.starting ??= this.begin(options.fresh === true).finally(() => (this.starting = null));
    return this.starting;
  }

  async send(message: string | CustomerMessageRequest): Promise<TurnResponse> {
    const request: CustomerMessageRequest = typeof message === 'string' ? { type: 'text', text: message } : message;
    for (let attempt = 0; ; attempt++) {
      if (!this.held || this.held.status === 'ended') await this.start({ fresh: this.held?.status === 'ended' });
      const th = this.held!;
      try {
        const turn = await this.api.post<TurnResponse>(`${path(th.id)}/messages`, request, { token: th.token });
        this.absorb(th, turn.messages);
        this.setStatus(th, turn.status);
        return turn;
      } catch (e) {
        // The conversation closed under us (an agent resolved it, a server forgot it): the message opens a new one, once.
        const closed = e instanceof ApiError && (e.code === 'conversation_ended' || e.status === 404);
        if (!closed || attempt > 0) throw e;
        if (this.held === th) this.setStatus(th, 'ended');
      }
    }
  }

  subscribe(listener: (event: ParleyEvent) => void): () => void {
    this.listeners.add(listener);
    this.goLive();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopLive();
    };
  }

  async history(after = 0): Promise<HistoryResponse> {
    const th = this.held;
    if (!th) throw new Error('Parley: call start() before history()');
    const history = await this.read(th, after);
    this.absorb(th, history.messages);
    this.setStatus(th, history.status);
    return history;
  }

  identify(jwt: string | null): void {
    this.identity = jwt ?? undefined;
  }

  track(event: string, props: { value?: number; currency?: string } = {}): Promise<TrackResponse> {
    const th = this.held;
    const body: TrackRequest = {
      event,
      ...(props.value !== undefined && { value: props.value }),
      ...(props.currency !== undefined && { currency: props.currency }),
      ...(this.options.visitor?.id && { visitorId: this.options.visitor.id }),
      ...(th && { conversationId: th.id, token: th.token }),
    };
    return this.api.post<TrackResponse>(`/api/bots/${encodeURIComponent(this.botId)}/track`, body);
  }

  close(): void {
    this.listeners.clear();
    this.stopLive();
  }

  // ---- starting -----------------------------------------------------------------------------------------------

  private async begin(fresh: boolean): Promise<Conversation> {
    if (!fresh) {
      const resumed = (await this.fromStorage()) ?? (this.identity ? await this.resumeSignedIn(this.identity) : null);
      if (resumed) return resumed;
    }
    const url = `/api/bots/${encodeURIComponent(this.botId)}/conversations`;
    const visitor = this.options.visitor ?? {};
    let started: Conversation;
    try {
      started = await this.api.post<Conversation>(url, this.identity ? { visitor, identity: this.identity } : { visitor });
    } catch (e) {
      // A refused identity must not keep the customer from chatting: they go on anonymously, and the page is told.
      if (!(this.identity && e instanceof ApiError && REFUSED_IDENTITY.has(e.code))) throw e;
      this.identity = undefined;
      this.options.onIdentityRefused?.(e);
      started = await this.api.post<Conversation>(url, { visitor });
    }
    return this.adopt({ id: started.conversationId, token: started.token }, started.status, started.messages, started.nodeId, false);
  }

  /** The conversation this storage remembers, while the server still knows it and it has not ended. */
  private async fromStorage(): Promise<Conversation | null> {
    const ref = this.loadRef();
    if (!ref) return null;
    try {
      const history = await this.api.get<HistoryResponse>(`${path(ref.id)}/messages?after=0`, { token: ref.token });
      if (history.status !== 'ended') return this.adopt(ref, history.status, history.messages, null, true);
    } catch (e) {
      // Anything but "gone" (a network failure) is the caller's to see; the stored conversation is kept for next time.
      if (!(e instanceof ApiError && (e.status === 404 || e.status === 401))) throw e;
    }
    this.storage?.removeItem(this.storageKey);
    return null;
  }

  private async resumeSignedIn(identity: string): Promise<Conversation | null> {
    try {
      const found = await this.api.post<Conversation>(`/api/bots/${encodeURIComponent(this.botId)}/conversations/resume`, { identity });
      return this.adopt({ id: found.conversationId, token: found.token }, found.status, found.messages, found.nodeId, true);
    } catch (e) {
      // No open conversation for them (404), or the token was refused: they start afresh like anyone else.
      if (e instanceof ApiError && !e.unreachable) return null;
      throw e;
    }
  }

  private adopt(ref: Ref, status: ConversationStatus, messages: Message[], nodeId: string | null, resumed: boolean): Conversation {
    this.stopLive();
    const th: Held = { ...ref, status, messages: new Map(), watermark: 0 };
    this.held = th;
    this.saveRef(ref);
    this.emit({ event: 'conversation', data: { conversationId: ref.id, status, resumed } });
    this.absorb(th, messages);
    this.goLive();
    return this.snapshot(th, nodeId);
  }

  private snapshot(th: Held, nodeId: string | null): Conversation {
    return { conversationId: th.id, token: th.token, status: th.status, nodeId, messages: [...this.messages] };
  }

  // ---- what arrives -------------------------------------------------------------------------------------------

  /** Adds messages once each and tells listeners about the new ones, in seq order. */
  private absorb(th: Held, messages: readonly Message[]): void {
    for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
      if (th.messages.has(m.seq)) continue;
      th.messages.set(m.seq, m);
      if (this.held === th) this.emit({ event: 'message', data: m });
    }
    while (th.messages.has(th.watermark + 1)) th.watermark++;
  }

  private setStatus(th: Held, status: ConversationStatus): void {
    if (th.status === status) return;
    th.status = status;
    if (this.held !== th) return;
    this.emit({ event: 'status', data: { status } });
    if (status === 'ended') this.stopLive();
  }

  private emit(event: ParleyEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        // One page handler's bug must not stop the others, nor the client.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  private read(th: Held, after: number): Promise<HistoryResponse> {
    return this.api.get<HistoryResponse>(`${path(th.id)}/messages?after=${after}`, { token: th.token });
  }

  // ---- live ---------------------------------------------------------------------------------------------------

  private goLive(): void {
    const th = this.held;
    if (!th || th.status === 'ended' || this.listeners.size === 0 || this.live?.conversationId === th.id) return;
    this.stopLive();
    const feed = this.api.live(() => `${path(th.id)}/stream`, {
      token: () => th.token,
      resumeFrom: () => th.watermark,
      events: {
        message: (m) => {
          if (typeof (m as Message | null)?.seq === 'number') this.absorb(th, [m as Message]);
        },
        status: (s) => {
          const status = (s as { status?: ConversationStatus } | null)?.status;
          if (status) this.setStatus(th, status);
        },
        ready: (r) => this.emit({ event: 'ready', data: r as Extract<ConversationEvent, { event: 'ready' }>['data'] }),
      },
      onOpen: (reconnected) => {
        this.emit({ event: 'connection', data: { connected: true } });
        // A dropped stream may have missed a status change; a read settles it.
        if (reconnected) void this.history(th.watermark).catch(() => undefined);
      },
      onDown: () => this.emit({ event: 'connection', data: { connected: false } }),
    });
    this.live = { feed, conversationId: th.id };
    feed.start();
  }

  private stopLive(): void {
    this.live?.feed.stop();
    this.live = null;
  }

  // ---- storage ------------------------------------------------------------------------------------------------

  private loadRef(): Ref | null {
    try {
      const ref = JSON.parse(this.storage?.getItem(this.storageKey) ?? 'null') as Partial<Ref> | null;
      return ref && typeof ref.id === 'string' && typeof ref.token === 'string' ? { id: ref.id, token: ref.token } : null;
    } catch {
      return null;
    }
  }

  private saveRef(ref: Ref): void {
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify(ref));
    } catch {
      // Full or forbidden storage: the conversation still works, it just will not survive a reload.
    }
  }
}

const path = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

/** localStorage where the page may use it (not in a sandboxed frame, not with storage blocked); memory otherwise. */
export function defaultStorage(): ParleyStorage {
  try {
    const ls = globalThis.localStorage;
    const probe = 'parley:probe';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(): ParleyStorage {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
}
