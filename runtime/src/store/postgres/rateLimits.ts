import { statement, type Db } from './pool';
import type { RateLimitStore } from '../rateLimits';

const S = {
  hit: statement(
    'rate_hit',
    `INSERT INTO rate_limits (key, window_start, window_end, count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
  ),
  unhit: statement('rate_unhit', 'UPDATE rate_limits SET count = GREATEST(count - 1, 0) WHERE key = $1 AND window_start = $2'),
  reset: statement('rate_reset', 'DELETE FROM rate_limits WHERE key = $1'),
  prune: statement('rate_prune', 'DELETE FROM rate_limits WHERE window_end < $1'),
};

export class PgRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  /** One upsert: concurrent hits from any process each get their own count. */
  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const start = now - (now % windowMs);
    const { count } = (await this.db.row<{ count: number }>(S.hit, [key, start, start + windowMs]))!;
    return { count, resetAt: start + windowMs };
  }

  async unhit(key: string, windowMs: number, now: number): Promise<void> {
    await this.db.run(S.unhit, [key, now - (now % windowMs)]);
  }

  async reset(key: string): Promise<void> {
    await this.db.run(S.reset, [key]);
  }

  async prune(before: number): Promise<number> {
    return this.db.run(S.prune, [before]);
  }
}
