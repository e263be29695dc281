import type { ConversationStatus, Message } from '@parley/shared';

export interface LiveHandlers {
  message(m: Message): void;
  status(s: ConversationStatus): void;
  /** The server has sent everything after `after` and is now live. */
  ready(reconnected: boolean): void;
  down(): void;
}

const MAX_DELAY_MS = 30_000;

/**
 * One conversation's event stream, reopened by hand with exponential backoff. The browser's own retry is not
 * used: it ignores backoff and would resume from the URL's original `after`, while we resume from what we hold.
 */
export class LiveStream {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private everReady = false;
  private stopped = false;

  constructor(
    private readonly url: () => string,
    private readonly on: LiveHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  /**
   * Drops the connection until `kick`. Used when the browser reports going offline: a connection that outlives a
   * network change often dies without an error, so it is safer to reopen it (from our watermark) when back.
   */
  pause(): void {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
    this.attempt = 0;
  }

  /** Reconnect now rather than at the next backoff step, e.g. when the browser comes back online. */
  kick(): void {
    if (this.stopped || this.source) return;
    clearTimeout(this.timer);
    this.open();
  }

  get connected(): boolean {
    return this.source?.readyState === EventSource.OPEN;
  }

  private open(): void {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(this.url());
    this.source = es;
    es.addEventListener('message', (e) => {
      const m = parse<Message>(e);
      if (m && typeof m.seq === 'number') this.on.message(m);
    });
    es.addEventListener('status', (e) => {
      const s = parse<{ status: ConversationStatus }>(e);
      if (s?.status) this.on.status(s.status);
    });
    es.addEventListener('ready', () => {
      const reconnected = this.everReady;
      this.everReady = true;
      this.attempt = 0;
      this.on.ready(reconnected);
    });
    es.onerror = () => {
      es.close();
      if (this.source !== es) return;
      this.source = null;
      this.on.down();
      if (this.stopped) return;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** this.attempt++);
      // Jitter, so a server restart is not met by every widget at the same instant.
      this.timer = setTimeout(() => this.open(), delay / 2 + Math.random() * (delay / 2));
    };
  }
}

function parse<T>(e: Event): T | undefined {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}
