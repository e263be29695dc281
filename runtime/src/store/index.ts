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
import type { ChannelStore } from './channels';
import type { ProfileStore } from './profiles';
import type { IntegrationStore, WebhookEndpointStore } from './integrations';
import type { EmailStore } from './email';
import type { ConversionStore } from './conversions';
import { resolve } from 'node:path';
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
  channels: ChannelStore;
  profiles: ProfileStore;
  integrations: IntegrationStore;
  webhooks: WebhookEndpointStore;
  email: EmailStore;
  notifications: import('./notifications').NotificationStore;
  conversions: ConversionStore;
  switchboard: import('./switchboard').SwitchboardStore;
  analytics: import('./analytics').AnalyticsStore;
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

/**
 * The store the environment asks for: PostgreSQL when `PARLEY_DATABASE_URL` is set (it must then be a postgres:// or
 * postgresql:// URL), else the SQLite file `PARLEY_DB` (default `data/parley.db`) under `root`. A URL that cannot
 * work, or a server that cannot be reached or used at start, is a StoreConfigError with one line for the operator
 * that never repeats the password.
 */
export async function openStoreFromEnv(env: NodeJS.ProcessEnv, root: string): Promise<Store> {
  const url = env.PARLEY_DATABASE_URL;
  if (url !== undefined) {
    // Loaded only when asked for, so SQLite deployments never load the PostgreSQL client.
    const { openPostgresStore } = await import('./postgres');
    return openPostgresStore(url);
  }
  return openStore(resolve(root, env.PARLEY_DB ?? 'data/parley.db'));
}

export { ConflictError } from './conversations';
export { LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors';
