import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { openStore } from '../src/store';
import { seed } from '../src/seed/seed';
import { parseAllowHosts } from '../src/net/addressGuard';
import { hashToken } from '../src/http/auth';
import { tokenDigest as hashConversationToken } from '../src/auth/tokens';
import { silentLogger } from '../src/log';
import { CustomerMessageRequest } from '@parley/shared';
import { ADMIN_TOKEN, AGENT_TOKEN, repoRoot } from './common';
import { CYCLE, cyclePosition } from './turnMix';

export const BOT_ID = 'order-support';
export const VISITOR = { name: 'Ada', locale: 'en-US', page: 'https://shop.example.com/orders' };

export interface BenchConversation {
  id: string;
  token: string;
}

/** The i-th benchmark conversation: a UUID-shaped id and a 32-character token, both derived from i so any process can recompute them. */
export function benchConversation(i: number): BenchConversation {
  const h = createHash('sha256').update(`parley-bench-conversation-${i}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const token = createHash('sha256').update(`parley-bench-token-${i}`).digest('base64url').slice(0, 32);
  return { id, token };
}

/**
 * A fresh database like a first start makes (migrated, seeded with the example flows pointing at `ordersOrigin`), plus
 * one conversation per position of the benchmark cycle, started and advanced by the real engine (order lookups
 * included), for `fill` to copy. Returns their ids, by cycle position.
 */
export async function prepareDatabase(dbPath: string, ordersOrigin: string): Promise<string[]> {
  const store = openStore(dbPath);
  try {
    const now = new Date().toISOString();
    await seed(store, join(repoRoot, 'flows'), { origin: ordersOrigin, now, log: silentLogger() });
    const { ctx } = createApp({
      store,
      allowHosts: parseAllowHosts(ordersOrigin.replace('http://', '')),
      tokens: { admin: hashToken(ADMIN_TOKEN), agent: hashToken(AGENT_TOKEN) },
    });
    const templates: string[] = [];
    for (let pos = 0; pos < CYCLE.length; pos++) {
      const { conversation } = await ctx.turns.start(BOT_ID, VISITOR);
      for (let k = 0; k < pos; k++) {
        const step = CYCLE[k]!;
        if ((await store.conversations.get(conversation.id))!.nodeId !== step.at) throw new Error(`the bench cycle is off the flow: expected ${step.at}`);
        await ctx.turns.customerMessage(conversation.id, CustomerMessageRequest.parse(JSON.parse(step.body(k))));
      }
      const at = (await store.conversations.get(conversation.id))!.nodeId;
      if (at !== CYCLE[pos]!.at) throw new Error(`the bench cycle is off the flow: position ${pos} is at ${at}, expected ${CYCLE[pos]!.at}`);
      templates.push(conversation.id);
    }
    return templates;
  } finally {
    await store.close();
  }
}

export interface FillStats {
  conversations: number;
  messages: number;
  seconds: number;
}

/**
 * Copies the template conversations (their rows and their messages) as benchmark conversations `from`..`from+count-1`,
 * conversation i from the template at its cycle position, with direct SQL in one transaction with prepared statements.
 * Rows go in key order, so every insert appends to the B-trees. Nothing else may have the database open.
 */
export function fill(dbPath: string, templateIds: readonly string[], from: number, count: number): FillStats {
  const t0 = performance.now();
  const db = new Database(dbPath);
  try {
    // Rollback journal while filling: a gigabyte through the WAL would be written twice.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const templates = templateIds.map((id) => ({
      id,
      conv: db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as Record<string, unknown> & { state: string },
      messages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq').all(id) as Record<string, unknown>[],
    }));
    const convColumns = Object.keys(templates[0]!.conv);
    const msgColumns = Object.keys(templates[0]!.messages[0]!);
    const insertConv = db.prepare(`INSERT INTO conversations (${convColumns.join(', ')}) VALUES (${convColumns.map((c) => `@${c}`).join(', ')})`);
    const insertMsg = db.prepare(`INSERT INTO messages (${msgColumns.join(', ')}) VALUES (${msgColumns.map((c) => `@${c}`).join(', ')})`);

    const ids: { i: number; id: string; token: string }[] = new Array(count);
    for (let k = 0; k < count; k++) ids[k] = { i: from + k, ...benchConversation(from + k) };
    ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    let messages = 0;
    db.transaction(() => {
      const msg: Record<string, unknown> = {};
      for (const { i, id, token } of ids) {
        const t = templates[cyclePosition(i) % templates.length]!;
        // The only place a conversation's own id appears in its state is the conversation_id variable.
        insertConv.run({ ...t.conv, id, token_hash: hashConversationToken(token), state: t.conv.state.replaceAll(t.id, id) });
        for (const m of t.messages) {
          Object.assign(msg, m);
          msg.conversation_id = id;
          insertMsg.run(msg);
        }
        messages += t.messages.length;
      }
    })();
    db.pragma('journal_mode = WAL');
    return { conversations: count, messages, seconds: (performance.now() - t0) / 1000 };
  } finally {
    db.close();
  }
}

export interface DiskStats {
  conversations: number;
  messages: number;
  bytes: number;
  /** Everything in the file over the number of conversations: each conversation with its messages. */
  bytesPerConversation: number;
  /** The conversations table and its indexes, per conversation (from dbstat). */
  conversationRowBytes?: number;
  /** The messages table and its indexes, per message (from dbstat). */
  bytesPerMessage?: number;
  /** From SQLite's dbstat: bytes per conversation in each table and index. */
  byTable?: Record<string, number>;
}

/** page_count × page_size over the number of conversations, after a checkpoint so the WAL holds nothing; split by table when dbstat is compiled in. */
export function diskStats(dbPath: string, opts: { split?: boolean } = {}): DiskStats {
  const db = new Database(dbPath);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const conversations = (db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
    const messages = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    const bytes = pages * pageSize;
    const stats: DiskStats = { conversations, messages, bytes, bytesPerConversation: Math.round(bytes / conversations) };
    if (opts.split === false) return stats;
    try {
      const rows = db.prepare('SELECT d.name, m.tbl_name AS tbl, SUM(d.pgsize) AS bytes FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY d.name ORDER BY bytes DESC').all() as {
        name: string;
        tbl: string | null;
        bytes: number;
      }[];
      const of = (table: string) => rows.filter((r) => r.tbl === table).reduce((n, r) => n + r.bytes, 0);
      stats.conversationRowBytes = Math.round(of('conversations') / conversations);
      stats.bytesPerMessage = Math.round(of('messages') / Math.max(1, messages));
      stats.byTable = Object.fromEntries(rows.filter((r) => r.bytes / conversations >= 1).map((r) => [r.name, Math.round(r.bytes / conversations)]));
    } catch {
      // dbstat not compiled in
    }
    return stats;
  } finally {
    db.close();
  }
}

/** Where each conversation stands now (null when it is no longer active), read between runs to keep requests valid. */
export function currentNodes(dbPath: string, ids: readonly string[]): (string | null)[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const get = db.prepare('SELECT node_id AS nodeId, status FROM conversations WHERE id = ?');
    return ids.map((id) => {
      const row = get.get(id) as { nodeId: string | null; status: string } | undefined;
      return row && row.status === 'active' ? row.nodeId : null;
    });
  } finally {
    db.close();
  }
}
