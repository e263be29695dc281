import type { Db } from './db';

export interface Block {
  id: number;
  kind: 'visitor' | 'ip';
  value: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Visitors and addresses an agent has blocked; checked before anything reaches the bot or an agent. */
export class BlockRepository {
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

  add(kind: Block['kind'], value: string, reason: string, by: string, now: string): number {
    return (this.s.insert.get(kind, value, reason, by, now) as { id: number }).id;
  }

  list(): Block[] {
    return this.s.list.all() as Block[];
  }

  remove(id: number): boolean {
    return this.s.delete.run(id).changes > 0;
  }

  isBlocked(visitorId: string | null, ip: string | null): boolean {
    return this.s.matches.get(visitorId ?? '\u0000', ip ?? '\u0000') !== undefined;
  }
}
