import type { BotStore } from './bots';
import type { ConversationStore } from './conversations';
import type { TicketStore } from './tickets';
import type { ArticleStore } from './articles';
import type { MetaStore } from './meta';
import type { UserStore } from './users';
import type { AuditStore } from './audit';
import type { BlockStore } from './blocks';
import type { DeliveryStore } from './deliveries';
import type { RateLimitStore } from './rateLimits';
import { openSqliteStore } from './sqlite';

/**
 * All persistence behind one object, one repository per aggregate. Every method is async and speaks in rows of the
 * domain, never SQL, so the SQLite store (the embedded default) and the PostgreSQL store stand behind the same calls,
 * and no database handle leaks out.
 */
export interface Store {
  bots: BotStore;
  conversations: ConversationStore;
  tickets: TicketStore;
  articles: ArticleStore;
  meta: MetaStore;
  users: UserStore;
  audit: AuditStore;
  blocks: BlockStore;
  deliveries: DeliveryStore;
  rateLimits: RateLimitStore;
  /** This process's name in the outbox rows it writes. */
  instance: string;
  isOpen(): boolean;
  /** Resolves when the database answers and its migrations are current; rejects with why not (for /api/ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded SQLite store on a file (or `:memory:`). */
export function openStore(path: string): Store {
  return openSqliteStore(path);
}

export { ConflictError } from './conversations';
export { LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors';
