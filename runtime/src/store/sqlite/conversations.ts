import type { Db } from './db';
import { SqliteAnalyticsStore } from './analytics';
import { KeyedQueue } from '../../engine/keyedQueue';
import type { PersistedState, ConversationStatus, Message, Visitor } from '@parley/shared';
import { ConflictError, type ConversationKey, type ConversationRow, type NewConversation, type ConversationStore, type OutboxRow, type TurnWrite, type TurnWritten } from '../conversations';

interface RawRow extends Omit<ConversationRow, 'state' | 'visitor'> {
  state: string | null;
  visitor: string;
}

const COLUMNS = `id, bot_id AS botId, flow_version AS flowVersion, status, state, node_id AS nodeId, row_version AS rowVersion,
  last_seq AS lastSeq, token_hash AS tokenHash, visitor_id AS visitorId, visitor, preview, force_hours AS forceHours, ip, verified,
  created_at AS createdAt, updated_at AS updatedAt, holder`;

export class SqliteConversationStore implements ConversationStore {
  private readonly stmts;
  private readonly turns = new KeyedQueue();
  // Wrapped once: better-sqlite3's transaction() builds a new wrapper (and its deferred/immediate/exclusive variants) per call.
  private readonly commitTx: (write: TurnWrite, lastSeq: number, botId: string) => TurnWritten;

  /**
   * @param instance names this process in the outbox rows it writes, so a process tailing the outbox can tell the
   * changes other processes committed (which its own streams have not seen) from its own.
   */
  constructor(
    private readonly db: Db,
    private readonly instance: string,
    private readonly analytics: SqliteAnalyticsStore = new SqliteAnalyticsStore(db),
  ) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO conversations (id, bot_id, flow_version, status, state, node_id, row_version, last_seq, token_hash, visitor_id, visitor, preview, force_hours, ip, verified, created_at, updated_at)
        VALUES (?, ?, ?, 'active', NULL, NULL, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      get: db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`),
      key: db.prepare('SELECT id, bot_id AS botId, status, last_seq AS lastSeq, token_hash AS tokenHash, visitor_id AS visitorId FROM conversations WHERE id = ?'),
      update: db.prepare(`UPDATE conversations SET status = ?, state = ?, node_id = ?, row_version = row_version + 1, last_seq = ?, updated_at = ?,
        holder = CASE WHEN ? THEN ? ELSE holder END WHERE id = ? AND row_version = ?`),
      insertMessage: db.prepare('INSERT INTO messages (conversation_id, seq, author, payload, node_id, created_at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      byClientId: db.prepare('SELECT seq FROM messages WHERE conversation_id = ? AND client_id = ?'),
      messagesAfter: db.prepare(`SELECT seq, author, payload, node_id AS nodeId, created_at AS createdAt FROM messages
        WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
      // The same window as messagesAfter (seqs have no gaps, so "the next `limit` after `after`" is a seq range), but only
      // rows whose stored JSON contains the needle, newest first: one backward walk of the key, no sort.
      recentContaining: db.prepare(`SELECT payload FROM messages WHERE conversation_id = ? AND seq > ? AND seq <= ? AND instr(payload, ?) > 0 ORDER BY seq DESC`),
      insertTicket: db.prepare(`INSERT INTO tickets (conversation_id, bot_id, status, subject, priority, tags, grp, fields, created_at, updated_at)
        VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`),
      outbox: db.prepare('INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)'),
      delivery: db.prepare(`INSERT INTO deliveries (kind, target, idempotency_key, payload, status, attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (kind, idempotency_key) DO NOTHING`),
      resolveTicket: db.prepare(`UPDATE tickets SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ? AND status = 'open'`),
      byVisitor: db.prepare(`SELECT ${COLUMNS} FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC LIMIT 20`),
      pruneOutbox: db.prepare('DELETE FROM outbox WHERE created_at < ?'),
      outboxHead: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM outbox'),
      outboxAfter: db.prepare('SELECT id, topic, payload FROM outbox WHERE id > ? ORDER BY id LIMIT ?'),
      addToken: db.prepare('INSERT INTO conversation_tokens (conversation_id, token_hash, created_at) VALUES (?, ?, ?)'),
      hasToken: db.prepare('SELECT 1 FROM conversation_tokens WHERE conversation_id = ? AND token_hash = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM conversations'),
      latestOpenFor: db.prepare(`SELECT id FROM conversations WHERE visitor_id = ? AND bot_id = ? AND status != 'ended' AND preview = 0 ORDER BY created_at DESC LIMIT 1`),
    };
    this.commitTx = db.transaction((write: TurnWrite, lastSeq: number, botId: string) => this.writeTurn(write, lastSeq, botId));
  }

  async create(row: NewConversation): Promise<void> {
    const preview = row.flowVersion < 0 ? 1 : 0;
    this.stmts.insert.run(row.id, row.botId, row.flowVersion, row.tokenHash, row.visitorId, JSON.stringify(row.visitor), preview, row.forceHours ?? null, row.ip ?? null, row.verified ? 1 : 0, row.now, row.now);
  }

  /**
   * One process on one file: turns of a conversation run one after another in this process (the engine queues them
   * too, so this queue is normally uncontended). Writers in other processes are caught by the row version.
   */
  async withTurnLock<T>(id: string, run: () => Promise<T>): Promise<T> {
    return this.turns.run(id, run);
  }

  async count(): Promise<number> {
    return (this.stmts.count.get() as { n: number }).n;
  }

  async get(id: string): Promise<ConversationRow | undefined> {
    const raw = this.stmts.get.get(id) as RawRow | undefined;
    if (!raw) return undefined;
    // Stored state was written by this runtime from a compiled machine: trusted, so parsed without re-validation.
    return { ...raw, state: raw.state === null ? null : (JSON.parse(raw.state) as PersistedState), visitor: JSON.parse(raw.visitor) as Visitor };
  }

  async key(id: string): Promise<ConversationKey | undefined> {
    return this.stmts.key.get(id) as ConversationKey | undefined;
  }

  async byVisitor(visitorId: string): Promise<ConversationRow[]> {
    return (this.stmts.byVisitor.all(visitorId) as RawRow[]).map((raw) => ({
      ...raw,
      state: null,
      visitor: JSON.parse(raw.visitor) as Visitor,
    }));
  }

  async messagesAfter(id: string, after: number, limit = 500): Promise<Message[]> {
    return (this.stmts.messagesAfter.all(id, after, limit) as { seq: number; author: Message['author']; payload: string; nodeId: string | null; createdAt: string }[]).map(
      (r) => ({ ...r, payload: JSON.parse(r.payload) as Message['payload'] }),
    );
  }

  /**
   * Among the same messages as `messagesAfter(id, after, limit)`, newest first, the first answer `pick` gives for a
   * message whose stored JSON contains `needle`. SQLite does the substring filter, so only candidates reach
   * JavaScript and are parsed, and the search stops at the first hit.
   */
  async findRecent<T>(id: string, after: number, limit: number, needle: string, pick: (payload: Message['payload']) => T | undefined): Promise<T | undefined> {
    for (const row of this.stmts.recentContaining.iterate(id, after, after + limit, needle) as IterableIterator<{ payload: string }>) {
      const found = pick(JSON.parse(row.payload) as Message['payload']);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * Writes a turn: state, messages, any ticket and the outbox events, atomically. The row version check makes a
   * turn computed from a stale read fail instead of overwriting a newer one.
   */
  async commitTurn(write: TurnWrite, lastSeq: number, botId: string): Promise<TurnWritten> {
    return this.commitTx(write, lastSeq, botId);
  }

  private writeTurn(write: TurnWrite, lastSeq: number, botId: string): TurnWritten {
    const stored: Message[] = write.messages.map(({ clientId: _, ...m }, i) => ({ ...m, seq: lastSeq + i + 1, createdAt: write.now }));
    const updated = this.stmts.update.run(
      write.status,
      write.state === null ? null : JSON.stringify(write.state),
      write.nodeId,
      lastSeq + stored.length,
      write.now,
      write.holder === undefined ? 0 : 1,
      write.holder ?? null,
      write.id,
      write.expectedRowVersion,
    );
    if (updated.changes !== 1) throw new ConflictError();
    stored.forEach((m, i) => this.stmts.insertMessage.run(write.id, m.seq, m.author, JSON.stringify(m.payload), m.nodeId, write.now, write.messages[i]!.clientId ?? null));
    let ticketId: number | null = null;
    if (write.ticket) {
      const t = write.ticket;
      ticketId = Number(
        this.stmts.insertTicket.run(write.id, botId, t.subject, t.priority, JSON.stringify(t.tags), t.group, JSON.stringify(t.fields), write.now, write.now).lastInsertRowid,
      );
      this.stmts.outbox.run('ticket.created', JSON.stringify({ ticketId, conversationId: write.id, by: this.instance }), write.now);
    }
    if (write.resolveTicketId !== undefined) {
      if (this.stmts.resolveTicket.run(write.now, write.now, write.resolveTicketId).changes !== 1) throw new ConflictError();
      this.stmts.outbox.run('ticket.resolved', JSON.stringify({ ticketId: write.resolveTicketId, conversationId: write.id, by: this.instance }), write.now);
    }
    if (stored.length > 0) {
      this.stmts.outbox.run('messages', JSON.stringify({ conversationId: write.id, from: stored[0]!.seq, to: stored.at(-1)!.seq, status: write.status, by: this.instance }), write.now);
    }
    for (const d of write.deliveries ?? []) this.stmts.delivery.run(d.kind, d.target, d.idempotencyKey, JSON.stringify(d.payload ?? null), write.now, write.now);
    if (write.analytics) this.analytics.record(write.analytics);
    return { messages: stored, ticketId, rowVersion: write.expectedRowVersion + 1 };
  }

  /** The customer message a client already sent with this id, and what answered it (up to the next customer message). */
  async replayOf(id: string, clientId: string): Promise<Message[] | undefined> {
    const hit = this.stmts.byClientId.get(id, clientId) as { seq: number } | undefined;
    if (!hit) return undefined;
    const after = await this.messagesAfter(id, hit.seq - 1, 200);
    const next = after.findIndex((m, i) => i > 0 && m.author === 'customer');
    return next === -1 ? after : after.slice(0, next);
  }

  /** Another device of a verified customer gets a token of its own for the same conversation. */
  async addToken(id: string, tokenHash: string, now: string): Promise<void> {
    this.stmts.addToken.run(id, tokenHash, now);
  }

  async hasExtraToken(id: string, tokenHash: string): Promise<boolean> {
    return this.stmts.hasToken.get(id, tokenHash) !== undefined;
  }

  async latestOpenFor(visitorId: string, botId: string): Promise<string | undefined> {
    return (this.stmts.latestOpenFor.get(visitorId, botId) as { id: string } | undefined)?.id;
  }

  async pruneOutbox(before: string): Promise<number> {
    return this.stmts.pruneOutbox.run(before).changes;
  }

  /** SQLite has no notifications across processes: the outbox tail polls. */
  watchOutbox(_onChange: () => void): () => void {
    return () => undefined;
  }

  /** The newest outbox row's id: where a process that starts now begins tailing. */
  async outboxHead(): Promise<number> {
    return (this.stmts.outboxHead.get() as { id: number }).id;
  }

  async outboxAfter(id: number, limit: number): Promise<OutboxRow[]> {
    return (this.stmts.outboxAfter.all(id, limit) as { id: number; topic: string; payload: string }[]).map((r) => ({ id: r.id, topic: r.topic, payload: JSON.parse(r.payload) as OutboxRow['payload'] }));
  }
}
