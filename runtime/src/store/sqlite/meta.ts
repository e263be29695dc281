import type { Db } from './db';
import type { MetaStore } from '../meta';

export class SqliteMetaStore implements MetaStore {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;
  private readonly claimStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteStmt = db.prepare('DELETE FROM meta WHERE key = ?');
    this.claimStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  }

  async get(key: string): Promise<string | undefined> {
    return (this.getStmt.get(key) as { value: string } | undefined)?.value;
  }

  async set(key: string, value: string): Promise<void> {
    this.setStmt.run(key, value);
  }

  async delete(key: string): Promise<void> {
    this.deleteStmt.run(key);
  }

  async claim(key: string, value: string): Promise<string> {
    this.claimStmt.run(key, value);
    return (await this.get(key))!;
  }
}
