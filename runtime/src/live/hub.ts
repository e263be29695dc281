import type { Message } from '@parley/shared';

export type LiveEvent =
  | { kind: 'messages'; conversationId: string; messages: Message[] }
  | { kind: 'conversation'; conversationId: string; status: string }
  /** Something was committed elsewhere (another process): read the conversation again. */
  | { kind: 'changed'; conversationId: string }
  | { kind: 'ticket'; ticketId: number; conversationId: string; change: 'created' | 'updated' | 'message' | 'resolved' };

type Listener = (event: LiveEvent) => void;

/**
 * In-process fan-out of committed changes to open streams. Events are published only after their transaction
 * commits, so a listener never sees something that could still roll back.
 */
export class Hub {
  private readonly topics = new Map<string, Set<Listener>>();

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.topics.delete(topic);
    };
  }

  publish(topic: string, event: LiveEvent): void {
    const set = this.topics.get(topic);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // A broken stream must not stop delivery to the others.
      }
    }
  }

  listeners(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }
}

export const conversationTopic = (id: string) => `conversation:${id}`;
export const TICKETS_TOPIC = 'tickets';
