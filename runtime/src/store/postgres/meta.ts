import { statement, type Db } from './pool';
import type { MetaStore } from '../meta';

const S = {
  get: statement('meta_get', 'SELECT value FROM meta WHERE key = $1'),
  set: statement('meta_set', 'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  delete: statement('meta_delete', 'DELETE FROM meta WHERE key = $1'),
  claim: statement('meta_claim', 'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING'),
};

export class PgMetaStore implements MetaStore {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.row<{ value: string }>(S.get, [key]))?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.run(S.set, [key, value]);
  }

  async delete(key: string): Promise<void> {
    await this.db.run(S.delete, [key]);
  }

  /**
   * The insert waits for a concurrent uncommitted insert of the same key and then does nothing; the read that follows
   * is a new statement, so it sees the first writer's committed value.
   */
  async claim(key: string, value: string): Promise<string> {
    await this.db.run(S.claim, [key, value]);
    return (await this.get(key))!;
  }
}
