import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store';
import { openPostgresStore } from '../store/postgres';
import { createTestDatabase, pgAvailable, pgUnavailableReason } from './postgres';

export interface StoreHarness {
  store: Store;
  close(): Promise<void>;
}

export type StoreContract = (name: 'sqlite' | 'postgres', open: () => Promise<StoreHarness>) => void;

/**
 * Runs a store contract on both stores: SQLite (in memory, or on a file where WAL behaviour matters) and PostgreSQL
 * on a throwaway database when a server is available; when none is, it says loudly that those tests were skipped.
 */
export function onEachStore(what: string, contract: StoreContract, sqlite: 'memory' | 'file' = 'memory'): void {
  contract('sqlite', async () => {
    const store = openStore(sqlite === 'memory' ? ':memory:' : join(mkdtempSync(join(tmpdir(), 'parley-contract-')), 'test.db'));
    return { store, close: () => store.close() };
  });
  if (!pgAvailable()) {
    console.error(`\n*** PostgreSQL ${what} tests SKIPPED: no PostgreSQL server. ${pgUnavailableReason()}.\n`);
    return;
  }
  contract('postgres', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresStore(database.url);
    return {
      store,
      close: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
}
