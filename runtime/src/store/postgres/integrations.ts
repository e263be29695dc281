import { statement, type Db } from './pool';
import type { Integration, IntegrationStore, Scope, WebhookEndpointRow, WebhookEndpointStore } from '../integrations';

const INTEGRATION = `id, name, scopes, key_hint AS "keyHint", created_at AS "createdAt", created_by AS "createdBy", revoked_at AS "revokedAt",
  last_used_at AS "lastUsedAt"`;
// pg parses `json` columns itself; the text form is accepted too, in case a pool turns that parser off.
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const integration = (r: Omit<Integration, 'scopes'> & { scopes: unknown }): Integration => ({ ...r, scopes: json<Scope[]>(r.scopes) });

const I = {
  insert: statement(
    'integrations_insert',
    `INSERT INTO integrations (id, name, scopes, key_hash, key_hint, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  ),
  list: statement('integrations_list', `SELECT ${INTEGRATION} FROM integrations ORDER BY created_at, id`),
  get: statement('integrations_get', `SELECT ${INTEGRATION} FROM integrations WHERE id = $1`),
  byKey: statement('integrations_by_key', `SELECT ${INTEGRATION} FROM integrations WHERE key_hash = $1`),
  revoke: statement('integrations_revoke', 'UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL'),
  touch: statement('integrations_touch', 'UPDATE integrations SET last_used_at = $1 WHERE id = $2'),
};

export class PgIntegrationStore implements IntegrationStore {
  constructor(private readonly db: Db) {}

  async create(i: Integration, keyHash: Buffer): Promise<void> {
    await this.db.run(I.insert, [i.id, i.name, JSON.stringify(i.scopes), keyHash, i.keyHint, i.createdAt, i.createdBy]);
  }

  async list(): Promise<Integration[]> {
    return (await this.db.rows<Integration>(I.list)).map(integration);
  }

  async get(id: string): Promise<Integration | undefined> {
    const row = await this.db.row<Integration>(I.get, [id]);
    return row && integration(row);
  }

  async byKeyHash(keyHash: Buffer): Promise<Integration | undefined> {
    const row = await this.db.row<Integration>(I.byKey, [keyHash]);
    return row && integration(row);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.db.run(I.revoke, [at, id])) === 1;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.run(I.touch, [at, id]);
  }
}

const ENDPOINT = `e.id, e.integration_id AS "integrationId", e.url, e.events, e.secret, e.created_at AS "createdAt", e.created_by AS "createdBy",
  e.disabled_at AS "disabledAt"`;
const endpoint = (r: Omit<WebhookEndpointRow, 'events'> & { events: unknown }): WebhookEndpointRow => ({ ...r, events: json<string[]>(r.events) });

const W = {
  insert: statement(
    'webhooks_insert',
    `INSERT INTO webhook_endpoints (id, integration_id, url, events, secret, created_at, created_by, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  ),
  get: statement('webhooks_get', `SELECT ${ENDPOINT} FROM webhook_endpoints e WHERE e.id = $1`),
  all: statement('webhooks_all', `SELECT ${ENDPOINT} FROM webhook_endpoints e ORDER BY e.created_at, e.id`),
  of: statement('webhooks_of', `SELECT ${ENDPOINT} FROM webhook_endpoints e WHERE e.integration_id IS NOT DISTINCT FROM $1 ORDER BY e.created_at, e.id`),
  update: statement(
    'webhooks_update',
    `UPDATE webhook_endpoints SET url = COALESCE($2, url), events = COALESCE($3::json, events),
     disabled_at = CASE WHEN $4 THEN $5 ELSE disabled_at END WHERE id = $1`,
  ),
  delete: statement('webhooks_delete', 'DELETE FROM webhook_endpoints WHERE id = $1'),
  subscribed: statement(
    'webhooks_subscribed',
    `SELECT ${ENDPOINT} FROM webhook_endpoints e LEFT JOIN integrations i ON i.id = e.integration_id
     WHERE e.disabled_at IS NULL AND i.revoked_at IS NULL AND e.events::jsonb ? $1 ORDER BY e.created_at, e.id`,
  ),
};

export class PgWebhookEndpointStore implements WebhookEndpointStore {
  constructor(private readonly db: Db) {}

  async create(r: WebhookEndpointRow): Promise<void> {
    await this.db.run(W.insert, [r.id, r.integrationId, r.url, JSON.stringify(r.events), r.secret, r.createdAt, r.createdBy, r.disabledAt]);
  }

  async get(id: string): Promise<WebhookEndpointRow | undefined> {
    const row = await this.db.row<WebhookEndpointRow>(W.get, [id]);
    return row && endpoint(row);
  }

  async list(integrationId?: string | null): Promise<WebhookEndpointRow[]> {
    const rows = integrationId === undefined ? await this.db.rows<WebhookEndpointRow>(W.all) : await this.db.rows<WebhookEndpointRow>(W.of, [integrationId]);
    return rows.map(endpoint);
  }

  async update(id: string, change: { url?: string; events?: string[]; disabledAt?: string | null }): Promise<void> {
    await this.db.run(W.update, [id, change.url ?? null, change.events ? JSON.stringify(change.events) : null, change.disabledAt !== undefined, change.disabledAt ?? null]);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run(W.delete, [id])) === 1;
  }

  async subscribedTo(type: string): Promise<WebhookEndpointRow[]> {
    return (await this.db.rows<WebhookEndpointRow>(W.subscribed, [type])).map(endpoint);
  }
}
