import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, Customer, freePort, spawnServer, type ServerProcess } from './testing/harness';
import { openSse } from './testing/sse';

const AGENT = 'mp-agent';

/** Two real server processes on one SQLite file, as a team running several processes would. */
describe('two processes on one database', () => {
  const procs: ServerProcess[] = [];
  let a: string;
  let b: string;

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'parley-two-')), 'parley.db');
    const start = async () => {
      const port = await freePort();
      const env = { ...process.env, PORT: String(port), PARLEY_DB: db, PARLEY_ADMIN_TOKEN: 'mp-admin', PARLEY_AGENT_TOKEN: AGENT, PARLEY_RATE_LIMITS: 'off', LOG_LEVEL: 'silent' };
      procs.push(await spawnServer(env));
      return `http://127.0.0.1:${port}`;
    };
    // One after the other: the first one creates and seeds the database.
    a = await start();
    b = await start();
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  });

  it('streams every message of a conversation in order, whichever process committed it', async () => {
    const { customer } = await Customer.start({ url: a } as Parameters<typeof Customer.start>[0], 'order-support');
    const stream = await openSse(`${a}/api/conversations/${customer.id}/stream?token=${customer.token}&after=0`);
    const agents = await openSse(`${a}/api/agent/stream?token=${AGENT}`);
    expect([stream.status, agents.status]).toEqual([200, 200]);
    const on = (url: string) => new Customer({ url } as Parameters<typeof Customer.start>[0], customer.id, customer.token);

    // Alternate between the processes; the last turns are B's alone, so A's stream has nothing local to notice them by.
    // (No order lookup on the way: its timeout could take another branch on a loaded machine.)
    await on(b).press('menu:agent', 'Talk to a person');
    await on(a).say('My parcel is late');
    await on(a).say('Ada');
    // The ticket is created on B, so the agents listening on A learn of it from the outbox.
    const handoff = await on(b).say('ada@example.com');
    expect(handoff.body.status).toBe('handoff');
    // While an agent has it, the customer's messages go to the ticket: on either process.
    await on(b).say('Are you there?');
    await on(a).say('It was order 10001');
    await on(b).say('Thanks');

    const { lastSeq } = (await call(`${b}/api/conversations/${customer.id}/messages?after=0`, { token: customer.token })).body as { lastSeq: number };
    await stream.waitFor((events) => events.some((e) => e.event === 'message' && e.id === lastSeq));
    const seqs = stream.events.filter((e) => e.event === 'message').map((e) => e.id);
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    await stream.waitFor((events) => events.some((e) => e.event === 'status' && e.data.status === 'handoff'));
    // The ticket B created reaches the agents listening on A.
    await agents.waitFor((events) => events.some((e) => e.event === 'ticket' && e.data.change === 'created' && e.data.conversationId === customer.id));
    stream.close();
    agents.close();
  }, 120_000);
});
