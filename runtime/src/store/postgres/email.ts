import { statement, type Db } from './pool';
import type { EmailStore, EmailThread } from '../email';

const S = {
  touch: statement(
    'email_touch',
    `INSERT INTO conversation_presence (conversation_id, last_seen_at) VALUES ($1, $2)
     ON CONFLICT (conversation_id) DO UPDATE SET last_seen_at = GREATEST(conversation_presence.last_seen_at, excluded.last_seen_at)`,
  ),
  seen: statement('email_seen', 'SELECT last_seen_at FROM conversation_presence WHERE conversation_id = $1'),
  emailed: statement(
    'email_emailed',
    `INSERT INTO email_threads (conversation_id, address, last_emailed_seq, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (conversation_id) DO UPDATE SET address = excluded.address,
       last_emailed_seq = GREATEST(email_threads.last_emailed_seq, excluded.last_emailed_seq), updated_at = excluded.updated_at`,
  ),
  thread: statement('email_thread', 'SELECT conversation_id, address, last_emailed_seq, updated_at FROM email_threads WHERE conversation_id = $1'),
};

export class PgEmailStore implements EmailStore {
  constructor(private readonly db: Db) {}

  async touchPresence(conversationId: string, at: string): Promise<void> {
    await this.db.run(S.touch, [conversationId, at]);
  }

  async lastSeen(conversationId: string): Promise<string | undefined> {
    return (await this.db.row<{ last_seen_at: string }>(S.seen, [conversationId]))?.last_seen_at;
  }

  async recordEmailed(conversationId: string, address: string, seq: number, at: string): Promise<void> {
    await this.db.run(S.emailed, [conversationId, address, seq, at]);
  }

  async thread(conversationId: string): Promise<EmailThread | undefined> {
    const row = await this.db.row<{ conversation_id: string; address: string; last_emailed_seq: number; updated_at: string }>(S.thread, [conversationId]);
    return row && { conversationId: row.conversation_id, address: row.address, lastEmailedSeq: row.last_emailed_seq, updatedAt: row.updated_at };
  }
}
