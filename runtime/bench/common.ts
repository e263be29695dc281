import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const benchDir = resolve(repoRoot, 'runtime/bench');

export const ADMIN_TOKEN = 'bench-admin-token';
export const AGENT_TOKEN = 'bench-agent-token';

const started = Date.now();

/** One line per measurement, prefixed with the elapsed time, so a long run shows where it is. */
export function progress(message: string): void {
  const s = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export interface Mem {
  rss: number;
  heapUsed: number;
  external: number;
}

/** A server under test in its own process (so it never shares an event loop with the load generator). */
export interface Child {
  proc: ChildProcess;
  port: number;
  origin: string;
  /** Collects garbage in the child (twice) and reports its memory. */
  memory(): Promise<Mem>;
  /** CPU time (user + system) the child has used so far, in microseconds. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript entry point under tsx with the bench hooks loaded (port report, memory and CPU over IPC, exit when
 * the parent goes), then waits until it listens and `readyPath` answers 200. The port is chosen here (the real
 * main.ts needs PORT), and only trusted once the child itself reports listening on it: a port picked in advance can
 * be taken by another process on the machine first, and then the child fails to bind and is started again.
 */
export async function startChild(opts: {
  script: string;
  args?: string[];
  env?: Record<string, string>;
  readyPath?: string;
  nodeArgs?: string[];
  label: string;
}): Promise<Child> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, await freePort());
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('EADDRINUSE')) throw e;
    }
  }
}

async function startOnce(opts: Parameters<typeof startChild>[0], port: number): Promise<Child> {
  const proc = fork(opts.script, opts.args ?? [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', '--expose-gc', '--import', resolve(benchDir, 'childHooks.ts'), ...(opts.nodeArgs ?? [])],
    env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  proc.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  let exited = false;
  proc.on('exit', () => (exited = true));
  let listening = false;
  proc.on('message', (msg: { listening?: number }) => {
    if (msg.listening === port) listening = true;
  });

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`${opts.label} exited during start:\n${output}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${opts.label} did not start within 30 s:\n${output}`);
    }
    if (listening) {
      try {
        const res = await fetch(origin + (opts.readyPath ?? '/api/health'));
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not answering yet
      }
    }
    await sleep(100);
  }

  let nextId = 1;
  const pending = new Map<number, (m: { mem?: Mem; cpu?: number }) => void>();
  proc.on('message', (msg: { id?: number; mem?: Mem; cpu?: number }) => {
    if (msg.id !== undefined) {
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    }
  });
  const ask = (cmd: string) =>
    new Promise<{ mem?: Mem; cpu?: number }>((ok, fail) => {
      const id = nextId++;
      const timer = setTimeout(() => fail(new Error(`${opts.label} did not answer ${cmd}`)), 10_000);
      pending.set(id, (m) => {
        clearTimeout(timer);
        ok(m);
      });
      proc.send({ cmd, id });
    });

  return {
    proc,
    port,
    origin,
    memory: async () => (await ask('mem')).mem!,
    cpu: async () => (await ask('cpu')).cpu!,
    stop: () =>
      new Promise<void>((ok) => {
        if (exited) return ok();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 8_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          ok();
        });
        // SIGTERM lets the server close and, under --cpu-prof, write its profile.
        proc.kill('SIGTERM');
      }),
  };
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
