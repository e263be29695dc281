import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { openStore } from '../src/store';
import { seed } from '../src/seed/seed';
import { parseAllowHosts } from '../src/net/addressGuard';
import { hashToken } from '../src/http/auth';
import { hashConversationToken } from '../src/engine/turn';
import { silentLogger } from '../src/log';
import { ADMIN_TOKEN, AGENT_TOKEN, repoRoot } from './common';

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
 * A fresh database like a first start makes (migrated, seeded with the example flows pointing at `ordersOrigin`),
 * plus one conversation started by the real engine, which `fill` then copies. Returns that conversation's id.
 */
export async function prepareDatabase(dbPath: string, ordersOrigin: string): Promise<string> {
  const store = openStore(dbPath);
  try {
    const now = new Date().toISOString();
    seed(store, join(repoRoot, 'flows'), { origin: ordersOrigin, now, log: silentLogger() });
    const { ctx } = createApp({
      store,
      allowHosts: parseAllowHosts(ordersOrigin.replace('http://', '')),
      tokens: { admin: hashToken(ADMIN_TOKEN), agent: hashToken(AGENT_TOKEN) },
    });
    const { conversation } = await ctx.turns.start(BOT_ID, VISITOR);
    return conversation.id;
  } finally {
    store.close();
  }
}

export interface FillStats {
  conversations: number;
  messages: number;
  seconds: number;
}

/**
 * Copies the template conversation (its row and its messages) as benchmark conversations `from`..`from+count-1`,
 * with direct SQL in one transaction with prepared statements. Rows go in key order, so every insert appends to
 * the B-trees. Nothing else may have the database open.
 */
export function fill(dbPath: string, templateId: string, from: number, count: number): FillStats {
  const t0 = performance.now();
  const db = new Database(dbPath);
  try {
    // Rollback journal while filling: a gigabyte through the WAL would be written twice.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const conv = db.prepare('SELECT * FROM conversations WHERE id = ?').get(templateId) as Record<string, unknown> & { state: string };
    const messages = db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq').all(templateId) as Record<string, unknown>[];
    const convColumns = Object.keys(conv);
    const msgColumns = messages.length > 0 ? Object.keys(messages[0]!) : [];
    const insertConv = db.prepare(`INSERT INTO conversations (${convColumns.join(', ')}) VALUES (${convColumns.map((c) => `@${c}`).join(', ')})`);
    const insertMsg = db.prepare(`INSERT INTO messages (${msgColumns.join(', ')}) VALUES (${msgColumns.map((c) => `@${c}`).join(', ')})`);

    const ids: { id: string; token: string }[] = new Array(count);
    for (let i = 0; i < count; i++) ids[i] = benchConversation(from + i);
    ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    db.transaction(() => {
      const row = { ...conv };
      const msg: Record<string, unknown> = {};
      for (const { id, token } of ids) {
        row.id = id;
        row.token_hash = hashConversationToken(token);
        // The only place a conversation's own id appears in its state is the conversation_id variable.
        row.state = conv.state.replaceAll(templateId, id);
        insertConv.run(row);
        for (const m of messages) {
          Object.assign(msg, m);
          msg.conversation_id = id;
          insertMsg.run(msg);
        }
      }
    })();
    db.pragma('journal_mode = WAL');
    return { conversations: count, messages: count * messages.length, seconds: (performance.now() - t0) / 1000 };
  } finally {
    db.close();
  }
}

export interface DiskStats {
  conversations: number;
  messages: number;
  bytes: number;
  bytesPerConversation: number;
  /** From SQLite's dbstat, when compiled in: bytes per conversation in each table and index. */
  byTable?: Record<string, number>;
}

/** page_count × page_size over the number of conversations, after a checkpoint so the WAL holds nothing. */
export function diskStats(dbPath: string): DiskStats {
  const db = new Database(dbPath);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const conversations = (db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
    const messages = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    const bytes = pages * pageSize;
    let byTable: Record<string, number> | undefined;
    try {
      const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as { name: string; bytes: number }[];
      byTable = Object.fromEntries(rows.filter((r) => r.bytes / conversations >= 1).map((r) => [r.name, Math.round(r.bytes / conversations)]));
    } catch {
      // dbstat not compiled in
    }
    return { conversations, messages, bytes, bytesPerConversation: Math.round(bytes / conversations), ...(byTable ? { byTable } : {}) };
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
