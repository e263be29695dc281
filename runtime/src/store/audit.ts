import type { AuditEntry } from '@parley/shared';

export type { AuditEntry };
import type { Db } from './db';


/** Who did what to the configuration: publishing, users and tokens. Append only. */
export class AuditRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)'),
      list: db.prepare('SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?'),
    };
  }

  add(at: string, actor: string, action: string, detail: Record<string, unknown>): void {
    this.s.insert.run(at, actor, action, JSON.stringify(detail));
  }

  list(limit = 200): AuditEntry[] {
    return (this.s.list.all(limit) as (Omit<AuditEntry, 'detail'> & { detail: string })[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
