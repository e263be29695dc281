/**
 * The turn engine on its own, in-process, with no HTTP in front: `TurnEngine.customerMessage` over the bench cycle on
 * 10,000 conversations (store reads, the machine, the order lookup over HTTP to the order API process, the commit and
 * the live fan-out). CPU time per turn, so the engine's share of a turn can be told from the HTTP stack's.
 * Run by run.ts in a child process: `tsx runtime/bench/engineBench.ts ORDERS_ORIGIN [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerMessageRequest } from '@parley/shared';
import { openStore } from '../src/store';
import { createApp } from '../src/app';
import { parseAllowHosts } from '../src/net/addressGuard';
import { hashToken } from '../src/http/auth';
import { ADMIN_TOKEN, AGENT_TOKEN, round } from './common';
import { benchConversation, fill, prepareDatabase } from './fill';
import { CYCLE, cyclePosition } from './turnMix';

const [ordersOrigin] = process.argv.slice(2);
if (!ordersOrigin) throw new Error('usage: engineBench.ts ORDERS_ORIGIN [--quick]');
const quick = process.argv.includes('--quick');
const count = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'parley-engine-'));
const dbPath = join(dir, 'engine.db');
fill(dbPath, await prepareDatabase(dbPath, ordersOrigin), 0, count);
const store = openStore(dbPath);
const { ctx } = createApp({ store, allowHosts: parseAllowHosts(ordersOrigin.replace('http://', '')), tokens: { admin: hashToken(ADMIN_TOKEN), agent: hashToken(AGENT_TOKEN) } });
const position = Array.from({ length: count }, (_, i) => cyclePosition(i));
const ids = Array.from({ length: count }, (_, i) => benchConversation(i).id);

let k = 0;
async function turn(): Promise<void> {
  const i = k++ % count;
  const step = CYCLE[position[i]!]!;
  position[i] = (position[i]! + 1) % CYCLE.length;
  await ctx.turns.customerMessage(ids[i]!, CustomerMessageRequest.parse(JSON.parse(step.body(k))));
}

for (let j = 0; j < (quick ? 1000 : 5000); j++) await turn();
const batches: number[] = [];
const perBatch = quick ? 1500 : 7000;
for (let r = 0; r < (quick ? 3 : 5); r++) {
  const t0 = process.cpuUsage();
  for (let j = 0; j < perBatch; j++) await turn();
  const d = process.cpuUsage(t0);
  batches.push((d.user + d.system) / perBatch);
}
batches.sort((a, b) => a - b);
await store.close();
rmSync(dir, { recursive: true, force: true });
const result = { turns: k, cpuUsPerTurn: round(batches[Math.floor(batches.length / 2)]!, 0), bestCpuUsPerTurn: round(batches[0]!, 0) };
if (process.send) process.send(result);
else process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
