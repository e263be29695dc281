import { randomUUID } from 'node:crypto';
import { StoreConfigError, StoreUnavailableError } from '../errors';
import type { Store } from '..';
import { Db, clientConfig, isConnectionError, statement } from './pool';
import { migrate, MIGRATIONS_TABLE, SCHEMA_VERSION } from './migrations';
import { OutboxListener } from './listener';
import { OUTBOX_CHANNEL, PgConversationStore } from './conversations';
import { PgBotStore } from './bots';
import { PgTicketStore } from './tickets';
import { PgArticleStore } from './articles';
import { PgMetaStore } from './meta';
import { PgUserStore } from './users';
import { PgAuditStore } from './audit';
import { PgBlockStore } from './blocks';
import { PgDeliveryStore } from './deliveries';
import { PgChannelStore } from './channels';
import { PgProfileStore } from './profiles';
import { PgIntegrationStore, PgWebhookEndpointStore } from './integrations';
import { PgEmailStore } from './email';
import { PgNotificationStore } from './notifications';
import { PgConversionStore } from './conversions';
import { PgSwitchboardStore } from './switchboard';
import { PgAnalyticsStore } from './analytics';
import { PgRateLimitStore } from './rateLimits';

export interface PostgresStoreOptions {
  /** How long a turn waits for its conversation's lock before LockTimeoutError (503). Default 15 s. */
  lockTimeoutMs?: number;
  /** Connections for queries and transactions. Default 10. */
  poolSize?: number;
  /** Connections that hold turn locks (one per turn in progress), apart so holders never starve queries. Default 10. */
  lockPoolSize?: number;
  /** How long opening one connection may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** What `pg_stat_activity` shows for this process's connections. Default `parley`. */
  applicationName?: string;
  /** This process's name in the outbox rows it writes. Default a random UUID. */
  instance?: string;
}

/** Where a database URL points, for messages: never the password. */
export interface DatabaseTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** One line that says what is wrong; the stack would only bury it (main prints it and exits 78). */
function configError(message: string): StoreConfigError {
  const error = new StoreConfigError(message);
  error.stack = `StoreConfigError: ${message}`;
  return error;
}

const EXAMPLE = 'postgres://user:password@host:5432/database';

/** Checks a PostgreSQL URL and says where it points; a URL that cannot work is a StoreConfigError that never repeats it. */
export function checkDatabaseUrl(raw: string, variable = 'PARLEY_DATABASE_URL'): DatabaseTarget {
  if (raw.trim() === '') throw configError(`${variable} is set but empty: give it a URL such as ${EXAMPLE}, or unset it to use the SQLite file`);
  if (!/^postgres(ql)?:\/\//i.test(raw.trim())) {
    throw configError(`${variable} must be a PostgreSQL URL starting with postgres:// or postgresql:// (such as ${EXAMPLE}); SQLite is chosen by leaving it unset`);
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw configError(`${variable} is not a valid URL: expected ${EXAMPLE}; check the host and port, and percent-encode special characters (such as @ / : # ?) in the user name and password`);
  }
  const socketHost = url.searchParams.get('host');
  const host = url.hostname || socketHost || 'localhost';
  const port = Number(url.port || url.searchParams.get('port') || 5432);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw configError(`${variable} has an invalid port: expected a number from 1 to 65535`);
  let user = '';
  let database = '';
  try {
    user = decodeURIComponent(url.username);
    database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw configError(`${variable} is not a valid URL: a percent-escape in the user name or database name is broken`);
  }
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port, database, user };
}

const where = (t: DatabaseTarget) => `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;

/** What went wrong opening the store, as one line for the operator; never the password. */
function startupError(error: unknown, target: DatabaseTarget): unknown {
  if (error instanceof StoreConfigError) return error;
  const cause = error instanceof StoreUnavailableError && error.cause !== undefined ? error.cause : error;
  const code = (cause as { code?: unknown })?.code;
  if (isConnectionError(cause)) {
    const why = typeof code === 'string' ? ` (${code})` : '';
    return configError(`Cannot reach PostgreSQL at ${where(target)}${why}: check the host and port in PARLEY_DATABASE_URL and that the server is running and accepts connections from here`);
  }
  if (code === '28P01' || code === '28000') {
    return configError(`PostgreSQL at ${where(target)} refused the login${target.user ? ` of user "${target.user}"` : ''}: check the user name and password in PARLEY_DATABASE_URL`);
  }
  if (code === '3D000') return configError(`PostgreSQL at ${where(target)} has no database "${target.database}": create it, or fix the database name in PARLEY_DATABASE_URL`);
  if (code === '42501') {
    return configError(`PostgreSQL user "${target.user}" may not create Parley's tables in database "${target.database}" at ${where(target)}: grant it CREATE on the schema, or migrate once as its owner`);
  }
  const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return configError(`Cannot use the PostgreSQL database "${target.database}" at ${where(target)}: ${message}`);
}

const schemaVersion = statement('store_schema_version', `SELECT COALESCE(MAX(version), 0) AS v FROM ${MIGRATIONS_TABLE}`);

/**
 * The PostgreSQL store: the same repositories as the SQLite store, for several processes on one database. Migrates
 * on open (once, under an advisory lock, however many processes start together). A server that cannot be reached or
 * used now is a StoreConfigError saying so in one line; once running, an unreachable server makes calls fail with
 * StoreUnavailableError (503) and the pool reconnects by itself when it returns.
 */
export async function openPostgresStore(rawUrl: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const target = checkDatabaseUrl(rawUrl);
  const url = rawUrl.trim();
  const applicationName = options.applicationName ?? 'parley';
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const db = new Db(url, { max: options.poolSize ?? 10, connectTimeoutMs, applicationName });
  const locks = new Db(url, { max: options.lockPoolSize ?? 10, connectTimeoutMs, applicationName: `${applicationName}:locks` });
  try {
    await migrate(db);
  } catch (error) {
    await Promise.allSettled([db.end(), locks.end()]);
    throw startupError(error, target);
  }
  const instance = options.instance ?? randomUUID();
  const listener = new OutboxListener(clientConfig(url, { connectTimeoutMs, applicationName: `${applicationName}:listen` }), OUTBOX_CHANNEL);
  let open = true;
  let closing: Promise<void> | undefined;
  return {
    instance,
    bots: new PgBotStore(db),
    conversations: new PgConversationStore(db, instance, { timeoutMs: options.lockTimeoutMs ?? 15_000, locks }, listener),
    tickets: new PgTicketStore(db),
    articles: new PgArticleStore(db),
    meta: new PgMetaStore(db),
    users: new PgUserStore(db),
    audit: new PgAuditStore(db),
    blocks: new PgBlockStore(db),
    deliveries: new PgDeliveryStore(db),
    rateLimits: new PgRateLimitStore(db),
    channels: new PgChannelStore(db),
    profiles: new PgProfileStore(db),
    integrations: new PgIntegrationStore(db),
    webhooks: new PgWebhookEndpointStore(db),
    email: new PgEmailStore(db),
    notifications: new PgNotificationStore(db),
    conversions: new PgConversionStore(db),
    switchboard: new PgSwitchboardStore(db),
    analytics: new PgAnalyticsStore(db),
    isOpen: () => open,
    ping: async () => {
      const { v } = (await db.row<{ v: number }>(schemaVersion))!;
      if (v !== SCHEMA_VERSION) throw new Error(`The PostgreSQL schema is at version ${v}, and this server needs version ${SCHEMA_VERSION}`);
    },
    close: () => {
      open = false;
      closing ??= (async () => {
        await listener.close();
        await Promise.allSettled([db.end(), locks.end()]);
      })();
      return closing;
    },
  };
}
