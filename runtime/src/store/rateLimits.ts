/**
 * Fixed-window counters for abuse limits, kept in the database so every process counts the same hits. A window is
 * identified by its start; old windows are pruned.
 */
export interface RateLimitStore {
  /** Counts one hit on `key` in the window of `windowMs` that holds `now`; returns the window's count and its end. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Takes back one hit (a request the limiter decided not to count after all). */
  unhit(key: string, windowMs: number, now: number): Promise<void>;
  reset(key: string): Promise<void>;
  /** Drops windows that ended before `before` (ms since the epoch). */
  prune(before: number): Promise<number>;
}
