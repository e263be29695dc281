import { statement, type Db } from './pool';
import type { Block, BlockStore } from '../blocks';

const S = {
  insert: statement(
    'blocks_insert',
    `INSERT INTO blocks (kind, value, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason RETURNING id`,
  ),
  list: statement('blocks_list', 'SELECT id, kind, value, reason, created_by AS "createdBy", created_at AS "createdAt" FROM blocks ORDER BY id DESC'),
  delete: statement('blocks_delete', 'DELETE FROM blocks WHERE id = $1'),
  // A NULL visitor or address equals nothing, so it matches no block.
  matches: statement('blocks_matches', `SELECT 1 AS one FROM blocks WHERE (kind = 'visitor' AND value = $1) OR (kind = 'ip' AND value = $2) LIMIT 1`),
};

export class PgBlockStore implements BlockStore {
  constructor(private readonly db: Db) {}

  async add(kind: Block['kind'], value: string, reason: string, by: string, now: string): Promise<number> {
    return (await this.db.row<{ id: number }>(S.insert, [kind, value, reason, by, now]))!.id;
  }

  async list(): Promise<Block[]> {
    return this.db.rows<Block>(S.list);
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.run(S.delete, [id])) > 0;
  }

  async isBlocked(visitorId: string | null, ip: string | null): Promise<boolean> {
    return (await this.db.row(S.matches, [visitorId, ip])) !== undefined;
  }
}
