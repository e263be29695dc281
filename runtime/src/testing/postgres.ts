import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** What the global setup (pgGlobalSetup.ts) hands the test workers: the server's URL, or why there is none. */
export const PG_URL_KEY = 'parleyPgUrl';
export const PG_SKIP_KEY = 'parleyPgSkipReason';

declare module 'vitest' {
  export interface ProvidedContext {
    parleyPgUrl: string | null;
    parleyPgSkipReason: string | null;
  }
}

/** The PostgreSQL server the tests may use: the global setup's, else PARLEY_TEST_DATABASE_URL, else none. */
export function pgServerUrl(): string | null {
  let provided: string | null | undefined;
  try {
    provided = inject(PG_URL_KEY);
  } catch {
    provided = undefined;
  }
  return provided ?? process.env.PARLEY_TEST_DATABASE_URL ?? null;
}

export function pgAvailable(): boolean {
  return pgServerUrl() !== null;
}

/** Why there is no server, in a sentence. */
export function pgUnavailableReason(): string {
  let reason: string | null | undefined;
  try {
    reason = inject(PG_SKIP_KEY);
  } catch {
    reason = undefined;
  }
  return reason ?? 'PARLEY_TEST_DATABASE_URL is not set and the vitest global setup (runtime/src/testing/pgGlobalSetup.ts) provided no server';
}

/**
 * A new, empty database on the test server, for one suite: created from template0 in UTF-8, dropped (closing any
 * connection still open on it) by `drop`.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = pgServerUrl();
  if (server === null) throw new Error(`No PostgreSQL server for tests: ${pgUnavailableReason()}`);
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await admin(server, `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(server, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function admin(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
