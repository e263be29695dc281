import { rateLimit, type ClientRateLimitInfo, type Options, type RateLimitRequestHandler, type Store as LimiterStore } from 'express-rate-limit';
import type { Store } from '../store';
import type { RateLimitStore } from '../store/rateLimits';
import type { Logger } from '../log';

/**
 * An express-rate-limit `Store` on the database's fixed-window counters (`store.rateLimits`), so every process behind a
 * load balancer counts the same hits: a limit of 30 a minute is 30 a minute in all, not 30 in each process.
 *
 * Each limiter gets its own instance with its own key prefix (express-rate-limit refuses one store shared by two
 * limiters), and the prefix keeps the counts of different limiters apart in the one table.
 *
 * There is no `get`: it is optional in the Store interface (only `limiter.getKey()` uses it, and nothing here calls
 * that), and `RateLimitStore` has no read-only method to back it.
 */
export class DatabaseRateLimitStore implements LimiterStore {
  /** Counts live in the database, not in this instance: another instance (another process) sees the same keys. */
  readonly localKeys = false;
  private windowMs = 60_000;

  /**
   * `now` is the app's clock, in which windows are counted (tests freeze it, so a test never straddles a window);
   * `wallNow` is real time, in which the reset time is reported, since the 429 handler's Retry-After counts from it.
   */
  constructor(
    private readonly counters: RateLimitStore,
    readonly prefix: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly wallNow: () => number = Date.now,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /**
   * Counts one hit. A database that fails here (unreachable, locked, closed during shutdown) must not take the endpoint
   * down with it: the hit is let through as the first of a fresh window (fail open), and the failure is logged once per
   * outage rather than once per request. Abuse limits are a courtesy to the database; refusing every customer because
   * the counter is unavailable would be the outage they exist to prevent.
   */
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    try {
      const { count, resetAt } = await this.counters.hit(this.prefix + key, this.windowMs, now);
      recovered(this.counters, this.log);
      return { totalHits: count, resetTime: this.wall(resetAt, now) };
    } catch (error) {
      failedOpen(this.counters, this.log, error);
      return { totalHits: 1, resetTime: this.wall(now - (now % this.windowMs) + this.windowMs, now) };
    }
  }

  /** A moment on the app's clock, in real time. */
  private wall(at: number, now: number): Date {
    return new Date(this.wallNow() + (at - now));
  }

  async decrement(key: string): Promise<void> {
    try {
      await this.counters.unhit(this.prefix + key, this.windowMs, this.now());
    } catch (error) {
      failedOpen(this.counters, this.log, error);
    }
  }

  /** express-rate-limit does not await this (`limiter.resetKey` returns void), so it must never reject. */
  async resetKey(key: string): Promise<void> {
    try {
      await this.counters.reset(this.prefix + key);
    } catch (error) {
      failedOpen(this.counters, this.log, error);
    }
  }
}

/** Whether each database's counters are failing right now, so an outage is logged once, not on every request. */
const failing = new WeakMap<RateLimitStore, true>();

function failedOpen(counters: RateLimitStore, log: Logger, error: unknown): void {
  if (failing.has(counters)) return;
  failing.set(counters, true);
  log.error({ err: error }, 'rate limits: the database cannot count hits; letting requests through uncounted until it can');
}

function recovered(counters: RateLimitStore, log: Logger): void {
  if (!failing.delete(counters)) return;
  log.info('rate limits: counting hits in the database again');
}

export interface SharedLimitOptions {
  windowMs: number;
  limit: number;
  /** Answers a request over the limit (the routes' `tooMany`: 429 with Retry-After). */
  handler: Options['handler'];
  keyGenerator?: Options['keyGenerator'];
}

/**
 * A rate limiter whose counts are shared by every process on the database. `prefix` names the limiter in the counter
 * keys and must be unique per limiter (`start:ip:`, `login:`...). Headers are left to the handler, so a request under
 * the limit pays for none.
 */
export function sharedRateLimit(deps: { store: Store; log: Logger; clock: () => Date }, prefix: string, options: SharedLimitOptions): RateLimitRequestHandler {
  return rateLimit({
    ...options,
    // An unlimited limiter (PARLEY_RATE_LIMITS=off) has nothing to count, so it costs no database write.
    skip: () => !Number.isFinite(options.limit),
    standardHeaders: false,
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(deps.store.rateLimits, prefix, deps.log, () => deps.clock().getTime()),
    // The store already fails open; this covers anything it did not foresee.
    passOnStoreError: true,
    // The library's configuration checks (such as `trust proxy` set to true) go to the server's log, not the console.
    logger: { error: (error, message) => deps.log.error({ err: error }, message ?? 'rate limit'), warn: (error, message) => deps.log.warn({ err: error }, message ?? 'rate limit') },
  });
}

/** Drops counter windows that have ended; main runs it on a schedule (a window is never read after its end). */
export function pruneRateLimits(store: Store, now: number = Date.now()): Promise<number> {
  return store.rateLimits.prune(now);
}
