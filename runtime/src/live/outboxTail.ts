import type { Store } from '../store';
import type { Logger } from '../log';
import { conversationTopic, TICKETS_TOPIC, type Hub } from './hub';

const BATCH = 500;

/**
 * Brings changes that other processes committed to this process's open streams. Every turn writes outbox rows in its
 * own transaction; this reads the rows after the last one it saw and publishes the foreign ones on the local hub
 * (its own were published straight after commit). A conversation event is only a hint: streams read the messages
 * themselves by sequence number, so a late or repeated hint can neither skip nor duplicate a message.
 */
export class OutboxTail {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private again = false;
  private unwatch: () => void = () => undefined;

  constructor(
    private readonly store: Store,
    private readonly hub: Hub,
    private readonly log: Logger,
  ) {}

  /** Starts after the newest row: what was committed before this process started is nobody's news. */
  async start(everyMs: number): Promise<this> {
    this.last = await this.store.conversations.outboxHead();
    this.unwatch = this.store.conversations.watchOutbox(() => void this.poll());
    this.timer = setInterval(() => void this.poll(), everyMs);
    // Tailing never keeps a process alive on its own.
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.unwatch();
  }

  /** Reads and publishes what arrived since the last poll; returns how many rows it read. */
  async poll(): Promise<number> {
    if (!this.store.isOpen()) return void this.stop(), 0;
    // A slow read must not overlap the next one; a wake-up during a read is served by one more read after it.
    if (this.polling) {
      this.again = true;
      return 0;
    }
    this.polling = true;
    let read = 0;
    try {
      for (let rows = await this.store.conversations.outboxAfter(this.last, BATCH); rows.length > 0; rows = await this.store.conversations.outboxAfter(this.last, BATCH)) {
        read += rows.length;
        this.last = rows.at(-1)!.id;
        for (const row of rows) if (row.payload.by !== this.store.instance) await this.publish(row.topic, row.payload);
      }
    } catch (error) {
      // A busy or briefly locked database: the next poll reads from the same place.
      this.log.warn({ err: error }, 'outbox tail: read failed');
    } finally {
      this.polling = false;
    }
    if (this.again) {
      this.again = false;
      read += await this.poll();
    }
    return read;
  }

  private async publish(topic: string, payload: { conversationId: string; ticketId?: number; status?: string }): Promise<void> {
    const { conversationId } = payload;
    if (topic === 'messages') {
      if (this.hub.listeners(conversationTopic(conversationId)) > 0) this.hub.publish(conversationTopic(conversationId), { kind: 'changed', conversationId });
      if (payload.status === 'handoff' && this.hub.listeners(TICKETS_TOPIC) > 0) {
        const open = await this.store.tickets.openFor(conversationId);
        if (open) this.hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: open.id, conversationId, change: 'message' });
      }
    } else if ((topic === 'ticket.created' || topic === 'ticket.resolved') && payload.ticketId !== undefined) {
      this.hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: payload.ticketId, conversationId, change: topic === 'ticket.created' ? 'created' : 'resolved' });
    }
  }
}
