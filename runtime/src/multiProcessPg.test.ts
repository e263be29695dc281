import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { freePort, spawnServer, type ServerProcess } from './testing/harness';
import { createTestDatabase, pgAvailable, pgUnavailableReason } from './testing/postgres';
import { openSse, type SseClient } from './testing/sse';

const CONVERSATIONS = Number(process.env.MP_CONVERSATIONS ?? 200);
const ADMIN = 'mp-pg-admin';
const AGENT = 'mp-pg-agent';

if (!pgAvailable()) console.error(`\n!!! SKIPPED: two processes on one PostgreSQL — no server: ${pgUnavailableReason()}\n`);

/**
 * Two real runtime processes on one PostgreSQL database. Conversations alternate their turns between the processes;
 * every turn calls a local API that counts what it receives. Then one process is SIGKILLed under load.
 */
describe.skipIf(!pgAvailable())('two processes on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: Server;
  /** How often the fake API saw each (conversation, question). */
  const calls = new Map<string, number>();
  let env: NodeJS.ProcessEnv;
  const procs: { url: string; proc: ServerProcess }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const app = express();
    app.get('/lookup/:conversation/:question', (req, res) => {
      const key = `${req.params.conversation}/${req.params.question}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      res.json({ answer: `answer to ${req.params.question}` });
    });
    api = await new Promise<Server>((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    const apiPort = (api.address() as AddressInfo).port;
    env = {
      ...process.env,
      PARLEY_DATABASE_URL: db.url,
      PARLEY_ADMIN_TOKEN: ADMIN,
      PARLEY_AGENT_TOKEN: AGENT,
      PARLEY_RATE_LIMITS: 'off',
      PARLEY_ALLOW_HOSTS: `127.0.0.1:${apiPort}`,
      LOG_LEVEL: 'silent',
    };
    // Started together: migrations, seeding and the bootstrap tokens must settle on one outcome.
    const ports = [await freePort(), await freePort()];
    const started = await Promise.all(ports.map((port) => spawnServer({ ...env, PORT: String(port) })));
    started.forEach((proc, i) => procs.push({ url: `http://127.0.0.1:${ports[i]}`, proc }));
    await publishLookupBot(procs[0]!.url, `http://127.0.0.1:${apiPort}`);
  }, 180_000);

  afterAll(async () => {
    for (const { proc } of procs) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await new Promise((ok) => api?.close(ok));
    await db?.drop();
  });

  it(`${CONVERSATIONS} conversations alternate between the processes: streams on A see B's turns once and in order, each lookup is called once`, async () => {
    const [a, b] = [procs[0]!.url, procs[1]!.url];
    const convs = await pool(Array.from({ length: CONVERSATIONS }, (_, i) => i), 16, (i) => start(i % 2 === 0 ? a : b));
    const streams = new Map<string, SseClient>();
    await pool(convs, 16, async (c) => void streams.set(c.id, await openSse(`${a}/api/conversations/${c.id}/stream?token=${c.token}&after=0`)));

    // Four turns each, on B, A, B, B: the last ones land on B, where A's streams hear of them only through the database.
    const order = [b, a, b, b];
    await pool(convs, 16, async (c) => {
      for (const [k, url] of order.entries()) {
        const reply = await send(url, c, `q${k}`);
        expect(reply.status).toBe(200);
      }
    });
    for (const c of convs) {
      const history = await read(a, c);
      const stream = streams.get(c.id)!;
      await stream.waitFor((events) => events.some((e) => e.event === 'message' && e.id === history.length), 60_000);
      expect(stream.events.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(history.map((m) => m.seq));
      stream.close();
    }
    for (const c of convs) for (let k = 0; k < order.length; k++) expect([c.id, k, calls.get(`${c.id}/q${k}`)]).toEqual([c.id, k, 1]);
  }, 300_000);

  it('SIGKILL of one process under load: no acknowledged message lost, every conversation continues on the other, no lookup twice', async () => {
    const [a, b] = [procs[0]!.url, procs[1]!.url];
    const convs = await pool(Array.from({ length: CONVERSATIONS }, (_, i) => i), 16, (i) => start(i % 2 === 0 ? a : b));
    const acked = new Map<string, string[]>();
    let count = 0;
    let killed = false;
    const killAt = CONVERSATIONS * 2;
    await Promise.all(
      convs.map(async (c, i) => {
        for (let n = 0; !killed; n++) {
          const text = `load${n}`;
          let reply: Awaited<ReturnType<typeof send>>;
          try {
            reply = await send((i + n) % 2 === 0 ? a : b, c, text);
          } catch {
            return; // B went away mid-request: not acknowledged.
          }
          if (reply.status !== 200) return;
          acked.set(c.id, [...(acked.get(c.id) ?? []), text]);
          if (++count >= killAt && !killed) {
            killed = true;
            procs[1]!.proc.child.kill('SIGKILL');
          }
        }
      }),
    );
    await procs[1]!.proc.exited;

    let lost = 0;
    let continued = 0;
    await pool(convs, 16, async (c) => {
      const before = await read(a, c);
      const texts = before.filter((m) => m.author === 'customer').map((m) => m.payload.text);
      for (const t of acked.get(c.id) ?? []) if (!texts.includes(t)) lost++;
      expect(before.map((m) => m.seq)).toEqual(before.map((_, i) => i + 1));
      // The lock a killed process held went with its connection: the conversation takes its next turn on A.
      const next = await send(a, c, 'after');
      if (next.status === 200 && next.body.messages[0].seq === before.length + 1) continued++;
    });
    process.stdout.write(`two processes on PostgreSQL: ${CONVERSATIONS} conversations, ${count} acknowledged turns before SIGKILL of B, lost ${lost}, continued on A ${continued}, lookups ${calls.size} (each once: ${[...calls.values()].every((n) => n === 1)})\n`);
    expect(count).toBeGreaterThanOrEqual(killAt);
    expect(lost).toBe(0);
    expect(continued).toBe(CONVERSATIONS);
    // A lookup is sent once per message: never again by a retried or duplicated turn.
    expect([...calls.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  }, 300_000);

  interface Conv {
    id: string;
    token: string;
  }

  async function start(url: string): Promise<Conv> {
    const res = await fetch(`${url}/api/bots/lookup/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { conversationId: string; token: string };
    return { id: body.conversationId, token: body.token };
  }

  async function send(url: string, c: Conv, text: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${url}/api/conversations/${c.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ type: 'text', text }),
    });
    return { status: res.status, body: await res.json() };
  }

  async function read(url: string, c: Conv): Promise<{ seq: number; author: string; payload: { text: string } }[]> {
    const res = await fetch(`${url}/api/conversations/${c.id}/messages?after=0`, { headers: { authorization: `Bearer ${c.token}` } });
    return ((await res.json()) as { messages: { seq: number; author: string; payload: { text: string } }[] }).messages;
  }
});

/** A bot that answers every question with a lookup, then asks again: one API call per customer message. */
async function publishLookupBot(url: string, apiOrigin: string): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const created = await fetch(`${url}/api/bots`, { method: 'POST', headers, body: JSON.stringify({ id: 'lookup', name: 'Lookup' }) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { flow } = (await (await fetch(`${url}/api/bots/lookup/flow`, { headers })).json()) as { flow: any };
  flow.variables = [
    { name: 'question', description: '' },
    { name: 'answer', description: '' },
  ];
  flow.nodes = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'ask', type: 'ask', position: { x: 0, y: 100 }, data: { prompt: 'Ask me', variable: 'question', inputType: 'text' } },
    {
      id: 'api',
      type: 'apiCall',
      position: { x: 0, y: 200 },
      // A generous timeout: the lookup must answer on a loaded machine, so its failure branch is never what is tested.
      data: { url: `${apiOrigin}/lookup/{{conversation_id}}/{{question}}`, timeoutMs: 30_000, mappings: [{ path: 'answer', variable: 'answer' }] },
    },
    { id: 'say', type: 'message', position: { x: 0, y: 300 }, data: { text: '{{answer}}' } },
    { id: 'failed', type: 'message', position: { x: 200, y: 300 }, data: { text: 'lookup failed' } },
  ];
  flow.edges = [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'api' },
    { id: 'e3', source: 'api', sourceHandle: 'success', target: 'say' },
    { id: 'e4', source: 'api', sourceHandle: 'failure', target: 'failed' },
    { id: 'e5', source: 'say', sourceHandle: 'next', target: 'ask' },
    { id: 'e6', source: 'failed', sourceHandle: 'next', target: 'ask' },
  ];
  const saved = await fetch(`${url}/api/bots/lookup/flow`, { method: 'PUT', headers, body: JSON.stringify({ flow, force: true }) });
  if (saved.status !== 200) throw new Error(`save: ${saved.status} ${await saved.text()}`);
  const published = await fetch(`${url}/api/bots/lookup/publish`, { method: 'POST', headers, body: '{}' });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${await published.text()}`);
}

async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}
