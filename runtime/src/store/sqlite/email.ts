import type { Db } from './db';
import type { EmailStore, EmailThread } from '../email';

export class SqliteEmailStore implements EmailStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      touch: db.prepare(`INSERT INTO conversation_presence (conversation_id, last_seen_at) VALUES (?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`),
      seen: db.prepare('SELECT last_seen_at FROM conversation_presence WHERE conversation_id = ?'),
      emailed: db.prepare(`INSERT INTO email_threads (conversation_id, address, last_emailed_seq, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET address = excluded.address,
          last_emailed_seq = MAX(last_emailed_seq, excluded.last_emailed_seq), updated_at = excluded.updated_at`),
      thread: db.prepare('SELECT conversation_id, address, last_emailed_seq, updated_at FROM email_threads WHERE conversation_id = ?'),
    };
  }

  async touchPresence(conversationId: string, at: string): Promise<void> {
    this.s.touch.run(conversationId, at);
  }

  async lastSeen(conversationId: string): Promise<string | undefined> {
    return (this.s.seen.get(conversationId) as { last_seen_at: string } | undefined)?.last_seen_at;
  }

  async recordEmailed(conversationId: string, address: string, seq: number, at: string): Promise<void> {
    this.s.emailed.run(conversationId, address, seq, at);
  }

  async thread(conversationId: string): Promise<EmailThread | undefined> {
    const row = this.s.thread.get(conversationId) as { conversation_id: string; address: string; last_emailed_seq: number; updated_at: string } | undefined;
    return row && { conversationId: row.conversation_id, address: row.address, lastEmailedSeq: row.last_emailed_seq, updatedAt: row.updated_at };
  }
}
