import { statement, type Db } from './pool';
import type { AuditEntry, AuditStore } from '../audit';

const S = {
  insert: statement('audit_insert', 'INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)'),
  list: statement('audit_list', 'SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1'),
};

export class PgAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  async add(at: string, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.run(S.insert, [at, actor, action, JSON.stringify(detail)]);
  }

  async list(limit = 200): Promise<AuditEntry[]> {
    return this.db.rows<AuditEntry>(S.list, [limit]);
  }
}
