import type { Db } from './db';
import type { TicketNote, TicketRow, TicketStore } from '../tickets';

interface RawTicket extends Omit<TicketRow, 'tags' | 'fields'> {
  tags: string;
  fields: string;
}

const COLUMNS = `id, conversation_id AS conversationId, bot_id AS botId, status, subject, priority, tags, grp AS "group", fields, assignee,
  created_at AS createdAt, updated_at AS updatedAt, resolved_at AS resolvedAt`;

const parse = (r: RawTicket): TicketRow => ({ ...r, tags: JSON.parse(r.tags) as string[], fields: JSON.parse(r.fields) as Record<string, unknown> });

export class SqliteTicketStore implements TicketStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      list: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE (@status = 'all' OR status = @status) ORDER BY created_at, id LIMIT 500`),
      get: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE id = ?`),
      latestFor: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE conversation_id = ? ORDER BY id DESC LIMIT 1`),
      openFor: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE conversation_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`),
      resolve: db.prepare(`UPDATE tickets SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ? AND status = 'open'`),
      touch: db.prepare('UPDATE tickets SET updated_at = ? WHERE id = ?'),
      update: db.prepare('UPDATE tickets SET tags = ?, priority = ?, assignee = ?, updated_at = ? WHERE id = ?'),
      notes: db.prepare('SELECT id, author, text, created_at AS createdAt FROM ticket_notes WHERE ticket_id = ? ORDER BY id'),
      addNote: db.prepare('INSERT INTO ticket_notes (ticket_id, author, text, created_at) VALUES (?, ?, ?, ?)'),
    };
  }

  async list(status: 'open' | 'resolved' | 'all'): Promise<TicketRow[]> {
    return (this.stmts.list.all({ status }) as RawTicket[]).map(parse);
  }

  async get(id: number): Promise<TicketRow | undefined> {
    const r = this.stmts.get.get(id) as RawTicket | undefined;
    return r && parse(r);
  }

  async latestFor(conversationId: string): Promise<TicketRow | undefined> {
    const r = this.stmts.latestFor.get(conversationId) as RawTicket | undefined;
    return r && parse(r);
  }

  async openFor(conversationId: string): Promise<TicketRow | undefined> {
    const r = this.stmts.openFor.get(conversationId) as RawTicket | undefined;
    return r && parse(r);
  }

  async resolve(id: number, now: string): Promise<boolean> {
    return this.stmts.resolve.run(now, now, id).changes > 0;
  }

  async touch(id: number, now: string): Promise<void> {
    this.stmts.touch.run(now, id);
  }

  async notes(ticketId: number): Promise<TicketNote[]> {
    return this.stmts.notes.all(ticketId) as TicketNote[];
  }

  async addNote(ticketId: number, author: string, text: string, now: string): Promise<TicketNote> {
    const id = Number(this.stmts.addNote.run(ticketId, author, text, now).lastInsertRowid);
    return { id, author, text, createdAt: now };
  }

  async update(t: TicketRow, now: string): Promise<void> {
    this.stmts.update.run(JSON.stringify(t.tags), t.priority, t.assignee, now, t.id);
  }
}
