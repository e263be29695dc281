import { randomUUID } from 'node:crypto';
import { openDatabase } from './db';
import { SqliteChannelStore } from './channels';
import { SqliteProfileStore } from './profiles';
import { SqliteIntegrationStore, SqliteWebhookEndpointStore } from './integrations';
import { SqliteEmailStore } from './email';
import { SqliteNotificationStore } from './notifications';
import { SqliteConversionStore } from './conversions';
import { SqliteSwitchboardStore } from './switchboard';
import { SqliteBotStore } from './bots';
import { SqliteConversationStore } from './conversations';
import { SqliteTicketStore } from './tickets';
import { SqliteArticleStore } from './articles';
import { SqliteMetaStore } from './meta';
import { SqliteUserStore } from './users';
import { SqliteAuditStore } from './audit';
import { SqliteBlockStore } from './blocks';
import { SqliteDeliveryStore } from './deliveries';
import { SqliteRateLimitStore } from './rateLimits';
import { SqliteAnalyticsStore } from './analytics';
import type { Store } from '..';

/** better-sqlite3 on one file in WAL mode: synchronous underneath, so each method resolves at once. */
export function openSqliteStore(path: string): Store {
  const db = openDatabase(path);
  const instance = randomUUID();
  const analytics = new SqliteAnalyticsStore(db);
  return {
    instance,
    bots: new SqliteBotStore(db),
    conversations: new SqliteConversationStore(db, instance, analytics),
    analytics,
    tickets: new SqliteTicketStore(db),
    articles: new SqliteArticleStore(db),
    meta: new SqliteMetaStore(db),
    users: new SqliteUserStore(db),
    audit: new SqliteAuditStore(db),
    blocks: new SqliteBlockStore(db),
    deliveries: new SqliteDeliveryStore(db),
    rateLimits: new SqliteRateLimitStore(db),
    channels: new SqliteChannelStore(db),
    profiles: new SqliteProfileStore(db),
    integrations: new SqliteIntegrationStore(db),
    webhooks: new SqliteWebhookEndpointStore(db),
    email: new SqliteEmailStore(db),
    notifications: new SqliteNotificationStore(db),
    conversions: new SqliteConversionStore(db),
    switchboard: new SqliteSwitchboardStore(db),
    isOpen: () => db.open,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}
