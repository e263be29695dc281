import { statement, type Db } from './pool';
import { mergeInto, type SwitchboardRecord, type SwitchboardStore } from '../switchboard';

// pg parses `json` columns itself; the text form is accepted too, in case a pool turns that parser off.
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const S = {
  get: statement(
    'switchboard_get',
    `SELECT conversation_id AS "conversationId", offered_to AS "offeredTo", release_step AS "releaseStep", pass_metadata AS "passMetadata",
     updated_at AS "updatedAt" FROM switchboard WHERE conversation_id = $1`,
  ),
  put: statement(
    'switchboard_put',
    `INSERT INTO switchboard (conversation_id, offered_to, release_step, pass_metadata, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (conversation_id) DO UPDATE SET offered_to = excluded.offered_to, release_step = excluded.release_step,
     pass_metadata = excluded.pass_metadata, updated_at = excluded.updated_at`,
  ),
  metadata: statement('switchboard_metadata', 'SELECT metadata FROM conversation_metadata WHERE conversation_id = $1'),
  // Merges of one conversation's metadata apply one after the other, a first merge (no row to lock yet) included.
  lock: statement('switchboard_metadata_lock', `SELECT pg_advisory_xact_lock(hashtextextended('parley.metadata:' || $1, 0))`),
  putMetadata: statement(
    'switchboard_put_metadata',
    `INSERT INTO conversation_metadata (conversation_id, metadata, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (conversation_id) DO UPDATE SET metadata = excluded.metadata, updated_at = excluded.updated_at`,
  ),
};

export class PgSwitchboardStore implements SwitchboardStore {
  constructor(private readonly db: Db) {}

  async get(conversationId: string): Promise<SwitchboardRecord | undefined> {
    const row = await this.db.row<SwitchboardRecord>(S.get, [conversationId]);
    return row && { ...row, passMetadata: json<Record<string, unknown>>(row.passMetadata) };
  }

  async put(r: SwitchboardRecord): Promise<void> {
    await this.db.run(S.put, [r.conversationId, r.offeredTo, r.releaseStep, JSON.stringify(r.passMetadata), r.updatedAt]);
  }

  async metadata(conversationId: string): Promise<Record<string, unknown>> {
    const row = await this.db.row<{ metadata: unknown }>(S.metadata, [conversationId]);
    return row ? json<Record<string, unknown>>(row.metadata) : {};
  }

  async mergeMetadata(conversationId: string, patch: Record<string, unknown>, now: string, maxChars: number): Promise<Record<string, unknown> | undefined> {
    return this.db.tx(async (q) => {
      await q.run(S.lock, [conversationId]);
      const row = await q.row<{ metadata: unknown }>(S.metadata, [conversationId]);
      const next = mergeInto(row ? json<Record<string, unknown>>(row.metadata) : {}, patch);
      const text = JSON.stringify(next);
      if (text.length > maxChars) return undefined;
      await q.run(S.putMetadata, [conversationId, text, now]);
      return next;
    });
  }
}
