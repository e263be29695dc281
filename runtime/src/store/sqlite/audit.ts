import type { Db } from './db';
import type { AuditEntry, AuditStore } from '../audit';
export class SqliteAuditStore implements AuditStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
      list: db.prepare('SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?'),
    };
  }

  async add(at: string, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    this.s.insert.run(at, actor, action, JSON.stringify(detail));
  }

  async list(limit = 200): Promise<AuditEntry[]> {
    return (this.s.list.all(limit) as (Omit<AuditEntry, 'detail'> & { detail: string })[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
