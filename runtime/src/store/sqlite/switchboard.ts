import type { Db } from './db';
import { mergeInto, type SwitchboardRecord, type SwitchboardStore } from '../switchboard';

type Raw = Omit<SwitchboardRecord, 'passMetadata'> & { passMetadata: string };

export class SqliteSwitchboardStore implements SwitchboardStore {
  private readonly s;
  private readonly mergeTx: (conversationId: string, patch: Record<string, unknown>, now: string, maxChars: number) => Record<string, unknown> | undefined;

  constructor(db: Db) {
    this.s = {
      get: db.prepare(`SELECT conversation_id AS conversationId, offered_to AS offeredTo, release_step AS releaseStep, pass_metadata AS passMetadata,
        updated_at AS updatedAt FROM switchboard WHERE conversation_id = ?`),
      put: db.prepare(`INSERT INTO switchboard (conversation_id, offered_to, release_step, pass_metadata, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET offered_to = excluded.offered_to, release_step = excluded.release_step,
        pass_metadata = excluded.pass_metadata, updated_at = excluded.updated_at`),
      metadata: db.prepare('SELECT metadata FROM conversation_metadata WHERE conversation_id = ?'),
      putMetadata: db.prepare(`INSERT INTO conversation_metadata (conversation_id, metadata, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET metadata = excluded.metadata, updated_at = excluded.updated_at`),
    };
    this.mergeTx = db.transaction((conversationId: string, patch: Record<string, unknown>, now: string, maxChars: number) => {
      const next = mergeInto(this.read(conversationId), patch);
      const text = JSON.stringify(next);
      if (text.length > maxChars) return undefined;
      this.s.putMetadata.run(conversationId, text, now);
      return next;
    });
  }

  async get(conversationId: string): Promise<SwitchboardRecord | undefined> {
    const raw = this.s.get.get(conversationId) as Raw | undefined;
    return raw && { ...raw, passMetadata: JSON.parse(raw.passMetadata) as Record<string, unknown> };
  }

  async put(r: SwitchboardRecord): Promise<void> {
    this.s.put.run(r.conversationId, r.offeredTo, r.releaseStep, JSON.stringify(r.passMetadata), r.updatedAt);
  }

  async metadata(conversationId: string): Promise<Record<string, unknown>> {
    return this.read(conversationId);
  }

  async mergeMetadata(conversationId: string, patch: Record<string, unknown>, now: string, maxChars: number): Promise<Record<string, unknown> | undefined> {
    return this.mergeTx(conversationId, patch, now, maxChars);
  }

  private read(conversationId: string): Record<string, unknown> {
    const row = this.s.metadata.get(conversationId) as { metadata: string } | undefined;
    return row ? (JSON.parse(row.metadata) as Record<string, unknown>) : {};
  }
}
