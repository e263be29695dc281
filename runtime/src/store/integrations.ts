import type { Integration, Scope } from '@parley/shared';

export type { Integration, Scope };

/** Integrations and their keys: only a key's SHA-256 is kept, so a leaked database holds no usable key. */
export interface IntegrationStore {
  create(integration: Integration, keyHash: Buffer): Promise<void>;
  list(): Promise<Integration[]>;
  get(id: string): Promise<Integration | undefined>;
  /** The integration whose key has this digest, revoked or not. */
  byKeyHash(keyHash: Buffer): Promise<Integration | undefined>;
  /** Revokes it; false when it was revoked already or does not exist. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Notes a call made with the key (at most once a minute per key is enough for "last used"). */
  touch(id: string, at: string): Promise<void>;
}

/** A webhook endpoint, its secret included: the secret leaves the store only to sign and in the answer that created it. */
export interface WebhookEndpointRow {
  id: string;
  integrationId: string | null;
  url: string;
  events: string[];
  secret: string;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
}

export interface WebhookEndpointStore {
  create(row: WebhookEndpointRow): Promise<void>;
  get(id: string): Promise<WebhookEndpointRow | undefined>;
  /** Every endpoint, or one integration's. */
  list(integrationId?: string | null): Promise<WebhookEndpointRow[]>;
  update(id: string, change: { url?: string; events?: string[]; disabledAt?: string | null }): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** The enabled endpoints subscribed to an event type, whose integration (if any) is not revoked. */
  subscribedTo(type: string): Promise<WebhookEndpointRow[]>;
}
