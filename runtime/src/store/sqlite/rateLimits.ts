import type { Db } from './db';
import type { RateLimitStore } from '../rateLimits';

export class SqliteRateLimitStore implements RateLimitStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      hit: db.prepare(`INSERT INTO rate_limits (key, window_start, window_end, count) VALUES (?, ?, ?, 1)
        ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`),
      unhit: db.prepare('UPDATE rate_limits SET count = MAX(count - 1, 0) WHERE key = ? AND window_start = ?'),
      reset: db.prepare('DELETE FROM rate_limits WHERE key = ?'),
      prune: db.prepare('DELETE FROM rate_limits WHERE window_end < ?'),
    };
  }

  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const start = now - (now % windowMs);
    const { count } = this.s.hit.get(key, start, start + windowMs) as { count: number };
    return { count, resetAt: start + windowMs };
  }

  async unhit(key: string, windowMs: number, now: number): Promise<void> {
    this.s.unhit.run(key, now - (now % windowMs));
  }

  async reset(key: string): Promise<void> {
    this.s.reset.run(key);
  }

  async prune(before: number): Promise<number> {
    return this.s.prune.run(before).changes;
  }
}
