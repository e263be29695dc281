import { createHash } from 'node:crypto';
import type { Message, PersistedState } from '@parley/shared';
import { ConflictError, type ConversationKey, type ConversationRow, type ConversationStore, type NewConversation, type OutboxRow, type TurnWrite, type TurnWritten } from '../conversations';
import { LockTimeoutError } from '../errors';
import { statement, type Db, type Leased } from './pool';
import { recordAnalytics } from './analytics';
import type { OutboxListener } from './listener';

/** The channel every commit with outbox rows notifies, after commit; see OutboxListener. */
export const OUTBOX_CHANNEL = 'parley_outbox';

/**
 * Transaction-level advisory lock taken right before a turn inserts its outbox rows and held to its commit. Outbox ids
 * therefore follow commit order, so a tail that reads "after the last id I saw" can never step over a row of a
 * transaction that committed later with a smaller id. (PostgreSQL already serializes the commits of transactions
 * that NOTIFY, so this costs little beyond that.) The two-key form keeps it apart from the turn locks.
 */
const OUTBOX_LOCK: [number, number] = [0x70617231, 2];

interface RawRow extends Omit<ConversationRow, 'preview' | 'verified'> {
  preview: boolean;
  verified: boolean;
}

const COLUMNS = `id, bot_id AS "botId", flow_version AS "flowVersion", status, state, node_id AS "nodeId", row_version AS "rowVersion",
  last_seq AS "lastSeq", token_hash AS "tokenHash", visitor_id AS "visitorId", visitor, preview, force_hours AS "forceHours", ip, verified,
  created_at AS "createdAt", updated_at AS "updatedAt", holder`;

const S = {
  insert: statement(
    'conv_insert',
    `INSERT INTO conversations (id, bot_id, flow_version, status, state, node_id, row_version, last_seq, token_hash, visitor_id, visitor, preview, force_hours, ip, verified, created_at, updated_at)
     VALUES ($1, $2, $3, 'active', NULL, NULL, 0, 0, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
  ),
  get: statement('conv_get', `SELECT ${COLUMNS} FROM conversations WHERE id = $1`),
  key: statement(
    'conv_key',
    'SELECT id, bot_id AS "botId", status, last_seq AS "lastSeq", token_hash AS "tokenHash", visitor_id AS "visitorId" FROM conversations WHERE id = $1',
  ),
  update: statement(
    'conv_update',
    `UPDATE conversations SET status = $1, state = $2, node_id = $3, row_version = row_version + 1, last_seq = $4, updated_at = $5,
     holder = CASE WHEN $8::boolean THEN $9::text ELSE holder END WHERE id = $6 AND row_version = $7`,
  ),
  // One statement for all of a turn's messages: parallel arrays, one row per index.
  insertMessages: statement(
    'conv_insert_messages',
    `INSERT INTO messages (conversation_id, seq, author, payload, node_id, created_at, client_id)
     SELECT $1, m.seq, m.author, m.payload::json, m.node_id, $2, m.client_id
     FROM unnest($3::integer[], $4::text[], $5::text[], $6::text[], $7::text[]) AS m(seq, author, payload, node_id, client_id)`,
  ),
  byClientId: statement('conv_by_client_id', 'SELECT seq FROM messages WHERE conversation_id = $1 AND client_id = $2'),
  messagesAfter: statement(
    'conv_messages_after',
    `SELECT seq, author, payload, node_id AS "nodeId", created_at AS "createdAt" FROM messages
     WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  ),
  // The same window as messagesAfter, but only rows whose stored JSON text contains the needle, newest first.
  recentContaining: statement(
    'conv_recent_containing',
    // Seqs have no gaps, so the messagesAfter window is a seq range.
    `SELECT payload FROM messages WHERE conversation_id = $1 AND seq > $2 AND seq <= $3 AND strpos(payload::text, $4) > 0 ORDER BY seq DESC`,
  ),
  insertTicket: statement(
    'conv_insert_ticket',
    `INSERT INTO tickets (conversation_id, bot_id, status, subject, priority, tags, grp, fields, created_at, updated_at)
     VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
  ),
  resolveTicket: statement('conv_resolve_ticket', `UPDATE tickets SET status = 'resolved', resolved_at = $1, updated_at = $1 WHERE id = $2 AND status = 'open'`),
  outboxLock: statement('conv_outbox_lock', `SELECT pg_advisory_xact_lock($1, $2), pg_notify('${OUTBOX_CHANNEL}', '')`),
  insertOutbox: statement(
    'conv_insert_outbox',
    `INSERT INTO outbox (topic, payload, created_at)
     SELECT o.topic, o.payload::json, $1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS o(topic, payload, n) ORDER BY o.n`,
  ),
  insertDeliveries: statement(
    'conv_insert_deliveries',
    `INSERT INTO deliveries (kind, target, idempotency_key, payload, status, attempts, next_attempt_at, created_at)
     SELECT d.kind, d.target, d.key, d.payload::json, 'pending', 0, $1, $1
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS d(kind, target, key, payload, n) ORDER BY d.n
     ON CONFLICT (kind, idempotency_key) DO NOTHING`,
  ),
  byVisitor: statement(
    'conv_by_visitor',
    `SELECT ${COLUMNS.replace(' state,', ' NULL::json AS state,')} FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20`,
  ),
  pruneOutbox: statement('conv_prune_outbox', 'DELETE FROM outbox WHERE created_at < $1'),
  outboxHead: statement('conv_outbox_head', 'SELECT COALESCE(MAX(id), 0) AS id FROM outbox'),
  outboxAfter: statement('conv_outbox_after', 'SELECT id, topic, payload FROM outbox WHERE id > $1 ORDER BY id LIMIT $2'),
  addToken: statement('conv_add_token', 'INSERT INTO conversation_tokens (conversation_id, token_hash, created_at) VALUES ($1, $2, $3)'),
  hasToken: statement('conv_has_token', 'SELECT 1 AS one FROM conversation_tokens WHERE conversation_id = $1 AND token_hash = $2'),
  count: statement('conv_count', 'SELECT COUNT(*) AS n FROM conversations'),
  latestOpenFor: statement(
    'conv_latest_open_for',
    `SELECT id FROM conversations WHERE visitor_id = $1 AND bot_id = $2 AND status <> 'ended' AND NOT preview ORDER BY created_at DESC, id DESC LIMIT 1`,
  ),
  tryLock: statement('conv_try_lock', 'SELECT pg_try_advisory_lock($1::bigint) AS locked'),
  unlock: statement('conv_unlock', 'SELECT pg_advisory_unlock($1::bigint) AS unlocked'),
};

const toRow = (raw: RawRow): ConversationRow => ({ ...raw, preview: raw.preview ? 1 : 0, verified: raw.verified ? 1 : 0 });

/** The conversation's advisory-lock key: 64 bits of SHA-256 of its id, as a signed bigint. */
export function turnLockKey(id: string): string {
  return createHash('sha256').update(id).digest().readBigInt64BE(0).toString();
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

export interface TurnLockOptions {
  /** How long a turn waits for the conversation's lock before LockTimeoutError. */
  timeoutMs: number;
  /** Where lock connections come from: its own pool, so holders never starve the queries `run` makes. */
  locks: Db;
}

export class PgConversationStore implements ConversationStore {
  constructor(
    private readonly db: Db,
    private readonly instance: string,
    private readonly lock: TurnLockOptions,
    private readonly listener: OutboxListener,
  ) {}

  async create(row: NewConversation): Promise<void> {
    await this.db.run(S.insert, [
      row.id,
      row.botId,
      row.flowVersion,
      row.tokenHash,
      row.visitorId,
      JSON.stringify(row.visitor),
      row.flowVersion < 0,
      row.forceHours ?? null,
      row.ip ?? null,
      row.verified ?? false,
      row.now,
    ]);
  }

  async count(): Promise<number> {
    return (await this.db.row<{ n: number }>(S.count))!.n;
  }

  /**
   * A session-level advisory lock on a connection of its own, held while `run` runs. It is polled with
   * pg_try_advisory_lock (a short, growing backoff) rather than waited for, so the wait has a deadline and never
   * parks a statement inside the server. Whatever happens the lock is released and the connection returned; if the
   * process dies instead, its connection closes and PostgreSQL drops the lock.
   */
  async withTurnLock<T>(id: string, run: () => Promise<T>): Promise<T> {
    const key = turnLockKey(id);
    const deadline = Date.now() + this.lock.timeoutMs;
    const lease = await this.leaseLockClient(deadline);
    let destroy = false;
    let held = false;
    try {
      for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
        held = (await lease.queries.row<{ locked: boolean }>(S.tryLock, [key]))!.locked;
        if (held) break;
        const left = deadline - Date.now();
        if (left <= 0) throw new LockTimeoutError();
        // Jitter, so waiters on one conversation do not poll in lockstep.
        await sleep(Math.min(left, delay * (0.5 + Math.random())));
      }
      return await run();
    } catch (error) {
      // Failing to poll (rather than timing out) leaves the connection in doubt.
      if (!held && !(error instanceof LockTimeoutError)) destroy = true;
      throw error;
    } finally {
      if (held) {
        try {
          const unlocked = (await lease.queries.row<{ unlocked: boolean }>(S.unlock, [key]))?.unlocked;
          // Not ours any more (cannot happen while the connection lives): never hand out a connection in doubt.
          if (!unlocked) destroy = true;
        } catch {
          // The connection is gone, and with it the lock.
          destroy = true;
        }
      }
      lease.release(destroy);
    }
  }

  /** A connection from the lock pool, waiting at most until the deadline when every one of them is taken. */
  private async leaseLockClient(deadline: number): Promise<Leased> {
    let timer: NodeJS.Timeout | undefined;
    const leasing = this.lock.locks.lease();
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new LockTimeoutError()), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([leasing, timeout]);
    } catch (error) {
      // A connection that arrives after the deadline goes straight back.
      if (error instanceof LockTimeoutError) void leasing.then((l) => l.release(), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async get(id: string): Promise<ConversationRow | undefined> {
    const raw = await this.db.row<RawRow>(S.get, [id]);
    // Stored state was written by this runtime from a compiled machine: trusted, so parsed without re-validation.
    return raw && toRow(raw);
  }

  async key(id: string): Promise<ConversationKey | undefined> {
    return this.db.row<ConversationKey>(S.key, [id]);
  }

  async byVisitor(visitorId: string): Promise<ConversationRow[]> {
    return (await this.db.rows<RawRow>(S.byVisitor, [visitorId])).map(toRow);
  }

  async messagesAfter(id: string, after: number, limit = 500): Promise<Message[]> {
    return this.db.rows<Message>(S.messagesAfter, [id, after, limit]);
  }

  async findRecent<T>(id: string, after: number, limit: number, needle: string, pick: (payload: Message['payload']) => T | undefined): Promise<T | undefined> {
    for (const row of await this.db.rows<{ payload: Message['payload'] }>(S.recentContaining, [id, after, after + limit, needle])) {
      const found = pick(row.payload);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  async commitTurn(write: TurnWrite, lastSeq: number, botId: string): Promise<TurnWritten> {
    const stored: Message[] = write.messages.map(({ clientId: _, ...m }, i) => ({ ...m, seq: lastSeq + i + 1, createdAt: write.now }));
    return this.db.tx(async (q) => {
      const updated = await q.run(S.update, [
        write.status,
        write.state === null ? null : JSON.stringify(write.state satisfies PersistedState),
        write.nodeId,
        lastSeq + stored.length,
        write.now,
        write.id,
        write.expectedRowVersion,
        write.holder !== undefined,
        write.holder ?? null,
      ]);
      if (updated !== 1) throw new ConflictError();
      if (stored.length > 0) {
        await q.run(S.insertMessages, [
          write.id,
          write.now,
          stored.map((m) => m.seq),
          stored.map((m) => m.author),
          stored.map((m) => JSON.stringify(m.payload)),
          stored.map((m) => m.nodeId ?? null),
          write.messages.map((m) => m.clientId ?? null),
        ]);
      }
      const outbox: { topic: string; payload: OutboxRow['payload'] }[] = [];
      let ticketId: number | null = null;
      if (write.ticket) {
        const t = write.ticket;
        ticketId = (await q.row<{ id: number }>(S.insertTicket, [write.id, botId, t.subject, t.priority, JSON.stringify(t.tags), t.group, JSON.stringify(t.fields), write.now]))!.id;
        outbox.push({ topic: 'ticket.created', payload: { ticketId, conversationId: write.id, by: this.instance } });
      }
      if (write.resolveTicketId !== undefined) {
        if ((await q.run(S.resolveTicket, [write.now, write.resolveTicketId])) !== 1) throw new ConflictError();
        outbox.push({ topic: 'ticket.resolved', payload: { ticketId: write.resolveTicketId, conversationId: write.id, by: this.instance } });
      }
      if (stored.length > 0) {
        outbox.push({ topic: 'messages', payload: { conversationId: write.id, from: stored[0]!.seq, to: stored.at(-1)!.seq, status: write.status, by: this.instance } });
      }
      const deliveries = write.deliveries ?? [];
      if (deliveries.length > 0) {
        await q.run(S.insertDeliveries, [
          write.now,
          deliveries.map((d) => d.kind),
          deliveries.map((d) => d.target),
          deliveries.map((d) => d.idempotencyKey),
          deliveries.map((d) => JSON.stringify(d.payload ?? null)),
        ]);
      }
      if (write.analytics) await recordAnalytics(q, write.analytics);
      if (outbox.length > 0) {
        // Last, so the outbox lock is held for as short a time as possible: from here to COMMIT.
        await q.row(S.outboxLock, OUTBOX_LOCK);
        await q.run(S.insertOutbox, [write.now, outbox.map((o) => o.topic), outbox.map((o) => JSON.stringify(o.payload))]);
      }
      return { messages: stored, ticketId, rowVersion: write.expectedRowVersion + 1 };
    });
  }

  async replayOf(id: string, clientId: string): Promise<Message[] | undefined> {
    const hit = await this.db.row<{ seq: number }>(S.byClientId, [id, clientId]);
    if (!hit) return undefined;
    const after = await this.messagesAfter(id, hit.seq - 1, 200);
    const next = after.findIndex((m, i) => i > 0 && m.author === 'customer');
    return next === -1 ? after : after.slice(0, next);
  }

  async addToken(id: string, tokenHash: string, now: string): Promise<void> {
    await this.db.run(S.addToken, [id, tokenHash, now]);
  }

  async hasExtraToken(id: string, tokenHash: string): Promise<boolean> {
    return (await this.db.row(S.hasToken, [id, tokenHash])) !== undefined;
  }

  async latestOpenFor(visitorId: string, botId: string): Promise<string | undefined> {
    return (await this.db.row<{ id: string }>(S.latestOpenFor, [visitorId, botId]))?.id;
  }

  async pruneOutbox(before: string): Promise<number> {
    return this.db.run(S.pruneOutbox, [before]);
  }

  async outboxHead(): Promise<number> {
    return (await this.db.row<{ id: number }>(S.outboxHead))!.id;
  }

  async outboxAfter(id: number, limit: number): Promise<OutboxRow[]> {
    return this.db.rows<OutboxRow>(S.outboxAfter, [id, limit]);
  }

  watchOutbox(onChange: () => void): () => void {
    return this.listener.watch(onChange);
  }
}
