import { performance } from 'node:perf_hooks';
import type { Logger } from '../log';
import type { AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStore, NewDelivery } from '../store/deliveries';

/** What a sender answers. A thrown error or a timeout counts as `{ ok: false, retryable: true }`. */
export type SendResult =
  | { ok: true; status?: number }
  | {
      ok: false;
      status?: number;
      error: string;
      retryable?: boolean;
      /** The receiver asked to wait this long (Retry-After, Telegram's retry_after): the next attempt is no sooner. */
      retryAfterMs?: number;
    };

export interface SendContext {
  /** The delivery's key, the same on every attempt: send it along so the receiver can drop repeats. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the send takes longer than `sendTimeoutMs`; pass it to fetch. */
  signal: AbortSignal;
  /** How many parts of a many-part delivery earlier attempts sent (0 at first). */
  progress: number;
  /** Records that the first `parts` parts are sent, so a retry starts after them instead of sending them twice. */
  saveProgress(parts: number): Promise<void>;
}

export type Sender = (delivery: Delivery, ctx: SendContext) => Promise<SendResult>;

export interface DispatcherOptions {
  /** Attempts before a delivery is dead (the first send included). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed delivery stays invisible to other workers; longer than any send can take. */
  leaseMs: number;
  sendTimeoutMs: number;
  /** Deliveries claimed (and sent concurrently) per tick. */
  batch: number;
  /** Delivered rows older than this are pruned. */
  retentionMs: number;
  /** How often (by the injected clock) the running loop prunes. */
  pruneEveryMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  maxAttempts: 8,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  leaseMs: 60_000,
  sendTimeoutMs: 15_000,
  batch: 20,
  retentionMs: 7 * 86_400_000,
  pruneEveryMs: 86_400_000,
};

export interface DispatcherDeps {
  store: DeliveryStore;
  clock: () => Date;
  /** Uniform in [0, 1), like Math.random; tests pass a seeded one. */
  random: () => number;
  log: Logger;
}

/** Error texts are kept short: a receiver may echo a whole body back. */
const MAX_ERROR = 500;

/**
 * The bounds of the wait after failed attempt `attempt` (1-based): with cap = min(maxDelay, base · 2^(attempt−1)),
 * the wait lies in [max(base/2, ¾·cap), max(base/2, cap)].
 */
export function backoffBounds(attempt: number, o: Pick<DispatcherOptions, 'baseDelayMs' | 'maxDelayMs'>): { min: number; max: number } {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  const floor = o.baseDelayMs / 2;
  return { min: Math.max(floor, cap * 0.75), max: Math.max(floor, cap) };
}

/**
 * The wait after failed attempt `attempt`: exponential, jittered within the top quarter of its step,
 * `max(base/2, cap − random·cap/4)` with cap = min(maxDelay, base · 2^(attempt−1)), rounded to whole milliseconds.
 *
 * Why not full jitter (random in [0, cap]): with the default 10 s base and 8 attempts, full jitter gives up after 10.6
 * minutes on average and after 35 seconds at worst, so it could not promise receivers 15 minutes of retries. Jitter
 * from the top quarter keeps retries of many deliveries that failed together spread apart (by 2.5 s at the first
 * retry, 160 s at the seventh), and keeps the whole schedule within known bounds (see `scheduleSpan`).
 */
export function backoffDelay(attempt: number, random: number, o: Pick<DispatcherOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.max(o.baseDelayMs / 2, cap - random * (cap / 4)));
}

/** The shortest and longest time from the first attempt to the last one before a delivery is dead. */
export function scheduleSpan(o: Pick<DispatcherOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxAttempts'>): { min: number; max: number; attempts: number } {
  let min = 0;
  let max = 0;
  for (let attempt = 1; attempt < o.maxAttempts; attempt++) {
    const b = backoffBounds(attempt, o);
    min += b.min;
    max += b.max;
  }
  return { min, max, attempts: o.maxAttempts };
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)) || 'failed';

/**
 * Drains the durable `deliveries` queue: every outbound delivery (webhooks, channel sends, email) goes through here.
 *
 * - At least once: a delivery is claimed with a lease (`leaseMs`); a process that dies mid-send loses the lease and
 *   another sends it again, with the same idempotency key, so receivers can drop the repeat. Leases also keep two
 *   processes (or two dispatchers) from sending one delivery at the same time; `leaseMs` must exceed `sendTimeoutMs`.
 * - Each send has `sendTimeoutMs`: the signal is aborted and the attempt counts as a retryable failure.
 * - A failure is retried after `backoffDelay`; after `maxAttempts` attempts, or a failure the sender calls not
 *   retryable, the delivery is dead until an admin revives it (one more attempt: the attempt count is not reset).
 * - A delivery of a kind with no registered sender is not attempted: it is claimed with its batch (the store cannot
 *   filter by kind) and left alone, so its lease runs out and a process that has the sender takes it `leaseMs` later.
 *   No attempt is recorded and nothing is counted against it.
 * - Logs name the delivery id, kind, target, attempt, status and error text; never the payload.
 */
export class Dispatcher {
  readonly options: DispatcherOptions;
  private readonly senders = new Map<string, Sender>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly warnedKinds = new Set<string>();
  private started = false;
  private intervalMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastPrune: number | undefined;

  constructor(
    private readonly deps: DispatcherDeps,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    const o = this.options;
    for (const [name, value] of Object.entries(o)) {
      if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Dispatcher option ${name} must be a positive number, not ${value}`);
    }
    if (!Number.isInteger(o.maxAttempts) || !Number.isInteger(o.batch)) throw new RangeError('Dispatcher options maxAttempts and batch must be whole numbers');
    if (o.leaseMs <= o.sendTimeoutMs) throw new RangeError(`Dispatcher leaseMs (${o.leaseMs}) must exceed sendTimeoutMs (${o.sendTimeoutMs}), or a slow send could be sent twice at once`);
  }

  /** The sender of one kind of delivery. */
  register(kind: string, sender: Sender): this {
    if (this.senders.has(kind)) throw new Error(`A sender for ${kind} deliveries is registered already`);
    this.senders.set(kind, sender);
    return this;
  }

  /** Queues a delivery due now and wakes the loop; null when one with this kind and key exists already. */
  async enqueue(delivery: NewDelivery): Promise<number | null> {
    const id = await this.deps.store.enqueue(delivery, this.deps.clock().toISOString());
    if (id !== null) this.wake();
    return id;
  }

  /** Claims one batch of due deliveries, sends them concurrently and records each attempt; returns how many it sent. */
  async tick(): Promise<number> {
    return (await this.claimAndSend()).sent;
  }

  /** Drops delivered rows (and their logs) older than the retention; returns how many. */
  async prune(): Promise<number> {
    const before = new Date(this.deps.clock().getTime() - this.options.retentionMs).toISOString();
    const pruned = await this.deps.store.prune(before);
    if (pruned > 0) this.deps.log.info({ pruned, before }, 'deliveries: pruned delivered rows');
    return pruned;
  }

  /** Ticks every `intervalMs` (and at once after a full batch or a wake-up), pruning once per `pruneEveryMs`. */
  start(intervalMs = 1000): this {
    if (this.started) return this;
    this.started = true;
    this.intervalMs = intervalMs;
    this.schedule(0);
    return this;
  }

  /** Runs a tick soon (after an enqueue or a revive); a no-op while stopped. */
  wake(): void {
    if (!this.started) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops ticking, and resolves once the sends in flight are recorded (each is bounded by `sendTimeoutMs`). */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.all([...this.inFlight]);
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delayMs);
    // The dispatcher never keeps a process alive on its own.
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    this.timer = undefined;
    if (this.running || !this.started) return;
    let full = false;
    this.running = (async () => {
      await this.maybePrune();
      try {
        const { claimed } = await this.claimAndSend();
        full = claimed >= this.options.batch;
      } catch (error) {
        // A busy or unavailable database: the next tick claims from the same place.
        this.deps.log.warn({ error: errorText(error) }, 'deliveries: tick failed');
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    // A full batch means more may be due: drain the backlog without waiting out the interval.
    const soon = this.again || full;
    this.again = false;
    this.schedule(soon ? 0 : this.intervalMs);
  }

  private async maybePrune(): Promise<void> {
    const now = this.deps.clock().getTime();
    if (this.lastPrune !== undefined && now - this.lastPrune < this.options.pruneEveryMs) return;
    this.lastPrune = now;
    try {
      await this.prune();
    } catch (error) {
      this.deps.log.warn({ error: errorText(error) }, 'deliveries: prune failed');
    }
  }

  private async claimAndSend(): Promise<{ claimed: number; sent: number }> {
    const now = this.deps.clock();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs).toISOString();
    const claimed = await this.deps.store.claimDue(now.toISOString(), leaseUntil, this.options.batch);
    const sends: Promise<void>[] = [];
    for (const delivery of claimed) {
      const sender = this.senders.get(delivery.kind);
      if (!sender) {
        this.leaveAlone(delivery);
        continue;
      }
      const send = this.attempt(delivery, sender).finally(() => this.inFlight.delete(send));
      this.inFlight.add(send);
      sends.push(send);
    }
    await Promise.all(sends);
    return { claimed: claimed.length, sent: sends.length };
  }

  private leaveAlone(delivery: Delivery): void {
    if (this.warnedKinds.has(delivery.kind)) return;
    this.warnedKinds.add(delivery.kind);
    this.deps.log.warn({ deliveryId: delivery.id, kind: delivery.kind }, 'deliveries: no sender for this kind in this process; left for a process that has one');
  }

  /** One attempt: send with a timeout, then record it and what follows. Never rejects. */
  private async attempt(delivery: Delivery, sender: Sender): Promise<void> {
    const { log, clock } = this.deps;
    const attempt = delivery.attempts + 1;
    const at = clock().toISOString();
    const started = performance.now();
    const result = await this.sendWithTimeout(delivery, sender, attempt);
    const ms = performance.now() - started;
    const status = result.status !== undefined && Number.isInteger(result.status) ? result.status : null;
    const error = result.ok ? null : (result.error || 'failed').slice(0, MAX_ERROR);
    const row: DeliveryAttempt = { attempt, at, ok: result.ok, status, error, ms };
    let outcome: AttemptOutcome;
    if (result.ok) outcome = { status: 'delivered' };
    else if (result.retryable === false || attempt >= this.options.maxAttempts) outcome = { status: 'dead' };
    else {
      const wait = Math.max(backoffDelay(attempt, this.deps.random(), this.options), Math.min(result.retryAfterMs ?? 0, this.options.maxDelayMs));
      outcome = { status: 'pending', nextAttemptAt: new Date(clock().getTime() + wait).toISOString() };
    }

    const fields = { deliveryId: delivery.id, kind: delivery.kind, target: delivery.target, attempt, status };
    try {
      await this.deps.store.recordAttempt(delivery.id, row, outcome);
    } catch (recordError) {
      // Sent but not recorded: the lease runs out and it is sent again with the same key (at least once).
      log.error({ ...fields, error: errorText(recordError) }, 'deliveries: could not record an attempt; it will be sent again');
      return;
    }
    if (outcome.status === 'delivered') log.debug(fields, 'deliveries: delivered');
    else if (outcome.status === 'pending') log.warn({ ...fields, error, nextAttemptAt: outcome.nextAttemptAt }, 'deliveries: attempt failed; will retry');
    else log.error({ ...fields, error }, 'deliveries: dead after a failed attempt');
  }

  private async sendWithTimeout(delivery: Delivery, sender: Sender, attempt: number): Promise<SendResult> {
    const controller = new AbortController();
    const timeoutMs = this.options.sendTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        resolve({ ok: false, error: `timed out after ${timeoutMs} ms` });
      }, timeoutMs);
    });
    // A send that ignores its signal is abandoned at the timeout: whatever it does later is not waited for.
    const sent = (async (): Promise<SendResult> => {
      try {
        const saveProgress = (parts: number) => this.deps.store.setProgress(delivery.id, parts);
        const result = await sender(delivery, { idempotencyKey: delivery.idempotencyKey, attempt, signal: controller.signal, progress: delivery.progress ?? 0, saveProgress });
        if (result?.ok === true || result?.ok === false) return result;
        return { ok: false, error: 'the sender answered neither ok nor an error' };
      } catch (error) {
        return { ok: false, error: errorText(error) };
      }
    })();
    try {
      return await Promise.race([sent, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
