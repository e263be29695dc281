/**
 * `tsx runtime/bench/profileTurns.ts [--seconds 20] [--connections 10] [--target turn|A|B] [--dir /tmp/parley-prof] [--no-profile]`
 *
 * Drives only one server with the turn mix and writes its `node --cpu-prof` profile (outside the repo by default),
 * then prints where the busy time went (profileSummary.ts). Also prints server CPU time per request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, AGENT_TOKEN, benchDir, progress, repoRoot, startChild } from './common';
import { benchConversation, currentNodes, fill, prepareDatabase } from './fill';
import { load } from './load';
import { TurnMix } from './turnMix';
import { openStreams } from './sse';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const seconds = Number(option('--seconds', '20'));
const connections = Number(option('--connections', '10'));
const target = option('--target', 'turn');
const profile = !argv.includes('--no-profile');
const dir = join(option('--dir', join(tmpdir(), 'parley-prof')), `${target}-${Date.now()}`);
const tmp = mkdtempSync(join(tmpdir(), 'parley-profile-'));

const orders = await startChild({ script: join(benchDir, 'orders.ts'), label: 'order API' });
const dbPath = join(tmp, 'turns.db');
fill(dbPath, await prepareDatabase(dbPath, orders.origin), 0, 10_000);
const convs = Array.from({ length: 10_000 }, (_, i) => benchConversation(i));
const ids = convs.map((c) => c.id);
const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
const server =
  target === 'turn'
    ? await startChild({
        script: join(repoRoot, 'runtime/src/main.ts'),
        label: 'parley',
        nodeArgs,
        env: {
          PARLEY_DB: dbPath,
          PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
          PARLEY_AGENT_TOKEN: AGENT_TOKEN,
          LOG_LEVEL: 'warn',
          PARLEY_RATE_LIMITS: 'off',
          PARLEY_ALLOW_HOSTS: `127.0.0.1:${orders.port}`,
          PARLEY_PUBLIC_URL: orders.origin,
        },
      })
    : await startChild({ script: join(benchDir, 'baseline.ts'), args: [target], label: `baseline ${target}`, nodeArgs, env: { BENCH_DB: join(tmp, 'b.db') } });

const streams = target === 'turn' ? await openStreams(server.origin, convs.filter((_, i) => i % 10 === 0)) : undefined;
const mix = new TurnMix(convs, target === 'turn' ? currentNodes(dbPath, ids) : undefined);
await load({ url: server.origin, connections, duration: 3, setupRequest: mix.setupRequest });
if (target === 'turn') mix.resync(currentNodes(dbPath, ids));
const r = await load({ url: server.origin, server, connections, duration: seconds, setupRequest: mix.setupRequest });
progress(`${target} c=${connections}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${r.cpuUsPerRequest} µs/req, ${r.non2xx} non-2xx`);
streams?.close();
await server.stop();
await orders.stop();
rmSync(tmp, { recursive: true, force: true });
if (profile) {
  // The biggest file is the main thread's; the tsx loader thread writes a small one beside it.
  const main = readdirSync(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  progress(`profile: ${main}`);
  process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', join(benchDir, 'profileSummary.ts'), main, '--top', '60'], { cwd: repoRoot, encoding: 'utf8' }));
}
