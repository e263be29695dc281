import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type ServerProcess } from './testing/harness';
import { findPostgresBin, startCluster, type Cluster } from './testing/pgGlobalSetup';

const CONVERSATIONS = 40;
const bin = findPostgresBin();
if (!bin) console.error('\n!!! SKIPPED: PostgreSQL restart under load — PostgreSQL is not installed (apt-get install postgresql)\n');

/**
 * PostgreSQL restarts while customers are talking: requests in the gap get 503 (never a 500, never a crash), nothing
 * acknowledged is lost, and every conversation carries on once the server is back. The test has a cluster of its
 * own, with durable commits, since restarting the shared one would pull it from under other test files.
 */
describe.skipIf(!bin)('a PostgreSQL restart under load', () => {
  let cluster: Cluster;
  let parley: ServerProcess;
  let url: string;

  beforeAll(async () => {
    cluster = await startCluster(bin!, { durable: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    parley = await spawnServer({ ...process.env, PORT: String(port), PARLEY_DATABASE_URL: cluster.url, PARLEY_ADMIN_TOKEN: 'r-admin', PARLEY_AGENT_TOKEN: 'r-agent', PARLEY_RATE_LIMITS: 'off', LOG_LEVEL: 'silent' });
  }, 120_000);
  afterAll(async () => {
    parley?.child.kill('SIGKILL');
    await parley?.exited;
    await cluster?.stop();
  });

  it('loses no acknowledged message, answers 503 in the gap, and every conversation goes on', async () => {
    const convs = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async () => {
        const res = await fetch(`${url}/api/bots/order-support/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(res.status).toBe(201);
        const body = (await res.json()) as { conversationId: string; token: string };
        return { id: body.conversationId, token: body.token, acked: [] as string[], afterRestart: 0 };
      }),
    );
    const statuses = new Map<number, number>();
    let acked = 0;
    let restarted = false;
    let restarting: Promise<void> | undefined;
    const say = async (c: (typeof convs)[number], text: string) => {
      let status: number;
      try {
        const res = await fetch(`${url}/api/conversations/${c.id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
          body: JSON.stringify({ type: 'text', text }),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      return status;
    };
    await Promise.all(
      convs.map(async (c, i) => {
        // Until the server is back and this conversation has had a turn acknowledged after the restart.
        for (let n = 0; !(restarted && c.afterRestart > 0); n++) {
          const text = `r${i}-${n}`;
          if ((await say(c, text)) === 200) {
            c.acked.push(text);
            if (restarted) c.afterRestart++;
            if (++acked === CONVERSATIONS * 3) restarting = cluster.restart().then(() => void (restarted = true));
          } else if (!restarted) {
            // The gap: wait for the restart to finish rather than spin.
            await restarting;
          }
        }
      }),
    );
    expect(parley.child.exitCode).toBeNull();
    // Only 200s and 503s: the gap is "try again", never a server error.
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);

    let lost = 0;
    for (const c of convs) {
      const res = await fetch(`${url}/api/conversations/${c.id}/messages?after=0`, { headers: { authorization: `Bearer ${c.token}` } });
      const history = ((await res.json()) as { messages: { seq: number; author: string; payload: { text: string } }[] }).messages;
      expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
      const texts = new Set(history.filter((m) => m.author === 'customer').map((m) => m.payload.text));
      for (const t of c.acked) if (!texts.has(t)) lost++;
    }
    process.stdout.write(`postgres restart: ${acked} acknowledged turns, statuses ${JSON.stringify(Object.fromEntries(statuses))}, lost ${lost}\n`);
    expect(lost).toBe(0);
    expect(convs.every((c) => c.afterRestart > 0)).toBe(true);
  }, 300_000);
});
