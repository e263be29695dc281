import type { CustomerMessageRequest, Message } from '@parley/shared';
import { ApiError } from '../common/api/errors';
import { randomId, session } from './storage';

export type SendState = 'queued' | 'sending' | 'slow' | 'failed';

/** A customer message not yet confirmed by the server. It stays on screen until it is stored, or the customer removes it. */
export interface Outgoing {
  localId: string;
  request: CustomerMessageRequest;
  state: SendState;
  /** The server's refusal, shown beside *Not sent*; none when the server was not reached. */
  error?: string | undefined;
  /** The thread it went to and that thread's watermark then: a stored copy must come after this. */
  threadId?: string | undefined;
  after?: number | undefined;
}

export interface OutboxHooks {
  /** Sends one message until the server has stored it; throws when it could not. */
  deliver(item: Outgoing): Promise<void>;
  /**
   * Before a retry: the failed request may have reached the server after all, so reading what it holds first avoids
   * saying it twice. A promise to wait for, or nothing when there is nothing to read.
   */
  beforeRetry(item: Outgoing): Promise<void> | undefined;
  /** The item is new, or its state changed: draw it. */
  drawn(item: Outgoing): void;
  removed(item: Outgoing): void;
  /** Anything that depends on the queue (buttons, composer, typing dots) should be refreshed. */
  changed(): void;
}

const SLOW_MS = 3000;

/**
 * Nothing typed is lost. Sends go one at a time, in order: a failed one holds the rest back, so the bot never hears
 * them out of order. Unsent messages survive a reload of this tab (sessionStorage; other tabs have their own).
 */
export class Outbox {
  private readonly list: Outgoing[] = [];
  private readonly key: string;
  private pumping = false;

  constructor(
    botId: string,
    private readonly hooks: OutboxHooks,
  ) {
    this.key = `parley:${botId}:outbox`;
  }

  get items(): readonly Outgoing[] {
    return this.list;
  }

  get head(): Outgoing | undefined {
    return this.list[0];
  }

  has(item: Outgoing): boolean {
    return this.list.includes(item);
  }

  get inFlight(): boolean {
    return this.list.some((o) => o.state === 'sending' || o.state === 'slow');
  }

  add(request: CustomerMessageRequest): Outgoing {
    const item: Outgoing = { localId: randomId(), request, state: 'queued' };
    this.list.push(item);
    this.hooks.drawn(item);
    this.save();
    return item;
  }

  /** Whether a message in flight at the reload arrived is unknown until history loads; until then it asks to be retried. */
  restore(): Outgoing[] {
    const saved = session.get<Pick<Outgoing, 'localId' | 'request' | 'threadId' | 'after'>[]>(this.key) ?? [];
    for (const s of saved) {
      if (!s?.request) continue;
      const item: Outgoing = { ...s, state: 'failed' };
      this.list.push(item);
      this.hooks.drawn(item);
    }
    return [...this.list];
  }

  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        for (let head = this.list[0]; head && head.state !== 'failed'; head = this.list[0]) await this.run(head);
      } finally {
        this.pumping = false;
        this.hooks.changed();
      }
    })();
  }

  retry(item: Outgoing): void {
    if (item.state !== 'failed') return;
    item.error = undefined;
    this.setState(item, 'sending');
    const resume = () => {
      this.setState(item, 'queued');
      this.pump();
    };
    const reading = this.hooks.beforeRetry(item);
    if (reading) reading.then(resume, resume);
    else resume();
  }

  remove(item: Outgoing): void {
    const i = this.list.indexOf(item);
    if (i >= 0) this.list.splice(i, 1);
    this.hooks.removed(item);
    this.save();
    this.hooks.changed();
  }

  /** Records where the item went, so a stored copy of it can be recognised later. */
  aim(item: Outgoing, threadId: string, after: number): void {
    if (item.threadId === threadId) return;
    item.threadId = threadId;
    item.after = after;
    this.save();
  }

  /** A stored customer message that matches one still pending means that one got through: show it once. */
  settle(threadId: string, m: Message): void {
    if (m.payload.type !== 'customer') return;
    const p = m.payload;
    const item = this.list.find(
      (o) =>
        o.threadId === threadId &&
        o.after !== undefined &&
        m.seq > o.after &&
        (o.request.type === 'text' ? p.payload === undefined && p.text === o.request.text.trim() : p.payload === o.request.payload),
    );
    if (item) this.remove(item);
  }

  setState(item: Outgoing, state: SendState): void {
    if (!this.list.includes(item)) return;
    item.state = state;
    this.hooks.drawn(item);
  }

  private async run(item: Outgoing): Promise<void> {
    this.setState(item, 'sending');
    const slow = setTimeout(() => this.setState(item, 'slow'), SLOW_MS);
    try {
      await this.hooks.deliver(item);
      this.remove(item);
    } catch (e) {
      if (!this.list.includes(item)) return;
      item.error = e instanceof ApiError && !e.unreachable ? e.message : undefined;
      this.setState(item, 'failed');
    } finally {
      clearTimeout(slow);
    }
  }

  private save(): void {
    session.set(
      this.key,
      this.list.map(({ localId, request, threadId, after }) => ({ localId, request, threadId, after })),
    );
  }
}
