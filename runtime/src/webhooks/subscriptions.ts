import type { WebhookEndpointRow, WebhookEndpointStore } from '../store/integrations';

/** How long one process trusts what it read of the endpoints table. */
export const SUBSCRIPTIONS_TTL_MS = 5_000;

/**
 * The endpoints subscribed to each event type, read at most once per `ttlMs` per type: every turn asks (several types
 * each), and nearly always the answer is "no one", which should cost no database read.
 *
 * Staleness: changes made through this process's routes call `invalidate()` and count at once. A change made by another
 * process (another instance on the same PostgreSQL, an integration revoked there) is seen here after at most `ttlMs`:
 * until then a turn may still queue an event for an endpoint just disabled or deleted (the sender checks the endpoint
 * again at send time and drops it, not retryable), or miss one for an endpoint just registered.
 */
export class SubscriptionCache {
  private readonly entries = new Map<string, { until: number; endpoints: Promise<WebhookEndpointRow[]> }>();

  constructor(
    private readonly store: Pick<WebhookEndpointStore, 'subscribedTo'>,
    private readonly now: () => number,
    private readonly ttlMs = SUBSCRIPTIONS_TTL_MS,
  ) {}

  subscribedTo(type: string): Promise<WebhookEndpointRow[]> {
    const now = this.now();
    const cached = this.entries.get(type);
    if (cached && cached.until > now) return cached.endpoints;
    // Concurrent turns share one read; a failed read is not kept, so the next turn reads again.
    const endpoints = this.store.subscribedTo(type);
    const entry = { until: now + this.ttlMs, endpoints };
    this.entries.set(type, entry);
    endpoints.catch(() => {
      if (this.entries.get(type) === entry) this.entries.delete(type);
    });
    return endpoints;
  }

  /** An endpoint was registered, changed or deleted here: read again on the next turn. */
  invalidate(): void {
    this.entries.clear();
  }
}
