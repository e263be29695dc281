import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
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

const SUMMARY = `id AS conversationId, bot_id AS botId, flow_version AS version, created_at AS startedAt, a_channel AS channel, a_outcome AS outcome,
  a_node AS lastNodeId, last_seq AS messages`;
const APPEND_PATH = `a_path = CASE WHEN length(a_path) < ${MAX_PATH_CHARS} THEN a_path || @path ELSE a_path END`;

/** Rows per multi-row insert statement; a turn rarely needs more than one batch. */
const BATCH = 32;

/**
 * Analytics on SQLite: written by the conversation store inside a turn's transaction (`record`), read by the reports.
 * The summary lives in the conversation's own row, which the turn has just written: in WAL mode a write costs mostly
 * the pages it dirties, so the summary costs no page of its own.
 */
export class SqliteAnalyticsStore implements AnalyticsStore {
  private readonly stmts;
  /** Multi-row statements by row count, prepared once each. */
  private readonly countStmts = new Map<number, Statement>();
  private readonly finaliseTx: (botId: string, abandonBefore: string, resolveBefore: string) => void;

  constructor(private readonly db: Db) {
    this.stmts = {
      // A turn that leaves the conversation open sets no indexed column; the outcome it returns is unchanged, so the
      // one before the turn (NULL: the first, 'abandoned': the customer came back).
      progress: db.prepare(`UPDATE conversations SET a_was_node = a_node, a_node = @node, a_last_at = @at, a_channel = @channel, ${APPEND_PATH},
          a_deltas = a_deltas || @deltas
        WHERE id = @id RETURNING a_outcome AS was, a_was_node AS wasNode, length(a_deltas) AS deltasLength`),
      // Before a turn that finishes the conversation (or adds its waiting counters early): what waits in the row.
      before: db.prepare('SELECT a_outcome AS was, a_node AS wasNode, a_deltas AS deltas FROM conversations WHERE id = ?'),
      finish: db.prepare(`UPDATE conversations SET a_was = a_outcome, a_was_node = a_node, a_node = @node, a_outcome = @outcome, a_last_at = @at,
          a_ended_at = @endedAt, a_pending = @pending, a_channel = @channel, ${APPEND_PATH}, a_deltas = ''
        WHERE id = @id`),
      open: db.prepare(`UPDATE conversations SET a_outcome = 'open' WHERE id = ?`),
      /** A conversation abandoned, then taken up again: its counters so far are in analytics_counts already. */
      reopen: db.prepare(`UPDATE conversations SET a_outcome = 'open', a_deltas = ? WHERE id = ?`),
      flushDeltas: db.prepare(`UPDATE conversations SET a_deltas = '' WHERE id = ?`),
      returned: db.prepare('UPDATE conversations SET a_pending = 0 WHERE bot_id = ? AND visitor_id = ? AND a_pending = 1 AND a_ended_at >= ? AND id != ?'),
      faq: db.prepare('INSERT INTO analytics_faq (bot_id, at, conversation_id, ord, node_id, text, outcome, answer_id, score, suggestions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      silent: db.prepare(`SELECT id, flow_version AS version, substr(created_at, 1, 10) AS day, a_node AS nodeId, a_deltas AS deltas FROM conversations
        WHERE bot_id = ? AND a_outcome = 'open' AND a_last_at < ?`),
      abandon: db.prepare(`UPDATE conversations SET a_outcome = 'abandoned', a_deltas = '' WHERE id = ?`),
      resolve: db.prepare(`UPDATE conversations SET a_outcome = 'resolved', a_pending = 0 WHERE bot_id = ? AND a_pending = 1 AND a_ended_at < ?
        RETURNING flow_version AS version, substr(created_at, 1, 10) AS day`),
      counts: db.prepare(`SELECT day, node_id AS nodeId, key, SUM(n) AS n FROM analytics_counts
        WHERE bot_id = ? AND day >= ? AND day <= ? AND (? IS NULL OR version = ?) GROUP BY day, node_id, key`),
      open_: db.prepare(`SELECT substr(created_at, 1, 10) AS day, a_node AS nodeId, a_deltas AS deltas FROM conversations
        WHERE bot_id = ? AND a_outcome = 'open' AND substr(created_at, 1, 10) BETWEEN ? AND ? AND (? IS NULL OR flow_version = ?)`),
      unmatched: db.prepare(`SELECT node_id AS nodeId, text, outcome, suggestions, at FROM analytics_faq
        WHERE bot_id = ? AND at >= ? AND at < ? AND outcome != 'answered' ORDER BY at DESC LIMIT ?`),
      list: db.prepare(`SELECT ${SUMMARY} FROM conversations
        WHERE bot_id = @botId AND a_outcome IS NOT NULL AND created_at >= @fromAt AND created_at < @toAt
          AND (@version IS NULL OR flow_version = @version) AND (@outcome IS NULL OR a_outcome = @outcome) AND (@channel IS NULL OR a_channel = @channel)
          AND (@step IS NULL OR instr(a_path, @step) > 0)
          AND (@beforeAt IS NULL OR (created_at, id) < (@beforeAt, @beforeId))
        ORDER BY created_at DESC, id DESC LIMIT @limit`),
      one: db.prepare(`SELECT ${SUMMARY} FROM conversations WHERE id = ? AND a_outcome IS NOT NULL`),
      pathOf: db.prepare('SELECT a_path AS path FROM conversations WHERE id = ? AND a_outcome IS NOT NULL'),
    };
    this.finaliseTx = db.transaction((botId: string, abandonBefore: string, resolveBefore: string) => {
      const deltas: { day: string; version: number; d: CountDelta }[] = [];
      for (const r of this.stmts.silent.all(botId, abandonBefore) as { id: string; version: number; day: string; nodeId: string | null; deltas: string }[]) {
        this.stmts.abandon.run(r.id);
        for (const d of decodeDeltas(r.deltas)) deltas.push({ day: r.day, version: r.version, d });
        deltas.push({ day: r.day, version: r.version, d: { nodeId: BOT_NODE, key: 'abandoned', n: 1 } });
        if (r.nodeId !== null) deltas.push({ day: r.day, version: r.version, d: { nodeId: r.nodeId, key: ABANDONED_HERE, n: 1 } });
      }
      for (const r of this.stmts.resolve.all(botId, resolveBefore) as { version: number; day: string }[]) {
        deltas.push({ day: r.day, version: r.version, d: { nodeId: BOT_NODE, key: 'resolved', n: 1 } });
      }
      for (const [, group] of groupBy(deltas, (x) => `${x.day}\u0000${x.version}`)) this.addCounts(botId, group[0]!.day, group[0]!.version, merge(group.map((g) => g.d)));
    });
  }

  /**
   * A turn's analytics; called by the conversation store inside the turn's transaction, after the row's update. A turn
   * that leaves the conversation open appends its counters to the row; one that finishes it adds them all up.
   */
  record(w: AnalyticsWrite): void {
    const s = w.summary;
    const row = { id: w.conversationId, node: s.lastNodeId, at: w.at, channel: w.channel, path: encodePath(w.path, w.at) };
    // Abandoned, then the customer came back after all: it is not abandoned any more (nor dropped off there).
    const unabandon = (wasNode: string | null): CountDelta[] => [{ nodeId: BOT_NODE, key: 'abandoned', n: -1 }, ...(wasNode !== null ? [{ nodeId: wasNode, key: ABANDONED_HERE, n: -1 }] : [])];
    if (s.outcome === 'open') {
      const prev = this.stmts.progress.get({ ...row, deltas: encodeDeltas(w.counts) }) as { was: string | null; wasNode: string | null; deltasLength: number } | undefined;
      if (!prev) return;
      if (prev.was === 'abandoned') {
        this.stmts.reopen.run(encodeDeltas(w.counts), w.conversationId);
        this.addCounts(w.botId, w.day, w.version, unabandon(prev.wasNode));
      } else {
        if (prev.was === null) this.stmts.open.run(w.conversationId);
        if (prev.deltasLength > MAX_DELTAS_CHARS) this.flush(w);
      }
    } else {
      const prev = this.stmts.before.get(w.conversationId) as { was: string | null; wasNode: string | null; deltas: string } | undefined;
      if (!prev) return;
      this.stmts.finish.run({ ...row, outcome: s.outcome, endedAt: s.endedAt, pending: s.pending ? 1 : 0 });
      // An abandoned conversation's counters were added when it was abandoned.
      const waiting = prev.was === 'abandoned' ? unabandon(prev.wasNode) : decodeDeltas(prev.deltas);
      this.addCounts(w.botId, w.day, w.version, merge([...waiting, ...w.counts]));
    }
    if (w.started && w.visitorId !== null) this.stmts.returned.run(w.botId, w.visitorId, w.returnSince, w.conversationId);
    w.faq.forEach((f, ord) => {
      this.stmts.faq.run(w.botId, w.at, w.conversationId, w.faqOrd + ord, f.nodeId, f.text, f.outcome, f.answerId, f.score, f.suggestions.length > 0 ? JSON.stringify(f.suggestions) : null);
    });
  }

  /** Adds an open conversation's waiting counters to analytics_counts now (a long conversation's row stays small). */
  private flush(w: AnalyticsWrite): void {
    const { deltas } = this.stmts.before.get(w.conversationId) as { deltas: string };
    this.stmts.flushDeltas.run(w.conversationId);
    this.addCounts(w.botId, w.day, w.version, merge(decodeDeltas(deltas)));
  }

  private addCounts(botId: string, day: string, version: number, counts: CountDelta[]): void {
    counts = merge(counts);
    for (let i = 0; i < counts.length; i += BATCH) {
      const part = counts.slice(i, i + BATCH);
      let stmt = this.countStmts.get(part.length);
      if (!stmt) {
        const values = Array.from({ length: part.length }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
        this.countStmts.set(part.length, (stmt = this.db.prepare(`INSERT INTO analytics_counts (bot_id, day, version, node_id, key, n) VALUES ${values} ON CONFLICT DO UPDATE SET n = n + excluded.n`)));
      }
      stmt.run(part.flatMap((c) => [botId, day, version, c.nodeId, c.key, c.n]));
    }
  }

  async finalise(botId: string, abandonBefore: string, resolveBefore: string): Promise<void> {
    this.finaliseTx(botId, abandonBefore, resolveBefore);
  }

  /** Both reads run without yielding, so no turn commits between them. */
  async figures(botId: string, fromDay: string, toDay: string, version: number | null): Promise<Figures> {
    const rollups = this.stmts.counts.all(botId, fromDay, toDay, version, version) as CountRow[];
    const open = this.stmts.open_.all(botId, fromDay, toDay, version, version) as { day: string; nodeId: string | null; deltas: string }[];
    return figuresOf(rollups, open);
  }

  async unmatched(botId: string, fromAt: string, toAt: string, limit: number): Promise<FaqRow[]> {
    return (this.stmts.unmatched.all(botId, fromAt, toAt, limit) as (Omit<FaqRow, 'suggestions'> & { suggestions: string | null })[]).map((r) => ({
      ...r,
      suggestions: r.suggestions === null ? [] : (JSON.parse(r.suggestions) as FaqRow['suggestions']),
    }));
  }

  async conversations(f: SummaryFilter): Promise<SummaryRow[]> {
    return this.stmts.list.all({
      botId: f.botId,
      fromAt: f.fromAt,
      toAt: f.toAt,
      version: f.version,
      outcome: f.outcome,
      channel: f.channel,
      step: f.step === null ? null : pathStepNeedle(f.step),
      beforeAt: f.before?.startedAt ?? null,
      beforeId: f.before?.conversationId ?? null,
      limit: f.limit,
    }) as SummaryRow[];
  }

  async summary(conversationId: string): Promise<SummaryRow | undefined> {
    return this.stmts.one.get(conversationId) as SummaryRow | undefined;
  }

  async path(conversationId: string): Promise<PathRow[]> {
    const row = this.stmts.pathOf.get(conversationId) as { path: string } | undefined;
    return row ? decodePath(row.path) : [];
  }
}
