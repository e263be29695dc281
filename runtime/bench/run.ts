/**
 * `npm run bench [-- --quick] [--out FILE] [--only turns,conversations,scale,compiler,editor,widget,memory] [--profile DIR] [--keep]`
 *
 * Every server runs in a child process; autocannon, the SSE clients and the browser drive it from here, so the load
 * generator never shares an event loop with what it measures. See runtime/bench/README.md.
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_TOKEN, AGENT_TOKEN, benchDir, mb, progress, repoRoot, round, startChild, type Child } from './common';
import { BOT_ID, VISITOR, benchConversation, currentNodes, diskStats, fill, prepareDatabase, type BenchConversation } from './fill';
import { load, type LoadResult } from './load';
import { TurnMix } from './turnMix';
import { openStreams } from './sse';
import { editorBench } from './editorBench';
import { widgetBench } from './widgetBench';
import { printReport, type Goal } from './report';

// ---- options -------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const outFile = resolve(process.cwd(), option('--out') ?? 'bench-results.json');
const profileDir = option('--profile') ? resolve(process.cwd(), option('--profile')!) : undefined;
const only = option('--only')?.split(',');
const keep = argv.includes('--keep');
const want = (section: string) => !only || only.includes(section);

const cfg = quick
  ? { runS: 3, warmS: 1, conversations: 10_000, streams: 1000, large: 100_000, scaleRounds: 1, connections: [1, 10, 100], idle: 10_000 }
  : { runS: 10, warmS: 3, conversations: 10_000, streams: 1000, large: 1_000_000, scaleRounds: 2, connections: [1, 10, 100], idle: 10_000 };

const tmp = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const children: Child[] = [];
const goals: Goal[] = [];
const results: Record<string, unknown> = {
  meta: {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    commit: gitHead(),
    secondsPerRun: cfg.runS,
    note: 'Latencies in milliseconds from every 2xx response; req/s = 2xx responses / run time. Servers run in child processes; autocannon in this one.',
  },
};

function gitHead(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function start<T extends Child>(child: Promise<T>): Promise<T> {
  const c = await child;
  children.push(c);
  return c;
}

async function stop(child: Child): Promise<void> {
  await child.stop();
  children.splice(children.indexOf(child), 1);
}

function startOrders(): Promise<Child> {
  return start(startChild({ script: join(benchDir, 'orders.ts'), label: 'order API' }));
}

function startParley(dbPath: string, orders: Child, label: string): Promise<Child> {
  return start(
    startChild({
      script: join(repoRoot, 'runtime/src/main.ts'),
      label,
      env: {
        PARLEY_DB: dbPath,
        PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
        PARLEY_AGENT_TOKEN: AGENT_TOKEN,
        LOG_LEVEL: 'warn',
        // One address sends everything, so the per-IP and per-conversation abuse limits are lifted (the middleware still runs).
        PARLEY_RATE_LIMITS: 'off',
        PARLEY_ALLOW_HOSTS: `127.0.0.1:${orders.port}`,
        PARLEY_PUBLIC_URL: orders.origin,
      },
      // One directory per server; the tsx loader thread writes a profile of its own there too (the small one).
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, label.replace(/\W+/g, '-'))}`] : [],
    }),
  );
}

const fmtRun = (r: LoadResult) =>
  `${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.cpuUsPerRequest !== undefined ? `, server CPU ${r.cpuUsPerRequest} µs/req` : ''}${r.non2xx + r.errors + r.timeouts > 0 ? ` — ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : ''}`;

/** A database with `count` benchmark conversations waiting at the menu, copied from one the real engine started. */
async function benchDatabase(name: string, orders: Child, count: number): Promise<string> {
  const dbPath = join(tmp, `${name}.db`);
  const template = await prepareDatabase(dbPath, orders.origin);
  const stats = fill(dbPath, template, 0, count);
  progress(`filled ${name}: ${count.toLocaleString('en')} conversations, ${stats.messages.toLocaleString('en')} messages in ${round(stats.seconds, 1)} s`);
  return dbPath;
}

const conversations = (count: number): BenchConversation[] => Array.from({ length: count }, (_, i) => benchConversation(i));

async function turnRun(parley: Child, dbPath: string, mix: TurnMix, ids: string[], connections: number, seconds: number): Promise<LoadResult> {
  const r = await load({ url: parley.origin, server: parley, connections, duration: seconds, setupRequest: mix.setupRequest });
  mix.resync(currentNodes(dbPath, ids));
  return r;
}

// ---- 1. turns against baselines A and B -------------------------------------------------------------------------

async function turnsSection(orders: Child): Promise<Child> {
  progress(`turns: preparing ${cfg.conversations.toLocaleString('en')} conversations`);
  const dbPath = await benchDatabase('turns', orders, cfg.conversations);
  const convs = conversations(cfg.conversations);
  const ids = convs.map((c) => c.id);
  const parley = await startParley(dbPath, orders, 'parley turns');
  const a = await start(startChild({ script: join(benchDir, 'baseline.ts'), args: ['A'], label: 'baseline A' }));
  const b = await start(startChild({ script: join(benchDir, 'baseline.ts'), args: ['B'], label: 'baseline B', env: { BENCH_DB: join(tmp, 'baseline-b.db') } }));

  // Widgets listening: their conversations are spread through the cycle, so about one turn in ten fans out.
  const streams = await openStreams(parley.origin, convs.filter((_, i) => i % Math.round(cfg.conversations / cfg.streams) === 0).slice(0, cfg.streams));
  progress(`turns: ${streams.open} SSE streams open on the turn server`);

  const mix = new TurnMix(convs, currentNodes(dbPath, ids));
  // The baselines get the same requests (same paths, headers and bodies), from their own copy of the cycle.
  const mixA = new TurnMix(convs, ids.map(() => 'menu'));
  const mixB = new TurnMix(convs, ids.map(() => 'menu'));

  const warm = Math.min(...cfg.connections.filter((c) => c >= 10), 10);
  await load({ url: a.origin, connections: warm, duration: cfg.warmS, setupRequest: mixA.setupRequest });
  await load({ url: b.origin, connections: warm, duration: cfg.warmS, setupRequest: mixB.setupRequest });
  await turnRun(parley, dbPath, mix, ids, warm, cfg.warmS);
  progress('turns: warmed up A, B and the turn server');

  const runs: ({ target: 'A' | 'B' | 'turn' } & LoadResult)[] = [];
  const bytesBefore = streams.bytes();
  let turnRequests = 0;
  for (const connections of cfg.connections) {
    const ra = await load({ url: a.origin, server: a, connections, duration: cfg.runS, setupRequest: mixA.setupRequest });
    runs.push({ target: 'A', ...ra });
    progress(`turns: A    c=${String(connections).padEnd(3)} ${fmtRun(ra)}`);
    const rb = await load({ url: b.origin, server: b, connections, duration: cfg.runS, setupRequest: mixB.setupRequest });
    runs.push({ target: 'B', ...rb });
    progress(`turns: B    c=${String(connections).padEnd(3)} ${fmtRun(rb)}`);
    const rt = await turnRun(parley, dbPath, mix, ids, connections, cfg.runS);
    runs.push({ target: 'turn', ...rt });
    turnRequests += rt.requests;
    progress(`turns: turn c=${String(connections).padEnd(3)} ${fmtRun(rt)}`);
  }
  const sseBytes = streams.bytes() - bytesBefore;
  streams.close();
  await stop(a);
  await stop(b);

  const ratios: Record<string, { rps: number; p50: number; p99: number }> = {};
  for (const c of cfg.connections) {
    const t = runs.find((r) => r.target === 'turn' && r.connections === c)!;
    const rb = runs.find((r) => r.target === 'B' && r.connections === c)!;
    ratios[`c${c}`] = { rps: round(t.rps / rb.rps), p50: round(t.p50 / rb.p50), p99: round(t.p99 / rb.p99) };
  }
  const at10 = ratios.c10!;
  results.ratios = { turnOverB_rps: at10.rps, turnOverB_p99: at10.p99, turnOverB_p50: at10.p50, byConnections: ratios };
  results.turns = {
    conversations: cfg.conversations,
    sseStreams: streams.open,
    sseBytesDuringRuns: sseBytes,
    mix: { ...mix.sent },
    path: 'menu →track→ ask-order →1000n→ [order API lookup + condition + templated message] → anything-else →yes→ menu →question→ ask-question →FAQ question→ [FAQ match] → faq-helped →yes→ anything-else →yes→ menu',
    runs,
    invalidRequests: runs.filter((r) => r.target === 'turn').reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
  const t10 = runs.find((r) => r.target === 'turn' && r.connections === 10)!;
  const b10 = runs.find((r) => r.target === 'B' && r.connections === 10)!;
  goals.push(
    { section: 'turns', name: 'turn req/s vs B (c=10)', goal: '≥ 0.90 × B', measured: `${at10.rps} × B (${t10.rps} vs ${b10.rps} req/s)`, met: at10.rps >= 0.9 },
    { section: 'turns', name: 'turn p99 vs B (c=10)', goal: '≤ 1.20 × B', measured: `${at10.p99} × B (${t10.p99} vs ${b10.p99} ms)`, met: at10.p99 <= 1.2 },
  );
  if (turnRequests === 0) throw new Error('no turn succeeded');
  return parley;
}

// ---- 2. new conversations ----------------------------------------------------------------------------------------

async function conversationsSection(parley: Child): Promise<void> {
  const runs: LoadResult[] = [];
  const body = JSON.stringify({ visitor: VISITOR });
  for (const connections of cfg.connections) {
    const r = await load({ url: parley.origin, server: parley, connections, duration: cfg.runS, path: `/api/bots/${BOT_ID}/conversations`, body });
    runs.push(r);
    progress(`new conversations: c=${String(connections).padEnd(3)} ${fmtRun(r)}`);
  }
  results.conversations = { runs };
  const r10 = runs.find((r) => r.connections === 10)!;
  goals.push({ section: 'conversations', name: 'new conversations/s (c=10)', goal: 'reported', measured: `${r10.rps}/s, p99 ${r10.p99} ms`, met: null });
}

// ---- 3. scale -----------------------------------------------------------------------------------------------------

async function scaleSection(orders: Child): Promise<void> {
  const small = cfg.conversations;
  const large = cfg.large;
  const bench = conversations(small);
  const ids = bench.map((c) => c.id);
  progress(`scale: filling ${large.toLocaleString('en')} conversations${quick ? ' (--quick: 100k instead of 1M)' : ''}`);
  const smallDb = await benchDatabase('scale-small', orders, small);
  const largeDb = await benchDatabase('scale-large', orders, large);
  const disk = diskStats(largeDb);
  progress(`scale: ${disk.bytesPerConversation} bytes on disk per conversation (with its ${round(disk.messages / disk.conversations, 1)} messages) at ${disk.conversations.toLocaleString('en')}`);

  // The same 10k conversations are driven in both databases; in the large one they are spread through the key space.
  const runs: { conversations: number; round: number; result: LoadResult }[] = [];
  for (let r = 0; r < cfg.scaleRounds; r++) {
    for (const [count, dbPath] of [
      [small, smallDb],
      [large, largeDb],
    ] as const) {
      const parley = await startParley(dbPath, orders, `parley scale ${count}`);
      const mix = new TurnMix(bench, currentNodes(dbPath, ids));
      await turnRun(parley, dbPath, mix, ids, 10, cfg.warmS);
      const result = await turnRun(parley, dbPath, mix, ids, 10, cfg.runS);
      runs.push({ conversations: count, round: r, result });
      progress(`scale: ${count.toLocaleString('en').padStart(9)} stored, c=10: ${fmtRun(result)}`);
      await stop(parley);
    }
  }
  const med = (count: number, k: 'p50' | 'p99' | 'rps') => {
    const xs = runs.filter((r) => r.conversations === count).map((r) => r.result[k]).sort((x, y) => x - y);
    return xs[Math.floor((xs.length - 1) / 2)]!;
  };
  const p50Ratio = round(med(large, 'p50') / med(small, 'p50'));
  const p99Ratio = round(med(large, 'p99') / med(small, 'p99'));
  const rpsRatio = round(med(large, 'rps') / med(small, 'rps'));
  const afterRun = diskStats(largeDb);
  results.scale = {
    small,
    large,
    note: quick ? '--quick stores 100,000 conversations instead of 1,000,000' : undefined,
    runs,
    ratios: { p50: p50Ratio, p99: p99Ratio, rps: rpsRatio },
    disk,
    diskAfterTurns: afterRun,
  };
  const label = large >= 1_000_000 ? '1M' : `${large / 1000}k`;
  goals.push(
    { section: 'scale', name: `turn p50 at ${label} vs 10k stored`, goal: '≤ 1.10 ×', measured: `${p50Ratio} × (${med(large, 'p50')} vs ${med(small, 'p50')} ms)`, met: p50Ratio <= 1.1 },
    { section: 'scale', name: `turn p99 at ${label} vs 10k stored`, goal: '≤ 1.10 ×', measured: `${p99Ratio} × (${med(large, 'p99')} vs ${med(small, 'p99')} ms)`, met: p99Ratio <= 1.1 },
    {
      section: 'scale',
      name: 'disk per conversation + messages',
      goal: '≤ 2,048 B',
      measured: `${disk.bytesPerConversation} B (${round(disk.messages / disk.conversations, 1)} msgs each)`,
      met: disk.bytesPerConversation <= 2048,
    },
  );
  rmSync(largeDb, { force: true });
}

// ---- 4. compiler --------------------------------------------------------------------------------------------------

interface CompilerResult {
  sizes: { steps: number; parseMs: number; validateMs: number; compileMs: number; totalMs: number; turnUs: number; cold: { parseMs: number; validateMs: number; compileMs: number } }[];
  orderSupportTurnUs: number;
}

async function compilerSection(): Promise<void> {
  const result = await new Promise<CompilerResult>((ok, fail) => {
    const child = fork(join(benchDir, 'compileBench.ts'), quick ? ['--quick'] : [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => ok(m as CompilerResult));
    child.once('exit', (code) => (code ? fail(new Error(`compiler bench exited with ${code}`)) : undefined));
  });
  for (const s of result.sizes) {
    progress(`compiler: ${s.steps} steps: parse ${s.parseMs} + validate ${s.validateMs} + compile ${s.compileMs} ms (cold ${s.cold.parseMs} + ${s.cold.validateMs} + ${s.cold.compileMs}), turn ${s.turnUs} µs`);
  }
  progress(`compiler: order-support turn on a cached machine ${result.orderSupportTurnUs} µs`);
  results.compiler = result;
  const big = result.sizes.find((s) => s.steps === 2000)!;
  goals.push(
    { section: 'compiler', name: 'validate + compile, 2,000 steps', goal: '≤ 50 ms', measured: `${big.totalMs} ms (${big.parseMs} + ${big.validateMs} + ${big.compileMs})`, met: big.totalMs <= 50 },
    { section: 'compiler', name: 'validate + compile, 200 steps', goal: 'reported', measured: `${result.sizes[0]!.totalMs} ms`, met: null },
    { section: 'compiler', name: 'turn on cached machine, 2,000 steps', goal: 'reported', measured: `${big.turnUs} µs (order-support ${result.orderSupportTurnUs} µs)`, met: null },
  );
}

// ---- 5./6. editor and widget --------------------------------------------------------------------------------------

async function browserSections(orders: Child): Promise<void> {
  const dbPath = join(tmp, 'browser.db');
  await prepareDatabase(dbPath, orders.origin);
  const parley = await startParley(dbPath, orders, 'parley browser');
  try {
    if (want('editor')) {
      const r = await editorBench(parley.origin, ADMIN_TOKEN, { quick });
      results.editor = r;
      if ('skipped' in r) {
        progress(`editor: skipped: ${r.skipped}`);
        goals.push({ section: 'editor', name: 'editor', goal: '—', measured: `skipped: ${r.skipped}`, met: null });
      } else {
        progress(`editor: ready ${r.readyMs} ms with ${r.nodesRendered} nodes rendered; drag p95 ${r.drag.p95} ms, pan p95 ${r.pan.p95} ms`);
        goals.push(
          { section: 'editor', name: 'editor ready, 2,000 steps', goal: '≤ 1,500 ms', measured: `${r.readyMs} ms`, met: r.readyMs <= 1500 },
          { section: 'editor', name: 'frame p95 while dragging a node', goal: '≤ 20 ms', measured: `${r.drag.p95} ms (${r.drag.frames} frames)`, met: r.drag.p95 <= 20 },
          { section: 'editor', name: 'frame p95 while panning', goal: '≤ 20 ms', measured: `${r.pan.p95} ms (${r.pan.frames} frames)`, met: r.pan.p95 <= 20 },
        );
      }
    }
    if (want('widget')) {
      const r = await widgetBench(parley.origin, BOT_ID, { quick });
      results.widget = r;
      if ('skipped' in r) {
        progress(`widget: skipped: ${r.skipped}`);
        goals.push({ section: 'widget', name: 'widget', goal: '—', measured: `skipped: ${r.skipped}`, met: null });
      } else {
        progress(`widget: ${r.gzipBytes} B gzipped; first bot message ${r.firstMessageMs} ms after the script starts loading`);
        goals.push(
          { section: 'widget', name: 'widget.js gzipped', goal: '≤ 40 KB', measured: `${round(r.gzipBytes / 1024, 1)} KB`, met: r.gzipBytes <= 40 * 1024 },
          ...(r.firstMessageMs === null
            ? [{ section: 'widget', name: 'script load → first bot message', goal: '≤ 300 ms', measured: `skipped: ${r.firstMessageSkipped}`, met: null }]
            : [{ section: 'widget', name: 'script load → first bot message', goal: '≤ 300 ms', measured: `${r.firstMessageMs} ms (median)`, met: r.firstMessageMs <= 300 }]),
        );
      }
    }
  } finally {
    await stop(parley);
  }
}

// ---- 7. memory ----------------------------------------------------------------------------------------------------

async function memorySection(orders: Child): Promise<void> {
  const dbPath = join(tmp, 'memory.db');
  const template = await prepareDatabase(dbPath, orders.origin);
  fill(dbPath, template, 0, cfg.streams);
  const parley = await startParley(dbPath, orders, 'parley memory');
  try {
    const body = JSON.stringify({ visitor: VISITOR });
    const path = `/api/bots/${BOT_ID}/conversations`;
    // Warm the code paths first, so what follows is the conversations, not the JIT.
    await load({ url: parley.origin, connections: 10, amount: 500, path, body });
    const empty = await parley.memory();
    progress(`memory: warm server, no idle conversations created yet: RSS ${mb(empty.rss)} MB, heap ${mb(empty.heapUsed)} MB`);
    const created = await load({ url: parley.origin, connections: 10, amount: cfg.idle, path, body });
    const idle = await parley.memory();
    progress(`memory: after ${created.requests.toLocaleString('en')} more conversations, all idle: RSS ${mb(idle.rss)} MB, heap ${mb(idle.heapUsed)} MB`);
    const streams = await openStreams(parley.origin, conversations(cfg.streams));
    const withStreams = await parley.memory();
    progress(`memory: with ${streams.open} open SSE streams: RSS ${mb(withStreams.rss)} MB, heap ${mb(withStreams.heapUsed)} MB`);
    streams.close();
    const idleDelta = idle.rss - empty.rss;
    const streamDelta = withStreams.rss - idle.rss;
    results.memory = { empty, idle, idleConversations: created.requests, withStreams, streams: streams.open, idleDeltaMB: mb(idleDelta), streamsDeltaMB: mb(streamDelta), heapDeltaIdleMB: mb(idle.heapUsed - empty.heapUsed) };
    goals.push(
      {
        section: 'memory',
        name: `RSS after ${created.requests.toLocaleString('en')} idle conversations`,
        goal: 'flat (≤ +10 MB)',
        measured: `${idleDelta >= 0 ? '+' : ''}${mb(idleDelta)} MB (heap ${idle.heapUsed >= empty.heapUsed ? '+' : ''}${mb(idle.heapUsed - empty.heapUsed)} MB)`,
        met: idleDelta <= 10 * 1024 * 1024,
      },
      { section: 'memory', name: `RSS with ${streams.open} open SSE streams`, goal: '≤ +50 MB', measured: `+${mb(streamDelta)} MB`, met: streamDelta <= 50 * 1024 * 1024 },
    );
  } finally {
    await stop(parley);
  }
}

// ---- main ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  progress(`Parley bench (${quick ? 'quick' : 'full'}): ${cfg.runS} s per load run, writing ${outFile}; temp files in ${tmp}`);
  const orders = await startOrders();
  if (want('turns') || want('conversations')) {
    const parley = await turnsSection(orders).catch((e) => {
      throw e;
    });
    if (want('conversations')) await conversationsSection(parley);
    await stop(parley);
  }
  if (want('scale')) await scaleSection(orders);
  if (want('compiler')) await compilerSection();
  if (want('memory')) await memorySection(orders);
  if (want('editor') || want('widget')) await browserSections(orders);
  results.goals = goals;
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  printReport(results, goals);
  progress(`wrote ${outFile}`);
}

const cleanup = async () => {
  await Promise.all(children.map((c) => c.stop()));
  if (!keep) rmSync(tmp, { recursive: true, force: true });
};

process.on('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});

main()
  .then(cleanup)
  .catch(async (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    await cleanup();
    process.exit(1);
  });
