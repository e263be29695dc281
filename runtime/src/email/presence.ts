import type { Request } from 'express';
import type { EmailStore } from '../store/email';
import type { Logger } from '../log';

/**
 * Whether a customer is "connected": their conversation has an event stream open in this process, or any process saw
 * one within the window. `last_seen_at` is written when a stream opens, every `refreshMs` while it stays open, and
 * when it closes, so another process (or a restart) reads it too; a stream dropped without a close (a crash) counts
 * for one window after its last refresh.
 */
export class Presence {
  private readonly open = new Map<string, number>();
  readonly refreshMs: number;

  constructor(
    private readonly deps: { store: EmailStore; clock: () => Date; log: Logger; windowMs: number },
    refreshMs?: number,
  ) {
    // Several refreshes per window, so one slow write never makes an open stream look gone.
    this.refreshMs = refreshMs ?? Math.min(30_000, Math.floor(deps.windowMs / 3));
  }

  /** Records the customer as present for as long as this request's stream stays open. */
  track(req: Request, conversationId: string): void {
    this.open.set(conversationId, (this.open.get(conversationId) ?? 0) + 1);
    void this.touch(conversationId);
    const timer = setInterval(() => void this.touch(conversationId), this.refreshMs);
    timer.unref();
    req.once('close', () => {
      clearInterval(timer);
      const left = (this.open.get(conversationId) ?? 1) - 1;
      if (left <= 0) this.open.delete(conversationId);
      else this.open.set(conversationId, left);
      void this.touch(conversationId);
    });
  }

  async connected(conversationId: string): Promise<boolean> {
    if ((this.open.get(conversationId) ?? 0) > 0) return true;
    const seen = await this.deps.store.lastSeen(conversationId);
    return seen !== undefined && this.deps.clock().getTime() - Date.parse(seen) < this.deps.windowMs;
  }

  private async touch(conversationId: string): Promise<void> {
    try {
      await this.deps.store.touchPresence(conversationId, this.deps.clock().toISOString());
    } catch (error) {
      // Presence only decides whether to email: a missed write must never break the customer's stream.
      this.deps.log.warn({ conversationId, error: String(error) }, 'email: could not record presence');
    }
  }
}

// The stream route gets the app's context, not the email module; the app attaches its Presence to that context here
// (only when email is configured, so servers without SMTP write no presence rows).
const attached = new WeakMap<object, Presence>();

export function attachPresence(ctx: object, presence: Presence): void {
  attached.set(ctx, presence);
}

export function presenceOf(ctx: object): Presence | undefined {
  return attached.get(ctx);
}
