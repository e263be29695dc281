/**
 * Analytics at scale: a bot with 1,000,000 conversations' worth of analytics (each conversation's row with its
 * analytics columns, and the rollups they make over 90 days and two versions), inserted directly, then the report and the canvas overlay's step figures
 * timed through the store, as the API runs them. Rows are generated, not driven through the engine: the turn path is
 * measured on its own (overhead.ts).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { FlowDocument } from '@parley/shared';
import type { Store } from '../../src/store';
import { ABANDON_AFTER_MS, RETURN_WINDOW_MS } from '../../src/analytics/record';
import { buildReport } from '../../src/analytics/report';
import { encodePath } from '../../src/store/analytics';
import { repoRoot, round } from '../common';

export const BOT = 'order-support';
const DAYS = 90;
const VERSIONS = 2;
const DAY_MS = 86_400_000;
/** How the conversations end, in twentieths (resolved, ended, handoff, abandoned), and how many stay open now. */
const OUTCOMES = ['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'ended', 'ended', 'handoff', 'handoff', 'handoff', 'handoff', 'abandoned', 'abandoned', 'abandoned', 'abandoned', 'abandoned', 'abandoned', 'abandoned'];
const OPEN_NOW = 500;

export const flowDocument = (): FlowDocument => JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')) as FlowDocument;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The rollups 1M conversations would leave: per day and version, each step's visits, outlets, drop-off, and the bot's outcome counters. */
function rollups(document: FlowDocument, conversations: number, now: number): { day: string; version: number; nodeId: string; key: string; n: number }[] {
  const rows: { day: string; version: number; nodeId: string; key: string; n: number }[] = [];
  const perBucket = Math.round(conversations / DAYS / VERSIONS);
  for (let d = 0; d < DAYS; d++) {
    const day = dayOf(now - d * DAY_MS);
    for (let version = 1; version <= VERSIONS; version++) {
      for (const [i, node] of document.nodes.entries()) {
        const visits = Math.max(1, Math.round(perBucket / (1 + (i % 5))));
        const outlets = document.edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle);
        rows.push({ day, version, nodeId: node.id, key: 'visit', n: visits });
        const drop = Math.round(visits * 0.1);
        rows.push({ day, version, nodeId: node.id, key: 'abandoned', n: drop });
        if (outlets.length === 0) rows.push({ day, version, nodeId: node.id, key: 'end', n: visits - drop });
        else for (const [k, outlet] of outlets.entries()) rows.push({ day, version, nodeId: node.id, key: `o:${outlet}`, n: Math.floor((visits - drop) / outlets.length) + (k === 0 ? (visits - drop) % outlets.length : 0) });
      }
      const share = (k: number) => Math.round((perBucket * k) / 20);
      for (const [key, n] of Object.entries({ started: perBucket, resolved: share(7), ended: share(9), handoffs: share(4), abandoned: share(7), faqAnswered: share(5), faqSuggested: share(1), faqNoMatch: share(2), articleHelped: share(1), articleNotHelped: share(1), csatResponses: share(6), csatPositive: share(5) })) {
        rows.push({ day, version, nodeId: '$', key, n });
      }
    }
  }
  return rows;
}

/** Conversation i's start time: spread evenly over the 90 days before `now`. */
const startOf = (i: number, conversations: number, now: number) => now - Math.floor(((i + 1) / conversations) * DAYS * DAY_MS) + 1;

const STATUS: Record<string, string> = { open: 'active', abandoned: 'active', resolved: 'ended', ended: 'ended', handoff: 'handoff' };

/** A typical path, as a turn appends it (encodePath). */
const samplePath = (at: string) =>
  encodePath(
    [
      { nodeId: 'start', via: null },
      { nodeId: 'greet', via: 'next' },
      { nodeId: 'menu', via: 'next' },
      { nodeId: 'ask-question', via: 'question' },
    ],
    at,
  );

/** Fills a migrated SQLite database that has the bot: conversation rows with their analytics columns, and the rollups. */
export function fillSqlite(dbPath: string, conversations: number, now: number): void {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const document = flowDocument();
  const nodes = document.nodes.map((n) => n.id);
  const row = db.prepare(`INSERT INTO conversations (id, bot_id, flow_version, status, state, node_id, row_version, last_seq, token_hash, visitor_id, visitor, preview,
      created_at, updated_at, a_outcome, a_node, a_last_at, a_ended_at, a_pending, a_channel, a_path)
    VALUES (?, ?, ?, ?, NULL, ?, 3, 8, ?, ?, '{}', 0, ?, ?, ?, ?, ?, ?, 0, 'web', ?)`);
  const count = db.prepare('INSERT INTO analytics_counts (bot_id, day, version, node_id, key, n) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < conversations; i++) {
      const open = i < OPEN_NOW;
      const started = open ? now - 60_000 : startOf(i, conversations, now);
      const outcome = open ? 'open' : OUTCOMES[i % 20]!;
      const startedAt = new Date(started).toISOString();
      const lastAt = new Date(started + 120_000).toISOString();
      const node = nodes[i % nodes.length]!;
      row.run(`c${String(i).padStart(8, '0')}`, BOT, 1 + (i % VERSIONS), STATUS[outcome], node, `t${i}`, `v${i % 300_000}`, startedAt, lastAt, outcome, node, lastAt, outcome === 'open' || outcome === 'abandoned' ? null : lastAt, samplePath(startedAt));
    }
    for (const r of rollups(document, conversations, now)) count.run(BOT, r.day, r.version, r.nodeId, r.key, r.n);
  })();
  db.close();
}

/** The same rows on PostgreSQL, generated by the server (generate_series). */
export async function fillPostgres(url: string, conversations: number, now: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const document = flowDocument();
    await client.query(
      `INSERT INTO conversations (id, bot_id, flow_version, status, state, node_id, row_version, last_seq, token_hash, visitor_id, visitor, preview,
         created_at, updated_at, a_outcome, a_node, a_last_at, a_ended_at, a_pending, a_channel, a_path)
       SELECT 'c' || lpad(g::text, 8, '0'), $1, 1 + g % $3,
         CASE o WHEN 'resolved' THEN 'ended' WHEN 'ended' THEN 'ended' WHEN 'handoff' THEN 'handoff' ELSE 'active' END,
         NULL, n, 3, 8, 't' || g, 'v' || (g % 300000), '{}', false,
         to_char(s, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(s + interval '2 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), o, n,
         to_char(s + interval '2 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         CASE WHEN o IN ('open', 'abandoned') THEN NULL ELSE to_char(s + interval '2 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END, 0, 'web', $9
       FROM generate_series(0, $2 - 1) AS g,
         LATERAL (SELECT CASE WHEN g < $6 THEN to_timestamp(($4::float8 - 60000) / 1000.0) AT TIME ZONE 'UTC'
           ELSE to_timestamp(($4::float8 - floor(((g + 1)::float8 / $2) * $7 * 86400000) + 1) / 1000.0) AT TIME ZONE 'UTC' END AS s,
           CASE WHEN g < $6 THEN 'open' ELSE ($8::text[])[1 + g % 20] END AS o,
           ($5::text[])[1 + g % array_length($5::text[], 1)] AS n) AS x`,
      [BOT, conversations, VERSIONS, now, document.nodes.map((n) => n.id), OPEN_NOW, DAYS, OUTCOMES, samplePath(new Date(now).toISOString())],
    );
    const rows = rollups(document, conversations, now);
    await client.query(
      `INSERT INTO analytics_counts (bot_id, day, version, node_id, key, n)
       SELECT $1, r.day, r.version, r.node_id, r.key, r.n FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[], $6::bigint[]) AS r(day, version, node_id, key, n)`,
      [BOT, rows.map((r) => r.day), rows.map((r) => r.version), rows.map((r) => r.nodeId), rows.map((r) => r.key), rows.map((r) => r.n)],
    );
    await client.query('VACUUM ANALYZE conversations');
    await client.query('VACUUM ANALYZE analytics_counts');
  } finally {
    await client.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { median: round(median(times), 1), max: round(Math.max(...times), 1) };
}

export interface ScaleTimes {
  /** The report as the API computes it: settle what time decided, counters, waiting conversations, assembled. */
  report30: { median: number; max: number };
  report90: { median: number; max: number };
  /** The overlay's step figures alone (counters per step and waiting conversations), 30 days. */
  overlay30: { median: number; max: number };
  started90: number;
}

/** Times the report and the overlay on a filled store, as the API runs them (medians of `runs`). */
export async function timeQueries(store: Store, now: number, runs: number): Promise<ScaleTimes> {
  const to = dayOf(now);
  const from30 = dayOf(now - 29 * DAY_MS);
  const from90 = dayOf(now - (DAYS - 1) * DAY_MS);
  const report = async (from: string) => {
    await store.analytics.finalise(BOT, new Date(now - ABANDON_AFTER_MS).toISOString(), new Date(now - RETURN_WINDOW_MS).toISOString());
    const { counts, waiting } = await store.analytics.figures(BOT, from, to, null);
    return buildReport({ botId: BOT, from, to, version: null }, counts, waiting);
  };
  const started90 = (await report(from90)).totals.started;
  return {
    report30: await timed(runs, () => report(from30)),
    report90: await timed(runs, () => report(from90)),
    overlay30: await timed(runs, () => store.analytics.figures(BOT, from30, to, null)),
    started90,
  };
}
