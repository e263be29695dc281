import type { Message } from '@parley/shared';

/** The buttons a message shows: option buttons, carousel card buttons, an input's choices. */
export function buttonsOf(p: Message['payload']): { label: string; payload?: string | undefined }[] {
  return p.type === 'options' ? p.buttons : p.type === 'carousel' ? p.cards.flatMap((c) => c.buttons) : p.type === 'input' ? (p.choices ?? []) : [];
}

interface Shown {
  /** The conversation's last message number once the turn that showed these buttons was written. */
  lastSeq: number;
  /** Payload → label, newest message's label winning, of the messages that turn wrote. */
  labels: Map<string, { label: string; seq: number }>;
}

/**
 * The buttons each conversation's latest turn in this process showed, so the label of the button a customer presses
 * next is found without reading the transcript. An entry counts only while the conversation's last message number is
 * still the one it was written at: anything appended since (by an agent, or by a turn in another process) makes it
 * stale, and the caller reads the store as before. Bounded: the least recently written conversations go first.
 */
export class RecentButtons {
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly capacity = 10_000) {}

  remember(conversationId: string, messages: readonly Message[], lastSeq: number): void {
    this.shown.delete(conversationId);
    const labels = new Map<string, { label: string; seq: number }>();
    for (const m of messages) {
      for (const b of buttonsOf(m.payload)) if (b.payload !== undefined) labels.set(b.payload, { label: b.label, seq: m.seq });
    }
    if (labels.size === 0) return;
    this.shown.set(conversationId, { lastSeq, labels });
    if (this.shown.size > this.capacity) this.shown.delete(this.shown.keys().next().value!);
  }

  /**
   * The label of `payload` if the conversation's newest messages (numbered above `after`) showed it and nothing was
   * appended since; undefined when unknown here.
   */
  label(conversationId: string, lastSeq: number, after: number, payload: string): string | undefined {
    const entry = this.shown.get(conversationId);
    if (!entry || entry.lastSeq !== lastSeq) return undefined;
    const hit = entry.labels.get(payload);
    return hit && hit.seq > after ? hit.label : undefined;
  }

  forget(conversationId: string): void {
    this.shown.delete(conversationId);
  }
}
