import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

// The keys of testing/postgres.ts (which declares their types); not imported, since that module imports vitest's
// worker API and this one runs in the main process.
const PG_URL_KEY = 'parleyPgUrl';
const PG_SKIP_KEY = 'parleyPgSkipReason';

/**
 * Vitest global setup of the node project: a PostgreSQL server for the store contract tests.
 *
 * - `PARLEY_TEST_DATABASE_URL` set: that server is used (each suite creates and drops its own database on it).
 * - Otherwise, where Debian's PostgreSQL is installed (`/usr/lib/postgresql/<version>/bin/initdb`): a throwaway
 *   cluster in a temporary folder, on a free 127.0.0.1 port, run as the OS user `postgres` when we are root
 *   (PostgreSQL refuses to run as root); stopped and deleted on teardown.
 * - Neither: the reason is handed to the tests, which skip their PostgreSQL half loudly.
 *
 * The URL reaches the test workers through vitest's provide/inject (see testing/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.PARLEY_TEST_DATABASE_URL;
  if (given) {
    project.provide(PG_URL_KEY, given);
    project.provide(PG_SKIP_KEY, null);
    return undefined;
  }
  const bin = findPostgresBin();
  if (!bin) {
    project.provide(PG_URL_KEY, null);
    project.provide(PG_SKIP_KEY, 'PARLEY_TEST_DATABASE_URL is not set and PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)');
    return undefined;
  }
  try {
    const cluster = await startCluster(bin);
    project.provide(PG_URL_KEY, cluster.url);
    project.provide(PG_SKIP_KEY, null);
    return cluster.stop;
  } catch (error) {
    project.provide(PG_URL_KEY, null);
    project.provide(PG_SKIP_KEY, `starting a throwaway PostgreSQL cluster with ${bin} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The bin folder of the newest PostgreSQL installed the Debian way. */
export function findPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export interface Cluster {
  url: string;
  /** Stops the server (fast shutdown, as a restart by an operator would) and starts it again on the same data. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Who runs the server: ourselves, or `postgres` when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no OS user "postgres" to run the server as (PostgreSQL refuses to run as root)');
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function run(command: string, args: string[], options: { cwd: string; user: { uid: number; gid: number } | undefined; log: string }): Promise<void> {
  return new Promise((ok, fail) => {
    const out = openSync(options.log, 'a');
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', out, out], ...options.user });
    child.once('error', (error) => {
      closeSync(out);
      fail(error);
    });
    child.once('exit', (code, signal) => {
      closeSync(out);
      if (code === 0) ok();
      else fail(new Error(`${command} exited with ${code ?? signal}: ${tail(options.log)}`));
    });
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * A throwaway cluster. Tests run it without durability (fsync off); `durable` keeps PostgreSQL's defaults, for the
 * benchmark, so a commit costs what it costs in production.
 */
export async function startCluster(bin: string, options: { durable?: boolean } = {}): Promise<Cluster> {
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  let server: ChildProcess | undefined;
  // Should vitest die without its teardown, the server goes with it.
  const onExit = () => void server?.kill('SIGQUIT');
  process.once('exit', onExit);
  const cleanUp = () => {
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    const log = join(dir, 'server.log');
    // The C locale with UTF-8: the same on every machine; the schema sets its own collations anyway.
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { cwd: dir, user, log });
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let exited = false;
    let exit: Promise<void> = Promise.resolve();
    /** Starts the server on the cluster's folder and port, and waits until it takes connections. */
    const launch = async () => {
      const out = openSync(log, 'a');
      server = spawn(
        join(bin, 'postgres'),
        [
          '-D', data,
          '-p', String(port),
          '-c', 'listen_addresses=127.0.0.1',
          '-c', `unix_socket_directories=${dir}`,
          // A throwaway cluster: durability buys nothing, and the tests open many connections at once.
          ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
          '-c', 'max_connections=300',
        ],
        { cwd: dir, stdio: ['ignore', out, out], ...user },
      );
      closeSync(out);
      const child = server;
      exited = false;
      exit = new Promise<void>((ok) =>
        child.once('exit', () => {
          exited = true;
          ok();
        }),
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (exited) throw new Error(`the server stopped while starting: ${tail(log)}`);
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
        try {
          await client.connect();
          await client.query('SELECT 1');
          await client.end();
          break;
        } catch (error) {
          await client.end().catch(() => undefined);
          if (Date.now() > deadline) throw new Error(`the server did not accept connections within 60 s (${(error as Error).message}): ${tail(log)}`);
          await new Promise((ok) => setTimeout(ok, 100));
        }
      }
    };
    /** Fast shutdown: disconnects every client and rolls back what was in flight. */
    const halt = async () => {
      if (exited || !server) return;
      const child = server;
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    };
    await launch();

    return {
      url,
      restart: async () => {
        await halt();
        await launch();
      },
      stop: async () => {
        await halt();
        cleanUp();
      },
    };
  } catch (error) {
    server?.kill('SIGKILL');
    cleanUp();
    throw error;
  }
}
