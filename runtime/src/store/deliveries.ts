/** One outbound delivery (a webhook call, a channel send, an email) in the durable queue the dispatcher drains. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  id: number;
  /** Which sender handles it: `webhook`, `telegram`, `email`, … */
  kind: string;
  /** Where it goes, in the sender's terms (an endpoint id, a chat id, an address): shown in the delivery log. */
  target: string;
  /** Unique per kind: enqueueing the same key again is a no-op, and receivers may use it to drop repeats. */
  idempotencyKey: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** How many parts of a many-part delivery are sent already (a channel turn's messages). */
  progress: number;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  ok: boolean;
  /** The receiver's HTTP status, when there was one. */
  status: number | null;
  error: string | null;
  ms: number;
}

export interface NewDelivery {
  kind: string;
  target: string;
  idempotencyKey: string;
  payload: unknown;
}

export type AttemptOutcome = { status: 'delivered' } | { status: 'pending'; nextAttemptAt: string } | { status: 'dead' };

export interface DeliveryFilter {
  status?: DeliveryStatus;
  kind?: string;
  target?: string;
  limit: number;
}

export interface DeliveryStore {
  /** Queues a delivery, due now; returns its id, or null when a delivery with this kind and key exists already. */
  enqueue(delivery: NewDelivery, now: string): Promise<number | null>;
  /**
   * Takes up to `limit` due deliveries for this worker: each is leased until `leaseUntil` (its next attempt time moves
   * there), so another worker or process skips it; a worker that dies mid-send loses the lease and the delivery is due
   * again. Oldest due first.
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<Delivery[]>;
  /** Records that the first `parts` parts of a delivery are sent (never moves back). */
  setProgress(id: number, parts: number): Promise<void>;
  /** Records one attempt and what follows from it, in one write. */
  recordAttempt(id: number, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void>;
  /** Newest first; `target` (with `kind`) lists one receiver's deliveries, such as a webhook endpoint's. */
  list(filter: DeliveryFilter): Promise<Delivery[]>;
  get(id: number): Promise<(Delivery & { log: DeliveryAttempt[] }) | undefined>;
  /** A dead delivery, sent again from now on (an admin's retry). */
  revive(id: number, now: string): Promise<boolean>;
  /** Drops delivered deliveries (and their logs) finished before `before`; returns how many. */
  prune(before: string): Promise<number>;
}
