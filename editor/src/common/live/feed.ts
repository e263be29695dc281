import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';

export interface LiveFeedOptions {
  /** Read at every (re)connect. */
  url: () => string;
  /** Sent as `Authorization: Bearer`, never in the URL. */
  token?: () => string | null | undefined;
  credentials?: RequestCredentials;
  /**
   * The last sequence number the caller holds, sent as `Last-Event-ID` on every connect, so a reconnect resumes from
   * what is held rather than from where the stream was. Without it, the last event id the stream sent.
   */
  resumeFrom?: () => number;
  /** One handler per event name, given the event's JSON data; an event whose data is not JSON is dropped. */
  events: Record<string, (data: unknown) => void>;
  /** The server answered with a stream; `reconnected` is false the first time. */
  onOpen?(reconnected: boolean): void;
  /** The stream failed or ended; a reconnect is already scheduled. */
  onDown?(): void;
  /** The longest wait between reconnects. */
  maxDelayMs?: number;
}

/** Exponential, capped, and jittered so that a server restart is not met by every client at the same instant. */
export function backoff(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const delay = Math.min(maxMs, 1000 * 2 ** attempt);
  return delay / 2 + random() * (delay / 2);
}

const STREAM = 'text/event-stream';

/**
 * A server-sent event stream over fetch, reopened by hand with backoff. fetch (rather than EventSource) is what lets
 * the token travel in a header; the library's own retry is not used, as it would resume from the original URL.
 */
export class LiveFeed {
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private everOpen = false;
  private open = false;
  private stopped = true;
  private lastId: string | undefined;

  constructor(private readonly options: LiveFeedOptions) {}

  start(): void {
    this.stopped = false;
    if (!this.controller) this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.close();
  }

  /**
   * Drops the connection until `kick`. For when the browser reports going offline: a connection that outlives a
   * network change often dies without an error, so it is safer to reopen it when back.
   */
  pause(): void {
    this.close();
    this.attempt = 0;
  }

  /** Reconnects now rather than at the next backoff step, e.g. when the browser comes back online. */
  kick(): void {
    if (this.stopped || this.controller) return;
    clearTimeout(this.timer);
    this.connect();
  }

  get connected(): boolean {
    return this.open;
  }

  private close(): void {
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = null;
    this.open = false;
  }

  private connect(): void {
    const controller = new AbortController();
    this.controller = controller;
    const { options } = this;
    const headers: Record<string, string> = {};
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    const resume = options.resumeFrom ? String(options.resumeFrom()) : this.lastId;
    if (resume !== undefined) headers['last-event-id'] = resume;
    fetchEventSource(options.url(), {
      headers,
      credentials: options.credentials ?? 'same-origin',
      signal: controller.signal,
      // Like EventSource, stay connected in a background tab: a hidden inbox must still hear new tickets.
      openWhenHidden: true,
      // Looked up at call time, so a test (or a polyfill) can replace fetch after this module loads.
      fetch: (input, init) => fetch(input, init),
      onopen: async (response) => {
        if (!response.ok || !response.headers.get('content-type')?.startsWith(STREAM)) throw new Error(`No event stream (${response.status})`);
        if (this.controller !== controller) return;
        this.open = true;
        this.attempt = 0;
        const reconnected = this.everOpen;
        this.everOpen = true;
        options.onOpen?.(reconnected);
      },
      onmessage: (event) => this.dispatch(controller, event),
      onclose: () => {
        // The server ended the stream (a deploy drains it): treated as a failure, so it is reopened.
        throw new Error('The event stream ended');
      },
      onerror: (err: unknown) => {
        throw err;
      },
    }).then(undefined, () => this.down(controller));
  }

  private dispatch(controller: AbortController, event: EventSourceMessage): void {
    if (this.controller !== controller) return;
    if (event.id) this.lastId = event.id;
    const handler = this.options.events[event.event || 'message'];
    if (!handler) return;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    handler(data);
  }

  private down(controller: AbortController): void {
    // A stream closed on purpose (stop, pause) or already replaced is not a failure.
    if (this.controller !== controller) return;
    this.controller = null;
    this.open = false;
    this.options.onDown?.();
    if (this.stopped || this.controller) return;
    this.timer = setTimeout(() => this.connect(), backoff(this.attempt++, this.options.maxDelayMs ?? 30_000));
  }
}
