import { statement, type Db } from './pool';
import type { TicketNote, TicketRow, TicketStore } from '../tickets';

const COLUMNS = `id, conversation_id AS "conversationId", bot_id AS "botId", status, subject, priority, tags, grp AS "group", fields, assignee,
  created_at AS "createdAt", updated_at AS "updatedAt", resolved_at AS "resolvedAt"`;

const S = {
  list: statement('tickets_list', `SELECT ${COLUMNS} FROM tickets WHERE ($1 = 'all' OR status = $1) ORDER BY created_at, id LIMIT 500`),
  get: statement('tickets_get', `SELECT ${COLUMNS} FROM tickets WHERE id = $1`),
  latestFor: statement('tickets_latest_for', `SELECT ${COLUMNS} FROM tickets WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`),
  openFor: statement('tickets_open_for', `SELECT ${COLUMNS} FROM tickets WHERE conversation_id = $1 AND status = 'open' ORDER BY id DESC LIMIT 1`),
  resolve: statement('tickets_resolve', `UPDATE tickets SET status = 'resolved', resolved_at = $1, updated_at = $1 WHERE id = $2 AND status = 'open'`),
  touch: statement('tickets_touch', 'UPDATE tickets SET updated_at = $1 WHERE id = $2'),
  update: statement('tickets_update', 'UPDATE tickets SET tags = $1, priority = $2, assignee = $3, updated_at = $4 WHERE id = $5'),
  notes: statement('tickets_notes', 'SELECT id, author, text, created_at AS "createdAt" FROM ticket_notes WHERE ticket_id = $1 ORDER BY id'),
  addNote: statement('tickets_add_note', 'INSERT INTO ticket_notes (ticket_id, author, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id'),
};

export class PgTicketStore implements TicketStore {
  constructor(private readonly db: Db) {}

  async list(status: 'open' | 'resolved' | 'all'): Promise<TicketRow[]> {
    return this.db.rows<TicketRow>(S.list, [status]);
  }

  async get(id: number): Promise<TicketRow | undefined> {
    return this.db.row<TicketRow>(S.get, [id]);
  }

  async latestFor(conversationId: string): Promise<TicketRow | undefined> {
    return this.db.row<TicketRow>(S.latestFor, [conversationId]);
  }

  async openFor(conversationId: string): Promise<TicketRow | undefined> {
    return this.db.row<TicketRow>(S.openFor, [conversationId]);
  }

  async resolve(id: number, now: string): Promise<boolean> {
    return (await this.db.run(S.resolve, [now, id])) > 0;
  }

  async touch(id: number, now: string): Promise<void> {
    await this.db.run(S.touch, [now, id]);
  }

  async notes(ticketId: number): Promise<TicketNote[]> {
    return this.db.rows<TicketNote>(S.notes, [ticketId]);
  }

  async addNote(ticketId: number, author: string, text: string, now: string): Promise<TicketNote> {
    const { id } = (await this.db.row<{ id: number }>(S.addNote, [ticketId, author, text, now]))!;
    return { id, author, text, createdAt: now };
  }

  async update(t: TicketRow, now: string): Promise<void> {
    await this.db.run(S.update, [JSON.stringify(t.tags), t.priority, t.assignee, now, t.id]);
  }
}
