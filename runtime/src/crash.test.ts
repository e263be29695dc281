import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnServer } from './testing/harness';

const CONVERSATIONS = Number(process.env.CRASH_CONVERSATIONS ?? 1000);

/**
 * The next valid input for the step a conversation waits at, in the seeded order-support flow: a loop with a lookup
 * in it. On a loaded machine the lookup may time out and take its failure branch (failed-options); that is the flow
 * working as drawn, so the loop goes back to the menu from there too.
 */
const nextInput = (nodeId: string, n: number) =>
  nodeId === 'menu'
    ? { type: 'postback', payload: 'menu:track', text: `track ${n}` }
    : nodeId === 'ask-order'
      ? { type: 'text', text: `1000${1 + (n % 3)}` }
      : nodeId === 'failed-options'
        ? { type: 'postback', payload: 'failed-options:menu', text: `menu ${n}` }
        : { type: 'postback', payload: 'anything-else:yes', text: `again ${n}` };

/** Where the input from `nextInput` leads: after the order number, the lookup's success or its failure branch. */
const nextSteps = (nodeId: string): string[] =>
  nodeId === 'menu' ? ['ask-order'] : nodeId === 'ask-order' ? ['anything-else', 'failed-options'] : ['menu'];

interface Tracked {
  id: string;
  token: string;
  nodeId: string;
  acked: { seq: number; text: string }[];
}

describe('crash', () => {
  it(`loses no acknowledged turn of ${CONVERSATIONS} busy conversations when the server is SIGKILLed`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { ...process.env, PORT: String(port), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: 'a', PARLEY_AGENT_TOKEN: 'b', LOG_LEVEL: 'silent', PARLEY_RATE_LIMITS: 'off' };
    let server = await spawnServer(env);

    const conversations: Tracked[] = [];
    await pool(Array.from({ length: CONVERSATIONS }, (_, i) => i), 16, async () => {
      const res = await post(`${url}/api/bots/order-support/conversations`, undefined, {});
      conversations.push({ id: res.conversationId, token: res.token, nodeId: res.nodeId, acked: [] });
    });

    // Every conversation keeps taking turns; the server dies while hundreds are in flight.
    let acked = 0;
    let killed = false;
    const killAt = CONVERSATIONS * 2;
    const running = conversations.map(async (c, i) => {
      for (let n = 0; !killed; n++) {
        const input = nextInput(c.nodeId, i * 1000 + n);
        let res: { messages: { seq: number; author: string; payload: { text: string } }[]; nodeId: string };
        try {
          res = await post(`${url}/api/conversations/${c.id}/messages`, c.token, input);
        } catch {
          return;
        }
        const mine = res.messages.find((m) => m.author === 'customer')!;
        c.acked.push({ seq: mine.seq, text: mine.payload.text });
        c.nodeId = res.nodeId;
        if (++acked >= killAt && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(running);
    await server.exited;

    server = await spawnServer(env);
    try {
      let lost = 0;
      let duplicated = 0;
      let continued = 0;
      let mismatches = 0;
      await pool(conversations, 16, async (c) => {
        const history = (await get(`${url}/api/conversations/${c.id}/messages?after=0`, c.token)).messages as { seq: number; author: string; nodeId: string | null; payload: { text: string } }[];
        const seqs = history.map((m) => m.seq);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        for (const a of c.acked) {
          if (!history.some((m) => m.seq === a.seq && m.author === 'customer' && m.payload.text === a.text)) lost++;
        }
        // Each conversation had at most one turn in flight: it may have committed without its answer arriving, no more.
        const stored = history.filter((m) => m.author === 'customer').length;
        if (stored - c.acked.length > 1 || stored < c.acked.length) duplicated++;
        // It continues at the step it was stored at: the input that step expects is taken and answered.
        const at = [...history].reverse().find((m) => m.author !== 'customer' && m.nodeId)?.nodeId ?? 'menu';
        const reply = await post(`${url}/api/conversations/${c.id}/messages`, c.token, nextInput(at, 999_999));
        expect(reply.messages[0].seq).toBe(history.length + 1);
        if (nextSteps(at).includes(reply.nodeId)) continued++;
        else if (mismatches++ < 5) process.stdout.write(`at ${at} -> ${reply.nodeId}: ${JSON.stringify(reply.messages.map((m: any) => m.payload.text ?? m.payload.type))}\n`);
      });
      const total = conversations.reduce((n, c) => n + c.acked.length, 0);
      process.stdout.write(`crash: ${CONVERSATIONS} conversations, ${total} acknowledged turns before SIGKILL, lost ${lost}, duplicated ${duplicated}, continued ${continued}\n`);
      expect(total).toBeGreaterThanOrEqual(killAt);
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect(continued).toBe(CONVERSATIONS);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 180_000);
});

async function post(url: string, token: string | undefined, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

async function get(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}
