import { statement, type Db } from './pool';
import type { Identity } from '../profiles';
import type { Admission, NotificationChange, NotificationRow, NotificationStore } from '../notifications';

const COLUMNS = `id, bot_id AS "botId", profile_id AS "profileId", channel, address, status, conversation_id AS "conversationId", text,
  start_at AS "startAt", delivery, created_at AS "createdAt", created_by AS "createdBy", sent_at AS "sentAt", error`;

const N = {
  // One customer's notifications are counted and added one request at a time: the count cannot go stale before the insert.
  lock: statement('notifications_lock', 'SELECT pg_advisory_xact_lock(hashtext($1)) AS locked'),
  counted: statement(
    'notifications_counted',
    `SELECT COUNT(*)::int AS n, MIN(created_at) AS oldest FROM notifications WHERE profile_id = $1 AND created_at > $2 AND status <> 'opted_out'`,
  ),
  insert: statement(
    'notifications_insert',
    `INSERT INTO notifications (id, bot_id, profile_id, channel, address, status, conversation_id, text, start_at, delivery, created_at, created_by,
      sent_at, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  ),
  get: statement('notifications_get', `SELECT ${COLUMNS} FROM notifications WHERE id = $1`),
  update: statement(
    'notifications_update',
    `UPDATE notifications SET status = COALESCE($2, status), conversation_id = COALESCE($3, conversation_id), delivery = COALESCE($4, delivery),
      sent_at = COALESCE($5, sent_at), error = COALESCE($6, error) WHERE id = $1`,
  ),
  profileOf: statement('notifications_profile_of', 'SELECT profile_id AS id FROM customer_identities WHERE kind = $1 AND value = $2'),
  identities: statement('notifications_identities', 'SELECT kind, value FROM customer_identities WHERE profile_id = $1 ORDER BY created_at, kind, value'),
  take: statement(
    'notifications_take_web',
    `UPDATE notifications SET status = 'sent', sent_at = $3 WHERE id = (SELECT id FROM notifications
      WHERE channel = 'web' AND status = 'queued' AND address = $1 AND bot_id = $2 ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
  ),
  giveBack: statement('notifications_give_back', `UPDATE notifications SET status = 'queued', sent_at = NULL, conversation_id = NULL WHERE id = $1 AND channel = 'web'`),
  optOut: statement('notifications_opt_out', 'INSERT INTO notification_optouts (kind, value, source, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING'),
  optIn: statement('notifications_opt_in', 'DELETE FROM notification_optouts WHERE kind = $1 AND value = $2'),
  optedOut: statement('notifications_opted_out', 'SELECT 1 AS x FROM notification_optouts WHERE kind = $1 AND value = $2'),
};

export class PgNotificationStore implements NotificationStore {
  constructor(private readonly db: Db) {}

  async create(row: NotificationRow, limit: { max: number; since: string }): Promise<Admission> {
    return this.db.tx(async (q) => {
      await q.row(N.lock, [`notifications:${row.profileId}`]);
      const counted = (await q.row<{ n: number; oldest: string | null }>(N.counted, [row.profileId, limit.since]))!;
      if (row.status !== 'opted_out' && counted.n >= limit.max) return { ok: false, oldestAt: counted.oldest ?? limit.since };
      await q.run(N.insert, [
        row.id,
        row.botId,
        row.profileId,
        row.channel,
        row.address,
        row.status,
        row.conversationId,
        row.text,
        row.startAt,
        row.delivery,
        row.createdAt,
        row.createdBy,
        row.sentAt,
        row.error,
      ]);
      return { ok: true };
    });
  }

  async get(id: string): Promise<NotificationRow | undefined> {
    return this.db.row<NotificationRow>(N.get, [id]);
  }

  async update(id: string, change: NotificationChange): Promise<void> {
    await this.db.run(N.update, [id, change.status ?? null, change.conversationId ?? null, change.delivery ?? null, change.sentAt ?? null, change.error ?? null]);
  }

  async customer(identity: Identity): Promise<{ profileId: string; identities: Identity[] } | undefined> {
    const row = await this.db.row<{ id: string }>(N.profileOf, [identity.kind, identity.value]);
    if (!row) return undefined;
    return { profileId: row.id, identities: await this.db.rows<Identity>(N.identities, [row.id]) };
  }

  async takeWebNotice(visitorId: string, botId: string, at: string): Promise<NotificationRow | undefined> {
    return this.db.row<NotificationRow>(N.take, [visitorId, botId, at]);
  }

  async returnWebNotice(id: string): Promise<void> {
    await this.db.run(N.giveBack, [id]);
  }

  async optOut(identity: Identity, at: string, source: string): Promise<void> {
    await this.db.run(N.optOut, [identity.kind, identity.value, source, at]);
  }

  async optIn(identity: Identity): Promise<boolean> {
    return (await this.db.run(N.optIn, [identity.kind, identity.value])) === 1;
  }

  async isOptedOut(identity: Identity): Promise<boolean> {
    return (await this.db.row(N.optedOut, [identity.kind, identity.value])) !== undefined;
  }
}
