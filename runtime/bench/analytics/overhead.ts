/**
 * What recording analytics costs a turn, measured in one process and one run: the bench cycle's turns through two
 * TurnEngines on the same store and conversations, one recording analytics and one not, in alternating batches;
 * CPU time per turn of each (medians). Run by section.ts in a child process:
 * `tsx runtime/bench/analytics/overhead.ts ORDERS_ORIGIN [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerMessageRequest } from '@parley/shared';
import { openStore } from '../../src/store';
import { TurnEngine } from '../../src/engine/turn';
import { VersionCache } from '../../src/engine/versions';
import { Hub } from '../../src/live/hub';
import { parseAllowHosts } from '../../src/net/addressGuard';
import { createGuardedFetch } from '../../src/net/guardedFetch';
import { channelOutbound } from '../../src/channels/outbound';
import { silentLogger } from '../../src/log';
import { round } from '../common';
import { benchConversation, fill, prepareDatabase } from '../fill';
import { CYCLE, cyclePosition } from '../turnMix';

const [ordersOrigin] = process.argv.slice(2);
if (!ordersOrigin) throw new Error('usage: overhead.ts ORDERS_ORIGIN [--quick]');
const quick = process.argv.includes('--quick');
const count = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'parley-analytics-overhead-'));
const dbPath = join(dir, 'turns.db');
fill(dbPath, await prepareDatabase(dbPath, ordersOrigin), 0, count);
const store = openStore(dbPath);
const allow = parseAllowHosts(ordersOrigin.replace('http://', ''));
const log = silentLogger();
const engine = (recordAnalytics: boolean) =>
  new TurnEngine({
    store,
    versions: new VersionCache(store),
    hub: new Hub(),
    clock: () => new Date(),
    log,
    effects: { http: { fetch: createGuardedFetch(allow), allow }, articles: store.articles, log, integrations: store.integrations },
    outbound: channelOutbound(store),
    recordAnalytics,
  });
const engines = { on: engine(true), off: engine(false) };
const position = Array.from({ length: count }, (_, i) => cyclePosition(i));
const ids = Array.from({ length: count }, (_, i) => benchConversation(i).id);

let k = 0;
async function turn(turns: TurnEngine): Promise<void> {
  const i = k++ % count;
  const step = CYCLE[position[i]!]!;
  position[i] = (position[i]! + 1) % CYCLE.length;
  await turns.customerMessage(ids[i]!, CustomerMessageRequest.parse(JSON.parse(step.body(k))));
}

async function batch(turns: TurnEngine, n: number): Promise<number> {
  const t0 = process.cpuUsage();
  for (let j = 0; j < n; j++) await turn(turns);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}

// Warm both (and give every conversation its summary row, as a live system has).
await batch(engines.on, quick ? 2000 : count);
await batch(engines.off, quick ? 1000 : 3000);
const perBatch = quick ? 1500 : 5000;
const on: number[] = [];
const off: number[] = [];
for (let r = 0; r < (quick ? 4 : 8); r++) {
  // Alternating which goes first, so drift in the machine's load falls on both alike.
  if (r % 2 === 0) {
    off.push(await batch(engines.off, perBatch));
    on.push(await batch(engines.on, perBatch));
  } else {
    on.push(await batch(engines.on, perBatch));
    off.push(await batch(engines.off, perBatch));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await store.close();
rmSync(dir, { recursive: true, force: true });
const result = { turns: k, cpuUsOn: round(median(on), 1), cpuUsOff: round(median(off), 1), overhead: round(median(on) / median(off) - 1, 3), batchesOn: on.map((x) => round(x, 1)), batchesOff: off.map((x) => round(x, 1)) };
if (process.send) process.send(result);
else process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
