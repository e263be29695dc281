import { statement, type Db } from './pool';
import type { AttemptOutcome, Delivery, DeliveryAttempt, DeliveryFilter, DeliveryStore, NewDelivery } from '../deliveries';

const COLUMNS = `id, kind, target, idempotency_key AS "idempotencyKey", payload, status, attempts, next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt", progress`;

const S = {
  insert: statement(
    'deliveries_insert',
    `INSERT INTO deliveries (kind, target, idempotency_key, payload, status, attempts, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) ON CONFLICT (kind, idempotency_key) DO NOTHING RETURNING id`,
  ),
  // One statement: the due rows are locked as they are chosen, rows another worker holds are skipped, and the lease
  // is written before the locks go, so no two workers (or processes) ever take the same delivery.
  claim: statement(
    'deliveries_claim',
    `WITH due AS (
       SELECT id, next_attempt_at AS due_at FROM deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT $3
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE deliveries d SET next_attempt_at = $2 FROM due WHERE d.id = due.id
       RETURNING d.id, d.kind, d.target, d.idempotency_key, d.payload, d.status, d.attempts, d.next_attempt_at,
         d.last_error, d.created_at, d.delivered_at, d.progress, due.due_at
     )
     SELECT ${COLUMNS} FROM leased ORDER BY due_at, id`,
  ),
  attempt: statement('deliveries_attempt', 'INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, status, error, ms) VALUES ($1, $2, $3, $4, $5, $6, $7)'),
  outcome: statement(
    'deliveries_outcome',
    `UPDATE deliveries SET status = $1, attempts = $2, next_attempt_at = COALESCE($3, next_attempt_at), last_error = $4, delivered_at = $5
     WHERE id = $6`,
  ),
  list: statement(
    'deliveries_list',
    `SELECT ${COLUMNS} FROM deliveries WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
     AND ($4::text IS NULL OR target = $4) ORDER BY id DESC LIMIT $3`,
  ),
  // One receiver's deliveries walk the deliveries_target index backwards, however many other deliveries there are.
  byTarget: statement(
    'deliveries_by_target',
    `SELECT ${COLUMNS} FROM deliveries WHERE kind = $2 AND target = $4 AND ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $3`,
  ),
  progress: statement('deliveries_progress', 'UPDATE deliveries SET progress = GREATEST(progress, $1) WHERE id = $2'),
  get: statement('deliveries_get', `SELECT ${COLUMNS} FROM deliveries WHERE id = $1`),
  log: statement('deliveries_log', 'SELECT attempt, at, ok, status, error, ms FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt'),
  revive: statement('deliveries_revive', `UPDATE deliveries SET status = 'pending', next_attempt_at = $1, last_error = NULL WHERE id = $2 AND status = 'dead'`),
  // Their attempt logs go with them (ON DELETE CASCADE).
  prune: statement('deliveries_prune', `DELETE FROM deliveries WHERE status = 'delivered' AND delivered_at < $1`),
};

export class PgDeliveryStore implements DeliveryStore {
  constructor(private readonly db: Db) {}

  async enqueue(d: NewDelivery, now: string): Promise<number | null> {
    return (await this.db.row<{ id: number }>(S.insert, [d.kind, d.target, d.idempotencyKey, JSON.stringify(d.payload ?? null), now]))?.id ?? null;
  }

  async claimDue(now: string, leaseUntil: string, limit: number): Promise<Delivery[]> {
    return this.db.rows<Delivery>(S.claim, [now, leaseUntil, limit]);
  }

  async setProgress(id: number, parts: number): Promise<void> {
    await this.db.run(S.progress, [parts, id]);
  }

  async recordAttempt(id: number, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(S.attempt, [id, attempt.attempt, attempt.at, attempt.ok, attempt.status, attempt.error, attempt.ms]);
      await q.run(S.outcome, [
        outcome.status,
        attempt.attempt,
        outcome.status === 'pending' ? outcome.nextAttemptAt : null,
        attempt.ok ? null : attempt.error,
        outcome.status === 'delivered' ? attempt.at : null,
        id,
      ]);
    });
  }

  async list(filter: DeliveryFilter): Promise<Delivery[]> {
    const params = [filter.status ?? null, filter.kind ?? null, filter.limit, filter.target ?? null];
    return this.db.rows<Delivery>(filter.kind !== undefined && filter.target !== undefined ? S.byTarget : S.list, params);
  }

  async get(id: number): Promise<(Delivery & { log: DeliveryAttempt[] }) | undefined> {
    const row = await this.db.row<Delivery>(S.get, [id]);
    if (!row) return undefined;
    const log = await this.db.rows<DeliveryAttempt>(S.log, [id]);
    return { ...row, log };
  }

  async revive(id: number, now: string): Promise<boolean> {
    return (await this.db.run(S.revive, [now, id])) > 0;
  }

  async prune(before: string): Promise<number> {
    return this.db.run(S.prune, [before]);
  }
}
