import type { Db } from './db';
import type { Block, BlockStore } from '../blocks';
export class SqliteBlockStore implements BlockStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO blocks (kind, value, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason RETURNING id`),
      list: db.prepare('SELECT id, kind, value, reason, created_by AS createdBy, created_at AS createdAt FROM blocks ORDER BY id DESC'),
      delete: db.prepare('DELETE FROM blocks WHERE id = ?'),
      matches: db.prepare(`SELECT 1 FROM blocks WHERE (kind = 'visitor' AND value = ?) OR (kind = 'ip' AND value = ?) LIMIT 1`),
      any: db.prepare('SELECT COUNT(*) AS n FROM blocks'),
    };
  }

  async add(kind: Block['kind'], value: string, reason: string, by: string, now: string): Promise<number> {
    return (this.s.insert.get(kind, value, reason, by, now) as { id: number }).id;
  }

  async list(): Promise<Block[]> {
    return this.s.list.all() as Block[];
  }

  async remove(id: number): Promise<boolean> {
    return this.s.delete.run(id).changes > 0;
  }

  async isBlocked(visitorId: string | null, ip: string | null): Promise<boolean> {
    return this.s.matches.get(visitorId ?? '\u0000', ip ?? '\u0000') !== undefined;
  }
}
