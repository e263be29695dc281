import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store';
import { benchDir, progress, repoRoot } from '../common';
import type { Goal } from '../report';
import { benchDatabase, benchPostgres } from '../pgBench';
import { BOT, fillPostgres, fillSqlite, flowDocument, timeQueries, type ScaleTimes } from './scale';

const GOAL_MS = 200;

interface Overhead {
  turns: number;
  cpuUsOn: number;
  cpuUsOff: number;
  overhead: number;
}

/** The turn with and without recording, in a child process (overhead.ts). */
function overhead(ordersOrigin: string, quick: boolean): Promise<Overhead> {
  return new Promise((ok, fail) => {
    const child = fork(join(benchDir, 'analytics/overhead.ts'), [ordersOrigin, ...(quick ? ['--quick'] : [])], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => ok(m as Overhead));
    child.once('exit', (code) => (code ? fail(new Error(`analytics overhead bench exited with ${code}`)) : undefined));
  });
}

async function onStore(name: string, open: () => Promise<Store>, fillRows: () => Promise<void>, now: number, runs: number): Promise<ScaleTimes> {
  let t0 = Date.now();
  await fillRows();
  progress(`analytics: ${name}: filled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const store = await open();
  try {
    t0 = Date.now();
    const times = await timeQueries(store, now, runs);
    progress(
      `analytics: ${name}: report 30 days ${times.report30.median} ms (max ${times.report30.max}), 90 days ${times.report90.median} ms (max ${times.report90.max}); overlay 30 days ${times.overlay30.median} ms (max ${times.overlay30.max}); ${times.started90.toLocaleString('en')} conversations in the report`,
    );
    return times;
  } finally {
    await store.close();
  }
}

const goalsOf = (name: string, t: ScaleTimes, conversations: number): Goal[] => [
  { section: 'analytics', name: `${name}: bot report, ${conversations.toLocaleString('en')} conversations (30 / 90 days)`, goal: `≤ ${GOAL_MS} ms`, measured: `${t.report30.median} / ${t.report90.median} ms median`, met: Math.max(t.report30.median, t.report90.median) <= GOAL_MS },
  { section: 'analytics', name: `${name}: canvas overlay (steps), 30 days`, goal: `≤ ${GOAL_MS} ms`, measured: `${t.overlay30.median} ms median`, met: t.overlay30.median <= GOAL_MS },
];

/**
 * `--only analytics`: the report and the overlay over 1M conversations' analytics on SQLite and PostgreSQL, and what
 * recording costs a turn (same run, recording on and off).
 */
export async function analyticsSection(ordersOrigin: string, quick: boolean): Promise<{ results: Record<string, unknown>; goals: Goal[] }> {
  const conversations = quick ? 100_000 : 1_000_000;
  const runs = quick ? 7 : 21;
  const now = Date.now();
  const goals: Goal[] = [];
  const results: Record<string, unknown> = { conversations };

  progress('analytics: turn CPU with and without recording (in-process, alternating batches)');
  const o = await overhead(ordersOrigin, quick);
  progress(`analytics: turn CPU ${o.cpuUsOn} µs recording vs ${o.cpuUsOff} µs not: +${(o.overhead * 100).toFixed(1)}% over ${o.turns.toLocaleString('en')} turns`);
  results.overhead = o;
  goals.push({ section: 'analytics', name: 'recording: added CPU per turn (engine in-process, same run)', goal: '≤ 10%', measured: `+${(o.overhead * 100).toFixed(1)}% (${o.cpuUsOn} vs ${o.cpuUsOff} µs)`, met: o.overhead <= 0.1 });

  const dir = mkdtempSync(join(tmpdir(), 'parley-analytics-'));
  try {
    const dbPath = join(dir, 'analytics.db');
    const sqlite = await onStore(
      'sqlite',
      async () => openStore(dbPath),
      async () => {
        const store = openStore(dbPath);
        await store.bots.create(BOT, 'Order support', flowDocument(), new Date(now).toISOString());
        await store.close();
        fillSqlite(dbPath, conversations, now);
      },
      now,
      runs,
    );
    results.sqlite = sqlite;
    goals.push(...goalsOf('sqlite', sqlite, conversations));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const server = await benchPostgres();
  if ('skipped' in server) {
    progress(`analytics: postgres SKIPPED — ${server.skipped}`);
    goals.push({ section: 'analytics', name: 'postgres: bot report and overlay', goal: `≤ ${GOAL_MS} ms`, measured: `skipped: ${server.skipped}`, met: null });
    return { results, goals };
  }
  try {
    const url = await benchDatabase(server.serverUrl, 'parley_bench_analytics');
    const { openPostgresStore } = await import('../../src/store/postgres');
    const postgres = await onStore(
      'postgres',
      () => openPostgresStore(url),
      async () => {
        const store = await openPostgresStore(url);
        await store.bots.create(BOT, 'Order support', flowDocument(), new Date(now).toISOString());
        await store.close();
        await fillPostgres(url, conversations, now);
      },
      now,
      runs,
    );
    results.postgres = postgres;
    goals.push(...goalsOf('postgres', postgres, conversations));
  } finally {
    await server.stop();
  }
  return { results, goals };
}
