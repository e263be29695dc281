import pg from 'pg';
import { findPostgresBin, startCluster, type Cluster } from '../src/testing/pgGlobalSetup';
import type { BenchConversation } from './fill';

/** A PostgreSQL server for the benchmark: BENCH_DATABASE_URL's, or a throwaway cluster with durable commits. */
export async function benchPostgres(): Promise<{ serverUrl: string; stop(): Promise<void> } | { skipped: string }> {
  if (process.env.BENCH_DATABASE_URL) return { serverUrl: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  const bin = findPostgresBin();
  if (!bin) return { skipped: 'PostgreSQL is not installed (apt-get install postgresql) and BENCH_DATABASE_URL is not set' };
  const cluster: Cluster = await startCluster(bin, { durable: true });
  return { serverUrl: cluster.url, stop: cluster.stop };
}

/** A new database on the server, for one target (Parley, or baseline B-pg). */
export async function benchDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Conversations started over HTTP on the seeded order-support bot, each waiting at the menu. */
export async function startConversations(origin: string, count: number): Promise<BenchConversation[]> {
  const out: BenchConversation[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next++;
        const res = await fetch(`${origin}/api/bots/order-support/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { conversationId: string; token: string };
        out.push({ id: body.conversationId, token: body.token });
      }
    }),
  );
  return out;
}

/** Where each conversation waits now (null: no longer active), read from Parley's PostgreSQL tables. */
export async function currentNodesPg(databaseUrl: string, ids: readonly string[]): Promise<(string | null)[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; node_id: string | null; status: string }>('SELECT id, node_id, status FROM conversations WHERE id = ANY($1)', [ids]);
    const byId = new Map(rows.map((r) => [r.id, r.status === 'active' ? r.node_id : null]));
    return ids.map((id) => byId.get(id) ?? null);
  } finally {
    await client.end();
  }
}
