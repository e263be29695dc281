import { statement, type Db, type Queryable } from './pool';
import {
  ABANDONED_HERE,
  BOT_NODE,
  MAX_DELTAS_CHARS,
  MAX_PATH_CHARS,
  decodeDeltas,
  decodePath,
  encodeDeltas,
  encodePath,
  figuresOf,
  groupBy,
  merge,
  pathStepNeedle,
  type AnalyticsStore,
  type AnalyticsWrite,
  type CountDelta,
  type CountRow,
  type FaqRow,
  type Figures,
  type PathRow,
  type SummaryFilter,
  type SummaryRow,
} from '../analytics';

const SUMMARY = `id AS "conversationId", bot_id AS "botId", flow_version AS version, created_at AS "startedAt", a_channel AS channel, a_outcome AS outcome,
  a_node AS "lastNodeId", last_seq AS messages`;
const APPEND_PATH = (param: string) => `a_path = CASE WHEN length(a_path) < ${MAX_PATH_CHARS} THEN a_path || ${param} ELSE a_path END`;

const S = {
  // A turn that leaves the conversation open changes no indexed column (a HOT update); the outcome it returns is
  // unchanged, so the one before the turn (NULL: the first, 'abandoned': the customer came back).
  progress: statement(
    'analytics_progress',
    `UPDATE conversations SET a_was_node = a_node, a_node = $2, a_last_at = $3, a_channel = $4, ${APPEND_PATH('$5')}, a_deltas = a_deltas || $6
     WHERE id = $1 RETURNING a_outcome AS was, a_was_node AS "wasNode", length(a_deltas) AS "deltasLength"`,
  ),
  // Before a turn that finishes the conversation (or adds its waiting counters early): what waits in the row.
  before: statement('analytics_before', 'SELECT a_outcome AS was, a_node AS "wasNode", a_deltas AS deltas FROM conversations WHERE id = $1'),
  finish: statement(
    'analytics_finish',
    `UPDATE conversations SET a_was = a_outcome, a_was_node = a_node, a_node = $2, a_last_at = $3, a_channel = $4, ${APPEND_PATH('$5')},
       a_outcome = $6, a_ended_at = $7, a_pending = $8, a_deltas = ''
     WHERE id = $1`,
  ),
  open: statement('analytics_open', `UPDATE conversations SET a_outcome = 'open' WHERE id = $1`),
  reopen: statement('analytics_reopen', `UPDATE conversations SET a_outcome = 'open', a_deltas = $2 WHERE id = $1`),
  flushDeltas: statement('analytics_flush_deltas', `UPDATE conversations SET a_deltas = '' WHERE id = $1`),
  // Rows in a fixed order, so two turns adding to the same counters take their row locks in the same order.
  counts: statement(
    'analytics_counts_add',
    `INSERT INTO analytics_counts (bot_id, day, version, node_id, key, n)
     SELECT $1, $2, $3, c.node_id, c.key, c.n FROM unnest($4::text[], $5::text[], $6::bigint[]) AS c(node_id, key, n) ORDER BY c.node_id, c.key
     ON CONFLICT (bot_id, day, version, node_id, key) DO UPDATE SET n = analytics_counts.n + excluded.n`,
  ),
  returned: statement(
    'analytics_returned',
    'UPDATE conversations SET a_pending = 0 WHERE bot_id = $1 AND visitor_id = $2 AND a_pending = 1 AND a_ended_at >= $3 AND id <> $4',
  ),
  faq: statement(
    'analytics_faq_add',
    `INSERT INTO analytics_faq (bot_id, at, conversation_id, ord, node_id, text, outcome, answer_id, score, suggestions)
     SELECT $1, $2, $3, $10::int + f.ord - 1, f.node_id, f.text, f.outcome, f.answer_id, f.score, f.suggestions
     FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[]) WITH ORDINALITY AS f(node_id, text, outcome, answer_id, score, suggestions, ord)`,
  ),
  // Locked, so a turn taking the conversation up again waits, then finds it abandoned (and undoes that).
  silent: statement(
    'analytics_silent',
    `SELECT id, flow_version AS version, substr(created_at, 1, 10) AS day, a_node AS "nodeId", a_deltas AS deltas FROM conversations
     WHERE bot_id = $1 AND a_outcome = 'open' AND a_last_at < $2 ORDER BY id FOR UPDATE`,
  ),
  abandon: statement('analytics_abandon', `UPDATE conversations SET a_outcome = 'abandoned', a_deltas = '' WHERE id = ANY($1::text[])`),
  resolve: statement(
    'analytics_resolve',
    `UPDATE conversations SET a_outcome = 'resolved', a_pending = 0 WHERE bot_id = $1 AND a_pending = 1 AND a_ended_at < $2
     RETURNING flow_version AS version, substr(created_at, 1, 10) AS day`,
  ),
  read: statement(
    'analytics_read_counts',
    `SELECT day, node_id AS "nodeId", key, SUM(n)::bigint AS n FROM analytics_counts
     WHERE bot_id = $1 AND day >= $2 AND day <= $3 AND ($4::integer IS NULL OR version = $4) GROUP BY day, node_id, key`,
  ),
  openRows: statement(
    'analytics_open_rows',
    `SELECT substr(created_at, 1, 10) AS day, a_node AS "nodeId", a_deltas AS deltas FROM conversations
     WHERE bot_id = $1 AND a_outcome = 'open' AND substr(created_at, 1, 10) BETWEEN $2 AND $3 AND ($4::integer IS NULL OR flow_version = $4)`,
  ),
  unmatched: statement(
    'analytics_unmatched',
    `SELECT node_id AS "nodeId", text, outcome, suggestions, at FROM analytics_faq
     WHERE bot_id = $1 AND at >= $2 AND at < $3 AND outcome <> 'answered' ORDER BY at DESC LIMIT $4`,
  ),
  list: statement(
    'analytics_list',
    `SELECT ${SUMMARY} FROM conversations
     WHERE bot_id = $1 AND a_outcome IS NOT NULL AND created_at >= $2 AND created_at < $3
       AND ($4::integer IS NULL OR flow_version = $4) AND ($5::text IS NULL OR a_outcome = $5) AND ($6::text IS NULL OR a_channel = $6)
       AND ($7::text IS NULL OR strpos(a_path, $7) > 0)
       AND ($8::text IS NULL OR (created_at, id) < ($8, $9::text))
     ORDER BY created_at DESC, id DESC LIMIT $10`,
  ),
  snapshot: statement('analytics_snapshot', 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY'),
  one: statement('analytics_one', `SELECT ${SUMMARY} FROM conversations WHERE id = $1 AND a_outcome IS NOT NULL`),
  pathOf: statement('analytics_path_of', 'SELECT a_path AS path FROM conversations WHERE id = $1 AND a_outcome IS NOT NULL'),
};

/** Adds to the counters, one statement; merged and in one order (see S.counts), so turns and the finaliser never deadlock. */
async function addCounts(q: Queryable, botId: string, day: string, version: number, deltas: CountDelta[]): Promise<void> {
  const counts = merge(deltas).sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (counts.length === 0) return;
  await q.run(S.counts, [botId, day, version, counts.map((c) => c.nodeId), counts.map((c) => c.key), counts.map((c) => c.n)]);
}

/** A turn's analytics, inside the turn's transaction, after the row's update (PgConversationStore.commitTurn). */
export async function recordAnalytics(q: Queryable, w: AnalyticsWrite): Promise<void> {
  const s = w.summary;
  const row = [w.conversationId, s.lastNodeId, w.at, w.channel, encodePath(w.path, w.at)];
  // Abandoned, then the customer came back after all: it is not abandoned any more (nor dropped off there).
  const unabandon = (wasNode: string | null): CountDelta[] => [{ nodeId: BOT_NODE, key: 'abandoned', n: -1 }, ...(wasNode !== null ? [{ nodeId: wasNode, key: ABANDONED_HERE, n: -1 }] : [])];
  let counts: CountDelta[] = [];
  if (s.outcome === 'open') {
    const prev = await q.row<{ was: string | null; wasNode: string | null; deltasLength: number }>(S.progress, [...row, encodeDeltas(w.counts)]);
    if (!prev) return;
    if (prev.was === 'abandoned') {
      await q.run(S.reopen, [w.conversationId, encodeDeltas(w.counts)]);
      counts = unabandon(prev.wasNode);
    } else {
      if (prev.was === null) await q.run(S.open, [w.conversationId]);
      if (prev.deltasLength > MAX_DELTAS_CHARS) {
        // A long conversation's waiting counters are added now, so its row stays small.
        const { deltas } = (await q.row<{ deltas: string }>(S.before, [w.conversationId]))!;
        await q.run(S.flushDeltas, [w.conversationId]);
        counts = decodeDeltas(deltas);
      }
    }
  } else {
    const prev = await q.row<{ was: string | null; wasNode: string | null; deltas: string }>(S.before, [w.conversationId]);
    if (!prev) return;
    await q.run(S.finish, [...row, s.outcome, s.endedAt, s.pending ? 1 : 0]);
    // An abandoned conversation's counters were added when it was abandoned.
    counts = [...(prev.was === 'abandoned' ? unabandon(prev.wasNode) : decodeDeltas(prev.deltas)), ...w.counts];
  }
  if (w.started && w.visitorId !== null) await q.run(S.returned, [w.botId, w.visitorId, w.returnSince, w.conversationId]);
  if (w.faq.length > 0) {
    await q.run(S.faq, [
      w.botId,
      w.at,
      w.conversationId,
      w.faq.map((f) => f.nodeId),
      w.faq.map((f) => f.text),
      w.faq.map((f) => f.outcome),
      w.faq.map((f) => f.answerId),
      w.faq.map((f) => f.score),
      w.faq.map((f) => (f.suggestions.length > 0 ? JSON.stringify(f.suggestions) : null)),
      w.faqOrd,
    ]);
  }
  // Last: the shared counter rows stay locked from here to COMMIT only.
  await addCounts(q, w.botId, w.day, w.version, counts);
}

export class PgAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Db) {}

  async finalise(botId: string, abandonBefore: string, resolveBefore: string): Promise<void> {
    await this.db.tx(async (q) => {
      const deltas: { day: string; version: number; d: CountDelta }[] = [];
      const silent = await q.rows<{ id: string; version: number; day: string; nodeId: string | null; deltas: string }>(S.silent, [botId, abandonBefore]);
      if (silent.length > 0) await q.run(S.abandon, [silent.map((r) => r.id)]);
      for (const r of silent) {
        for (const d of decodeDeltas(r.deltas)) deltas.push({ day: r.day, version: r.version, d });
        deltas.push({ day: r.day, version: r.version, d: { nodeId: BOT_NODE, key: 'abandoned', n: 1 } });
        if (r.nodeId !== null) deltas.push({ day: r.day, version: r.version, d: { nodeId: r.nodeId, key: ABANDONED_HERE, n: 1 } });
      }
      for (const r of await q.rows<{ version: number; day: string }>(S.resolve, [botId, resolveBefore])) {
        deltas.push({ day: r.day, version: r.version, d: { nodeId: BOT_NODE, key: 'resolved', n: 1 } });
      }
      const groups = [...groupBy(deltas, (x) => `${x.day}\u0000${x.version}`)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [, group] of groups) await addCounts(q, botId, group[0]!.day, group[0]!.version, merge(group.map((g) => g.d)));
    });
  }

  /** One snapshot for both reads (REPEATABLE READ), so no turn's commit falls between them. */
  async figures(botId: string, fromDay: string, toDay: string, version: number | null): Promise<Figures> {
    return this.db.tx(async (q) => {
      await q.run(S.snapshot);
      const rollups = await q.rows<CountRow>(S.read, [botId, fromDay, toDay, version]);
      const open = await q.rows<{ day: string; nodeId: string | null; deltas: string }>(S.openRows, [botId, fromDay, toDay, version]);
      return figuresOf(rollups, open);
    });
  }

  async unmatched(botId: string, fromAt: string, toAt: string, limit: number): Promise<FaqRow[]> {
    const rows = await this.db.rows<Omit<FaqRow, 'suggestions'> & { suggestions: string | null }>(S.unmatched, [botId, fromAt, toAt, limit]);
    return rows.map((r) => ({ ...r, suggestions: r.suggestions === null ? [] : (JSON.parse(r.suggestions) as FaqRow['suggestions']) }));
  }

  async conversations(f: SummaryFilter): Promise<SummaryRow[]> {
    const step = f.step === null ? null : pathStepNeedle(f.step);
    return this.db.rows<SummaryRow>(S.list, [f.botId, f.fromAt, f.toAt, f.version, f.outcome, f.channel, step, f.before?.startedAt ?? null, f.before?.conversationId ?? null, f.limit]);
  }

  async summary(conversationId: string): Promise<SummaryRow | undefined> {
    return this.db.row<SummaryRow>(S.one, [conversationId]);
  }

  async path(conversationId: string): Promise<PathRow[]> {
    const row = await this.db.row<{ path: string }>(S.pathOf, [conversationId]);
    return row ? decodePath(row.path) : [];
  }
}
