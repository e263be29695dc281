import express from 'express';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App, type AppDeps } from '../app';
import { openStore, type Store } from '../store';
import { seed } from '../seed/seed';
import { parseAllowHosts } from '../net/addressGuard';
import { hashToken } from '../http/auth';
import { demoOrdersRouter } from '../demo/orders';
import { silentLogger } from '../log';
import type { Limits } from '../context';

export const ADMIN = 'test-admin-token';
export const AGENT = 'test-agent-token';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A stand-in for a shop's order system, on its own loopback port, that can be told to fail. */
export async function startOrderApi(): Promise<{ origin: string; close: () => Promise<void>; fail: { next: boolean } }> {
  const fail = { next: false };
  const api = express();
  api.use((req, res, next) => (fail.next ? void res.status(500).json({ error: 'down' }) : next()));
  api.use(demoOrdersRouter());
  const server = await listen(api);
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => close(server), fail };
}

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  dbPath: string;
  clock: { now: Date };
  close: () => Promise<void>;
}

/** The real app on a database file (so it can be reopened), seeded with the example flows, listening on loopback. */
export async function startServer(opts: {
  origin: string;
  dbPath?: string;
  now?: Date;
  seed?: boolean;
  limits?: Partial<Limits>;
  staticDir?: string;
  /** Anything else the app takes (a public URL, an identity verifier, email settings…). */
  deps?: Partial<AppDeps>;
}): Promise<TestServer> {
  const dbPath = opts.dbPath ?? join(mkdtempSync(join(tmpdir(), 'parley-test-')), 'test.db');
  const store = openStore(dbPath);
  const clock = { now: opts.now ?? new Date('2026-11-25T15:00:00Z') };
  if (opts.seed !== false) await seed(store, join(repoRoot, 'flows'), { origin: opts.origin, now: clock.now.toISOString(), log: silentLogger() });
  const app = createApp({
    store,
    clock: () => clock.now,
    allowHosts: parseAllowHosts('127.0.0.1'),
    tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    // Every answer a test gets has been checked against its route's declared schema (http/responseCheck.ts).
    checkResponses: true,
    // Tests send bursts from one address; the limit tests set their own.
    limits: { loginPerMinute: 1e6, conversationsPerIpPerMinute: 1e6, messagesPerIpPerMinute: 1e6, messagesPerConversationPerMinute: 1e6, ...opts.limits },
    ...opts.deps,
  });
  const server = await listen(app.app);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app,
    store,
    dbPath,
    clock,
    close: async () => {
      server.closeAllConnections();
      await close(server);
      await store.close();
    },
  };
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((ok) => {
    const server = app.listen(0, '127.0.0.1', () => ok(server));
    // Longer than any pause between tests, so a pooled client connection is never closed under a request being sent.
    server.keepAliveTimeout = 120_000;
  });
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => server.close(() => ok()));
}

export interface Reply {
  status: number;
  body: any;
  headers?: Headers;
}

export async function call(url: string, init: { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'), headers, body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)) });
  const text = await res.text();
  // JSON answers parsed; a plain-text one (Meta's webhook handshake echoes its challenge) kept as it is.
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : null, headers: res.headers };
}

/** A customer's side of one conversation. */
export class Customer {
  constructor(
    readonly server: TestServer,
    readonly id: string,
    readonly token: string,
  ) {}

  static async start(server: TestServer, botId: string, visitor: Record<string, unknown> = {}): Promise<{ customer: Customer; reply: Reply }> {
    const reply = await call(`${server.url}/api/bots/${botId}/conversations`, { body: { visitor } });
    if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { customer: new Customer(server, reply.body.conversationId, reply.body.token), reply };
  }

  say(text: string): Promise<Reply> {
    return call(`${this.server.url}/api/conversations/${this.id}/messages`, { token: this.token, body: { type: 'text', text } });
  }

  press(payload: string, text?: string): Promise<Reply> {
    return call(`${this.server.url}/api/conversations/${this.id}/messages`, { token: this.token, body: { type: 'postback', payload, text } });
  }

  history(after = 0): Promise<Reply> {
    return call(`${this.server.url}/api/conversations/${this.id}/messages?after=${after}`, { token: this.token });
  }
}

/** The texts a reply shows the customer, in order: what a person reading the widget would see. */
export function texts(reply: Reply): string[] {
  return (reply.body.messages as { author: string; payload: { text?: string } }[]).filter((m) => m.author !== 'customer').map((m) => m.payload.text ?? '');
}

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** The real `main.ts` in its own process, for tests that kill it. Resolves once it prints that it listens. */
export async function spawnServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'runtime/src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Taken at spawn time: a process killed before anyone listens for 'exit' must still count as exited.
  const exited = once(child, 'exit');
  let output = '';
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d) => {
      output += d;
      if (output.includes('Parley is running')) ok();
    });
    child.stderr!.on('data', (d) => (output += d));
    void exited.then(([code]) => fail(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, exited };
}

/**
 * The real `main.ts` with this environment, run to its exit, for tests of what stops it at start: its exit code and
 * output. Should it start after all, it is killed, so the test fails on the exit code rather than hanging.
 */
export async function runMainToExit(env: NodeJS.ProcessEnv, as?: { uid: number; gid: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'runtime/src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'], ...as });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
    if (stdout.includes('Parley is running')) child.kill('SIGKILL');
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
