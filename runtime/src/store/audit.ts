import type { AuditEntry } from '@parley/shared';

export type { AuditEntry };

/** Who did what to the configuration: publishing, users and tokens. Append only. */
export interface AuditStore {
  add(at: string, actor: string, action: string, detail: Record<string, unknown>): Promise<void>;
  list(limit?: number): Promise<AuditEntry[]>;
}
