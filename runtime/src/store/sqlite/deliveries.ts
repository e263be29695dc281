import type { Db } from './db';
import type { AttemptOutcome, Delivery, DeliveryAttempt, DeliveryFilter, DeliveryStore, NewDelivery } from '../deliveries';

const COLUMNS = `id, kind, target, idempotency_key AS idempotencyKey, payload, status, attempts, next_attempt_at AS nextAttemptAt,
  last_error AS lastError, created_at AS createdAt, delivered_at AS deliveredAt, progress`;

type Raw = Omit<Delivery, 'payload'> & { payload: string };
const parse = (r: Raw): Delivery => ({ ...r, payload: JSON.parse(r.payload) as unknown });

export class SqliteDeliveryStore implements DeliveryStore {
  private readonly s;
  private readonly claimTx: (now: string, leaseUntil: string, limit: number) => Delivery[];
  private readonly recordTx: (id: number, attempt: DeliveryAttempt, outcome: AttemptOutcome) => void;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO deliveries (kind, target, idempotency_key, payload, status, attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (kind, idempotency_key) DO NOTHING RETURNING id`),
      due: db.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
      lease: db.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?'),
      attempt: db.prepare('INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, status, error, ms) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      outcome: db.prepare(`UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?,
        delivered_at = ? WHERE id = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)
        AND (@target IS NULL OR target = @target) ORDER BY id DESC LIMIT @limit`),
      // One receiver's deliveries walk the deliveries_target index backwards, however many other deliveries there are.
      byTarget: db.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE kind = @kind AND target = @target AND (@status IS NULL OR status = @status)
        ORDER BY id DESC LIMIT @limit`),
      get: db.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE id = ?`),
      progress: db.prepare('UPDATE deliveries SET progress = MAX(progress, ?) WHERE id = ?'),
      log: db.prepare('SELECT attempt, at, ok, status, error, ms FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt'),
      revive: db.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = NULL WHERE id = ? AND status = 'dead'`),
      pruneLogs: db.prepare(`DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE status = 'delivered' AND delivered_at < ?)`),
      prune: db.prepare(`DELETE FROM deliveries WHERE status = 'delivered' AND delivered_at < ?`),
    };
    // One writer at a time in SQLite: reading the due rows and leasing them in one transaction is enough.
    this.claimTx = db.transaction((now: string, leaseUntil: string, limit: number) => {
      const rows = (this.s.due.all(now, limit) as Raw[]).map(parse);
      for (const r of rows) this.s.lease.run(leaseUntil, r.id);
      return rows.map((r) => ({ ...r, nextAttemptAt: leaseUntil }));
    });
    this.recordTx = db.transaction((id: number, attempt: DeliveryAttempt, outcome: AttemptOutcome) => {
      this.s.attempt.run(id, attempt.attempt, attempt.at, attempt.ok ? 1 : 0, attempt.status, attempt.error, attempt.ms);
      this.s.outcome.run(outcome.status, attempt.attempt, outcome.status === 'pending' ? outcome.nextAttemptAt : null, attempt.ok ? null : attempt.error, outcome.status === 'delivered' ? attempt.at : null, id);
    });
  }

  async enqueue(d: NewDelivery, now: string): Promise<number | null> {
    const row = this.s.insert.get(d.kind, d.target, d.idempotencyKey, JSON.stringify(d.payload ?? null), now, now) as { id: number } | undefined;
    return row?.id ?? null;
  }

  async claimDue(now: string, leaseUntil: string, limit: number): Promise<Delivery[]> {
    return this.claimTx(now, leaseUntil, limit);
  }

  async setProgress(id: number, parts: number): Promise<void> {
    this.s.progress.run(parts, id);
  }

  async recordAttempt(id: number, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void> {
    this.recordTx(id, attempt, outcome);
  }

  async list(filter: DeliveryFilter): Promise<Delivery[]> {
    const params = { status: filter.status ?? null, kind: filter.kind ?? null, target: filter.target ?? null, limit: filter.limit };
    return ((filter.kind !== undefined && filter.target !== undefined ? this.s.byTarget : this.s.list).all(params) as Raw[]).map(parse);
  }

  async get(id: number): Promise<(Delivery & { log: DeliveryAttempt[] }) | undefined> {
    const row = this.s.get.get(id) as Raw | undefined;
    if (!row) return undefined;
    const log = (this.s.log.all(id) as (Omit<DeliveryAttempt, 'ok'> & { ok: number })[]).map((a) => ({ ...a, ok: a.ok === 1 }));
    return { ...parse(row), log };
  }

  async revive(id: number, now: string): Promise<boolean> {
    return this.s.revive.run(now, id).changes > 0;
  }

  async prune(before: string): Promise<number> {
    return this.db.transaction(() => {
      this.s.pruneLogs.run(before);
      return this.s.prune.run(before).changes;
    })();
  }
}
