import type { ConversationStatus, Message } from '@parley/shared';
import type { LiveFeed } from '../common/live/feed';
import { local } from './storage';

/** What is remembered of a conversation between page loads: enough to read it again. */
export interface ThreadRef {
  id: string;
  token: string;
}

/** One conversation as this widget holds it: what it has seen, by seq, and its live feed while it is the current one. */
export interface Thread extends ThreadRef {
  status: ConversationStatus;
  messages: Map<number, Message>;
  /** Every seq up to here is held; resuming asks for what comes after it, so a gap is re-fetched rather than skipped. */
  watermark: number;
  live: LiveFeed | null;
}

/** Older conversations kept on screen above the current one. */
export const MAX_THREADS = 5;

export function newThread(ref: ThreadRef, status: ConversationStatus): Thread {
  return { id: ref.id, token: ref.token, status, messages: new Map(), watermark: 0, live: null };
}

/**
 * Adds messages once each, whichever path (reply, stream, catch-up) brought them first, and answers the new ones in
 * seq order. The watermark moves only over an unbroken run of seqs.
 */
export function absorb(th: Thread, messages: Message[]): Message[] {
  const added: Message[] = [];
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    if (th.messages.has(m.seq)) continue;
    th.messages.set(m.seq, m);
    added.push(m);
  }
  while (th.messages.has(th.watermark + 1)) th.watermark++;
  return added;
}

export function lastOf(th: Thread): Message | undefined {
  let best: Message | undefined;
  for (const m of th.messages.values()) if (!best || m.seq > best.seq) best = m;
  return best;
}

export function lastCustomerSeq(th: Thread): number {
  let seq = 0;
  for (const m of th.messages.values()) if (m.author === 'customer' && m.seq > seq) seq = m.seq;
  return seq;
}

/** The bot's latest question, while the conversation is with the bot: it shapes the composer. */
export function openPrompt(th: Thread | undefined): { prompt: Extract<Message['payload'], { type: 'input' }>; seq: number } | undefined {
  if (!th || th.status !== 'active') return undefined;
  const last = lastOf(th);
  return last && last.payload.type === 'input' ? { prompt: last.payload, seq: last.seq } : undefined;
}

/**
 * The last few conversation ids and tokens per bot, in localStorage: how a reload, or another tab, shows the whole
 * history.
 */
export class ThreadRefs {
  readonly key: string;

  constructor(botId: string) {
    this.key = `parley:${botId}:threads`;
  }

  load(): ThreadRef[] {
    return (local.get<ThreadRef[]>(this.key) ?? []).filter((r) => r && typeof r.id === 'string' && typeof r.token === 'string');
  }

  save(threads: readonly ThreadRef[]): void {
    local.set(
      this.key,
      threads.slice(-MAX_THREADS).map(({ id, token }) => ({ id, token })),
    );
  }
}
