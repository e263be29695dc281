import pg from 'pg';

/**
 * One LISTEN connection per store, shared by every watcher. Each commit that writes outbox rows runs
 * `pg_notify(channel, '')` inside its transaction, which PostgreSQL delivers after the commit; every notification calls
 * every watcher, which then reads the outbox itself (a notification carries nothing but "look").
 *
 * When the connection drops (server restart, network, an admin's pg_terminate_backend) it is opened again with a
 * growing backoff, and once it listens again every watcher is called once: whatever was committed while nobody was
 * listening is then read from the outbox. A watcher that registers is likewise called once as soon as notifications
 * flow, so nothing committed between its last read and the LISTEN taking effect is missed.
 */
export class OutboxListener {
  private readonly watchers = new Set<{ onChange: () => void }>();
  private client: pg.Client | undefined;
  private listening = false;
  private connecting = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly retry = { minMs: 100, maxMs: 5_000 },
  ) {}

  watch(onChange: () => void): () => void {
    if (this.closed) return () => undefined;
    const watcher = { onChange };
    this.watchers.add(watcher);
    if (this.listening) setImmediate(() => this.call(watcher));
    else if (!this.connecting && !this.retryTimer) void this.connect();
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Whether the LISTEN is in effect right now (for tests and health). */
  isListening(): boolean {
    return this.listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watchers.clear();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    const client = new pg.Client(this.config);
    let lost = false;
    const drop = () => {
      if (lost) return;
      lost = true;
      this.dropped(client);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.callAll();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      this.connecting = false;
      drop();
      return;
    }
    this.connecting = false;
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening = true;
    this.failures = 0;
    this.callAll();
  }

  private dropped(client: pg.Client): void {
    if (this.client === client) {
      this.client = undefined;
      this.listening = false;
    }
    void client.end().catch(() => undefined);
    if (this.closed || this.retryTimer || this.connecting) return;
    const delay = Math.min(this.retry.maxMs, this.retry.minMs * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) void this.connect();
    }, delay);
    // Reconnecting never keeps a process alive on its own.
    this.retryTimer.unref();
  }

  private callAll(): void {
    for (const watcher of [...this.watchers]) this.call(watcher);
  }

  private call(watcher: { onChange: () => void }): void {
    if (!this.watchers.has(watcher)) return;
    try {
      watcher.onChange();
    } catch {
      // A watcher's failure is its own; the others still hear about the change.
    }
  }
}
