import type { Db } from './db';
import type { Identity } from '../profiles';
import type { Admission, NotificationChange, NotificationRow, NotificationStore } from '../notifications';

const COLUMNS = `id, bot_id AS botId, profile_id AS profileId, channel, address, status, conversation_id AS conversationId, text,
  start_at AS startAt, delivery, created_at AS createdAt, created_by AS createdBy, sent_at AS sentAt, error`;

export class SqliteNotificationStore implements NotificationStore {
  private readonly s;
  private readonly createTx: (row: NotificationRow, limit: { max: number; since: string }) => Admission;

  constructor(db: Db) {
    this.s = {
      counted: db.prepare(`SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM notifications
        WHERE profile_id = ? AND created_at > ? AND status <> 'opted_out'`),
      insert: db.prepare(`INSERT INTO notifications (id, bot_id, profile_id, channel, address, status, conversation_id, text, start_at, delivery,
        created_at, created_by, sent_at, error) VALUES (@id, @botId, @profileId, @channel, @address, @status, @conversationId, @text, @startAt,
        @delivery, @createdAt, @createdBy, @sentAt, @error)`),
      get: db.prepare(`SELECT ${COLUMNS} FROM notifications WHERE id = ?`),
      update: db.prepare(`UPDATE notifications SET status = COALESCE(@status, status), conversation_id = COALESCE(@conversationId, conversation_id),
        delivery = COALESCE(@delivery, delivery), sent_at = COALESCE(@sentAt, sent_at), error = COALESCE(@error, error) WHERE id = @id`),
      profileOf: db.prepare('SELECT profile_id AS id FROM customer_identities WHERE kind = ? AND value = ?'),
      identities: db.prepare('SELECT kind, value FROM customer_identities WHERE profile_id = ? ORDER BY created_at, kind, value'),
      take: db.prepare(`UPDATE notifications SET status = 'sent', sent_at = @at WHERE id = (SELECT id FROM notifications
        WHERE channel = 'web' AND status = 'queued' AND address = @visitorId AND bot_id = @botId ORDER BY created_at, id LIMIT 1)
        RETURNING ${COLUMNS}`),
      giveBack: db.prepare(`UPDATE notifications SET status = 'queued', sent_at = NULL, conversation_id = NULL WHERE id = ? AND channel = 'web'`),
      optOut: db.prepare('INSERT INTO notification_optouts (kind, value, source, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      optIn: db.prepare('DELETE FROM notification_optouts WHERE kind = ? AND value = ?'),
      optedOut: db.prepare('SELECT 1 AS x FROM notification_optouts WHERE kind = ? AND value = ?'),
    };
    this.createTx = db.transaction((row: NotificationRow, limit: { max: number; since: string }): Admission => {
      const counted = this.s.counted.get(row.profileId, limit.since) as { n: number; oldest: string | null };
      if (row.status !== 'opted_out' && counted.n >= limit.max) return { ok: false, oldestAt: counted.oldest ?? limit.since };
      this.s.insert.run(row);
      return { ok: true };
    });
  }

  async create(row: NotificationRow, limit: { max: number; since: string }): Promise<Admission> {
    return this.createTx(row, limit);
  }

  async get(id: string): Promise<NotificationRow | undefined> {
    return this.s.get.get(id) as NotificationRow | undefined;
  }

  async update(id: string, change: NotificationChange): Promise<void> {
    this.s.update.run({ id, status: null, conversationId: null, delivery: null, sentAt: null, error: null, ...change });
  }

  async customer(identity: Identity): Promise<{ profileId: string; identities: Identity[] } | undefined> {
    const row = this.s.profileOf.get(identity.kind, identity.value) as { id: string } | undefined;
    if (!row) return undefined;
    return { profileId: row.id, identities: this.s.identities.all(row.id) as Identity[] };
  }

  async takeWebNotice(visitorId: string, botId: string, at: string): Promise<NotificationRow | undefined> {
    return this.s.take.get({ visitorId, botId, at }) as NotificationRow | undefined;
  }

  async returnWebNotice(id: string): Promise<void> {
    this.s.giveBack.run(id);
  }

  async optOut(identity: Identity, at: string, source: string): Promise<void> {
    this.s.optOut.run(identity.kind, identity.value, source, at);
  }

  async optIn(identity: Identity): Promise<boolean> {
    return this.s.optIn.run(identity.kind, identity.value).changes === 1;
  }

  async isOptedOut(identity: Identity): Promise<boolean> {
    return this.s.optedOut.get(identity.kind, identity.value) !== undefined;
  }
}
