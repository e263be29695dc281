import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, Customer, freePort, spawnServer, startOrderApi, startServer } from './testing/harness';

describe('durability', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  beforeAll(async () => {
    orders = await startOrderApi();
  });
  afterAll(async () => {
    await orders.close();
  });

  it('resumes a conversation after the database is closed and reopened', async () => {
    const first = await startServer({ origin: orders.origin });
    const { customer } = await Customer.start(first, 'order-support');
    await customer.press('menu:track');
    const before = (await customer.history()).body.messages;
    await first.close();

    const second = await startServer({ origin: orders.origin, dbPath: first.dbPath });
    try {
      const resumed = new Customer(second, customer.id, customer.token);
      expect((await resumed.history()).body.messages).toEqual(before);
      const reply = await resumed.say('10002');
      expect(reply.body.messages[1].payload.text).toMatch(/10002/);
    } finally {
      await second.close();
    }
  });

  it('survives SIGKILL between two turns: the real server continues at the same step with the whole history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: 'a', PARLEY_AGENT_TOKEN: 'b', LOG_LEVEL: 'silent' };
    const url = `http://127.0.0.1:${port}`;
    const server = { url } as Parameters<typeof Customer.start>[0];

    let proc = await spawnServer(env);
    const { customer } = await Customer.start(server, 'order-support');
    await customer.press('menu:agent', 'Talk to a person');
    await customer.say('My parcel is late');
    await customer.say('Ada');
    const before = (await customer.history()).body.messages;
    proc.child.kill('SIGKILL');
    await proc.exited;

    proc = await spawnServer(env);
    try {
      expect((await customer.history()).body.messages).toEqual(before);
      const next = await customer.say('ada@example.com');
      expect(next.status).toBe(200);
      // The step after the email question ran: the conversation picked up exactly where it was.
      expect(next.body.status).toBe('handoff');
    } finally {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  }, 60_000);
});
