import express from 'express';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The yardsticks a turn is measured against, on the same route and request bodies as a real turn:
 * A: a bare Express 5 endpoint that parses the JSON and replies.
 * B: A plus one better-sqlite3 transaction (WAL, synchronous=NORMAL) that inserts the inbound and outbound
 *    message rows and upserts the conversation row with a 1 KB JSON state.
 * Bpg: A plus the same writes in one PostgreSQL transaction (node-postgres pool, BENCH_DATABASE_URL).
 */
const mode = process.argv[2];
if (mode !== 'A' && mode !== 'B' && mode !== 'Bpg') throw new Error('usage: baseline.ts A|B|Bpg');

// What a bot says back, about the size of the seeded flow's menu.
const botMessage = {
  type: 'options',
  text: 'What can I help you with today?',
  buttons: [
    { id: 'track', label: 'Track my order', action: 'postback', payload: 'menu:track' },
    { id: 'question', label: 'Shipping, returns or payment question', action: 'postback', payload: 'menu:question' },
    { id: 'agent', label: 'Talk to a person', action: 'postback', payload: 'menu:agent' },
  ],
};

/** About 1 KB once serialized, as the brief asks; built per request like a real snapshot. */
function stateFor(id: string, text: string) {
  return {
    value: 'menu',
    context: {
      retries: 0,
      vars: {
        conversation_id: id,
        last_message: text,
        visitor_name: 'Ada Lovelace',
        visitor_email: 'ada@example.com',
        visitor_locale: 'en-US',
        visitor_page: 'https://shop.example.com/products/linen-throw-blanket-sage?ref=home&utm_source=newsletter',
        order_number: '10001',
        order_status: 'shipped',
        order_eta: '2026-11-27',
        question: 'How long does shipping take to Canada and are there import duties on my order?',
        summary: 'Order: 10001 · Question: How long does shipping take to Canada and are there import duties on my order?',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        resolved: 'yes',
        note: 'x'.repeat(330),
      },
    },
  };
}

let commit: (id: string, inbound: string, outbound: string, state: string, now: string) => number | Promise<number>;
if (mode === 'Bpg') {
  const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS bench_conversations (id TEXT PRIMARY KEY, state TEXT NOT NULL, row_version INTEGER NOT NULL, last_seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, author TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq));`);
  commit = async (id, inbound, outbound, state, now) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ last_seq: number }>(
        `INSERT INTO bench_conversations (id, state, row_version, last_seq, updated_at) VALUES ($1, $2, 1, 2, $3)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, row_version = bench_conversations.row_version + 1,
           last_seq = bench_conversations.last_seq + 2, updated_at = excluded.updated_at RETURNING last_seq`,
        [id, state, now],
      );
      const lastSeq = rows[0]!.last_seq;
      await client.query('INSERT INTO bench_messages (conversation_id, seq, author, payload, created_at) VALUES ($1, $2, $3, $4, $5), ($1, $6, $7, $8, $5)', [
        id,
        lastSeq - 1,
        'customer',
        inbound,
        now,
        lastSeq,
        'bot',
        outbound,
      ]);
      await client.query('COMMIT');
      return lastSeq;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
} else if (mode === 'B') {
  const db = new Database(process.env.BENCH_DB!);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, state TEXT NOT NULL, row_version INTEGER NOT NULL, last_seq INTEGER NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, author TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;`);
  const upsert = db.prepare(`INSERT INTO conversations (id, state, row_version, last_seq, updated_at) VALUES (?, ?, 1, 2, ?)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, row_version = row_version + 1, last_seq = last_seq + 2, updated_at = excluded.updated_at
    RETURNING last_seq AS lastSeq`);
  const insert = db.prepare('INSERT INTO messages (conversation_id, seq, author, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  commit = db.transaction((id: string, inbound: string, outbound: string, state: string, now: string) => {
    const { lastSeq } = upsert.get(id, state, now) as { lastSeq: number };
    insert.run(id, lastSeq - 1, 'customer', inbound, now);
    insert.run(id, lastSeq, 'bot', outbound, now);
    return lastSeq;
  });
} else {
  let seq = 0;
  commit = () => (seq += 2);
}

const app = express();
app.disable('x-powered-by');
app.get('/api/health', (_req, res) => void res.json({ ok: true }));
app.post('/api/conversations/:id/messages', express.json({ limit: '100kb' }), async (req, res) => {
  const body = req.body as { type: string; text?: string; payload?: string };
  const text = body.text ?? body.payload ?? '';
  const now = new Date().toISOString();
  const inbound = { type: 'customer', text, ...(body.payload ? { payload: body.payload } : {}) };
  const seq = await commit(req.params.id, JSON.stringify(inbound), JSON.stringify(botMessage), JSON.stringify(stateFor(req.params.id, text)), now);
  res.json({
    messages: [
      { seq: seq - 1, author: 'customer', payload: inbound, nodeId: null, createdAt: now },
      { seq, author: 'bot', payload: botMessage, nodeId: 'menu', createdAt: now },
    ],
    status: 'active',
    nodeId: 'menu',
  });
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
