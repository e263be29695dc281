import type { Db } from './db';
import type { Integration, IntegrationStore, Scope, WebhookEndpointRow, WebhookEndpointStore } from '../integrations';

type RawIntegration = Omit<Integration, 'scopes'> & { scopes: string };
const INTEGRATION = `id, name, scopes, key_hint AS keyHint, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt,
  last_used_at AS lastUsedAt`;
const integration = (r: RawIntegration): Integration => ({ ...r, scopes: JSON.parse(r.scopes) as Scope[] });

export class SqliteIntegrationStore implements IntegrationStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO integrations (id, name, scopes, key_hash, key_hint, created_at, created_by, revoked_at, last_used_at)
        VALUES (@id, @name, @scopes, @keyHash, @keyHint, @createdAt, @createdBy, NULL, NULL)`),
      list: db.prepare(`SELECT ${INTEGRATION} FROM integrations ORDER BY created_at, id`),
      get: db.prepare(`SELECT ${INTEGRATION} FROM integrations WHERE id = ?`),
      byKey: db.prepare(`SELECT ${INTEGRATION} FROM integrations WHERE key_hash = ?`),
      revoke: db.prepare('UPDATE integrations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touch: db.prepare('UPDATE integrations SET last_used_at = ? WHERE id = ?'),
    };
  }

  async create(i: Integration, keyHash: Buffer): Promise<void> {
    this.s.insert.run({ id: i.id, name: i.name, scopes: JSON.stringify(i.scopes), keyHash, keyHint: i.keyHint, createdAt: i.createdAt, createdBy: i.createdBy });
  }

  async list(): Promise<Integration[]> {
    return (this.s.list.all() as RawIntegration[]).map(integration);
  }

  async get(id: string): Promise<Integration | undefined> {
    const row = this.s.get.get(id) as RawIntegration | undefined;
    return row && integration(row);
  }

  async byKeyHash(keyHash: Buffer): Promise<Integration | undefined> {
    const row = this.s.byKey.get(keyHash) as RawIntegration | undefined;
    return row && integration(row);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.s.revoke.run(at, id).changes === 1;
  }

  async touch(id: string, at: string): Promise<void> {
    this.s.touch.run(at, id);
  }
}

type RawEndpoint = Omit<WebhookEndpointRow, 'events'> & { events: string };
const ENDPOINT = `id, integration_id AS integrationId, url, events, secret, created_at AS createdAt, created_by AS createdBy, disabled_at AS disabledAt`;
const endpoint = (r: RawEndpoint): WebhookEndpointRow => ({ ...r, events: JSON.parse(r.events) as string[] });

export class SqliteWebhookEndpointStore implements WebhookEndpointStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO webhook_endpoints (id, integration_id, url, events, secret, created_at, created_by, disabled_at)
        VALUES (@id, @integrationId, @url, @events, @secret, @createdAt, @createdBy, @disabledAt)`),
      get: db.prepare(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE id = ?`),
      all: db.prepare(`SELECT ${ENDPOINT} FROM webhook_endpoints ORDER BY created_at, id`),
      of: db.prepare(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE integration_id IS ? ORDER BY created_at, id`),
      update: db.prepare(`UPDATE webhook_endpoints SET url = COALESCE(@url, url), events = COALESCE(@events, events),
        disabled_at = CASE WHEN @setDisabled = 1 THEN @disabledAt ELSE disabled_at END WHERE id = @id`),
      delete: db.prepare('DELETE FROM webhook_endpoints WHERE id = ?'),
      subscribed: db.prepare(`SELECT ${ENDPOINT.replace(/(^|, )(\w+)/g, '$1e.$2')} FROM webhook_endpoints e
        LEFT JOIN integrations i ON i.id = e.integration_id
        WHERE e.disabled_at IS NULL AND i.revoked_at IS NULL AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = ?)
        ORDER BY e.created_at, e.id`),
    };
  }

  async create(row: WebhookEndpointRow): Promise<void> {
    this.s.insert.run({ ...row, events: JSON.stringify(row.events) });
  }

  async get(id: string): Promise<WebhookEndpointRow | undefined> {
    const row = this.s.get.get(id) as RawEndpoint | undefined;
    return row && endpoint(row);
  }

  async list(integrationId?: string | null): Promise<WebhookEndpointRow[]> {
    const rows = (integrationId === undefined ? this.s.all.all() : this.s.of.all(integrationId)) as RawEndpoint[];
    return rows.map(endpoint);
  }

  async update(id: string, change: { url?: string; events?: string[]; disabledAt?: string | null }): Promise<void> {
    this.s.update.run({
      id,
      url: change.url ?? null,
      events: change.events ? JSON.stringify(change.events) : null,
      setDisabled: change.disabledAt === undefined ? 0 : 1,
      disabledAt: change.disabledAt ?? null,
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.s.delete.run(id).changes === 1;
  }

  async subscribedTo(type: string): Promise<WebhookEndpointRow[]> {
    return (this.s.subscribed.all(type) as RawEndpoint[]).map(endpoint);
  }
}
