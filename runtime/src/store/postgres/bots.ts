import type { Db } from './pool';
import { statement } from './pool';
// Stored documents go through the same migrations on read as documents clients send.
import { migrateFlow, type FlowDocument } from '@parley/shared';
import type { BotRow, BotStore, Draft, VersionRow } from '../bots';

const SUMMARY = `SELECT b.id, b.name, b.created_at AS "createdAt", b.updated_at AS "updatedAt",
    (SELECT MAX(version) FROM flow_versions v WHERE v.bot_id = b.id AND v.version > 0) AS "publishedVersion",
    COALESCE(d.revision, 0) AS "draftRevision"
  FROM bots b LEFT JOIN flow_drafts d ON d.bot_id = b.id`;

const S = {
  list: statement('bots_list', `${SUMMARY} ORDER BY b.created_at, b.id`),
  get: statement('bots_get', `${SUMMARY} WHERE b.id = $1`),
  insert: statement('bots_insert', 'INSERT INTO bots (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO NOTHING'),
  rename: statement('bots_rename', 'UPDATE bots SET name = $1, updated_at = $2 WHERE id = $3'),
  delete: statement('bots_delete', 'DELETE FROM bots WHERE id = $1'),
  lockBot: statement('bots_lock', 'SELECT id FROM bots WHERE id = $1 FOR UPDATE'),
  draft: statement('bots_draft', 'SELECT document, revision, updated_at AS "updatedAt" FROM flow_drafts WHERE bot_id = $1'),
  draftRevision: statement('bots_draft_revision', 'SELECT revision FROM flow_drafts WHERE bot_id = $1 FOR UPDATE'),
  upsertDraft: statement(
    'bots_upsert_draft',
    `INSERT INTO flow_drafts (bot_id, document, revision, updated_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (bot_id) DO UPDATE SET document = excluded.document, revision = flow_drafts.revision + 1, updated_at = excluded.updated_at
     RETURNING revision`,
  ),
  latestVersion: statement('bots_latest_version', 'SELECT MAX(version) AS v FROM flow_versions WHERE bot_id = $1 AND version > 0'),
  lowestPreview: statement('bots_lowest_preview', 'SELECT MIN(version) AS v FROM flow_versions WHERE bot_id = $1 AND version < 0'),
  insertVersion: statement('bots_insert_version', 'INSERT INTO flow_versions (bot_id, version, document, published_at) VALUES ($1, $2, $3, $4)'),
  versions: statement('bots_versions', 'SELECT version, published_at AS "publishedAt" FROM flow_versions WHERE bot_id = $1 AND version > 0 ORDER BY version DESC'),
  version: statement('bots_version', 'SELECT document FROM flow_versions WHERE bot_id = $1 AND version = $2'),
};

export class PgBotStore implements BotStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<BotRow[]> {
    return this.db.rows<BotRow>(S.list);
  }

  async get(id: string): Promise<BotRow | undefined> {
    return this.db.row<BotRow>(S.get, [id]);
  }

  async create(id: string, name: string, document: FlowDocument, now: string): Promise<boolean> {
    return this.db.tx(async (q) => {
      if ((await q.run(S.insert, [id, name, now])) === 0) return false;
      await q.run(S.upsertDraft, [id, JSON.stringify(document), now]);
      return true;
    });
  }

  async rename(id: string, name: string, now: string): Promise<boolean> {
    return (await this.db.run(S.rename, [name, now, id])) > 0;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run(S.delete, [id])) > 0;
  }

  async draft(id: string): Promise<Draft | undefined> {
    const row = await this.db.row<{ document: unknown; revision: number; updatedAt: string }>(S.draft, [id]);
    return row && { document: migrateFlow(row.document) as FlowDocument, revision: row.revision, updatedAt: row.updatedAt };
  }

  async saveDraft(id: string, document: FlowDocument, baseRevision: number | undefined, now: string): Promise<{ ok: true; revision: number } | { ok: false; current: number }> {
    return this.db.tx(async (q) => {
      // The draft row is locked until commit, so two saves from the same base cannot both pass the check.
      const current = (await q.row<{ revision: number }>(S.draftRevision, [id]))?.revision ?? 0;
      if (baseRevision !== undefined && baseRevision !== current) return { ok: false as const, current };
      const { revision } = (await q.row<{ revision: number }>(S.upsertDraft, [id, JSON.stringify(document), now]))!;
      await q.run(S.rename, [document.name, now, id]);
      return { ok: true as const, revision };
    });
  }

  async publish(id: string, document: FlowDocument, now: string): Promise<number> {
    return this.db.tx(async (q) => {
      // Publishes of one bot queue on its row, so each gets the next number (SQLite has one writer anyway).
      await q.row(S.lockBot, [id]);
      const latest = (await q.row<{ v: number | null }>(S.latestVersion, [id]))?.v ?? 0;
      await q.run(S.insertVersion, [id, latest + 1, JSON.stringify(document), now]);
      return latest + 1;
    });
  }

  async freezePreview(id: string, document: FlowDocument, now: string): Promise<number> {
    return this.db.tx(async (q) => {
      await q.row(S.lockBot, [id]);
      const lowest = (await q.row<{ v: number | null }>(S.lowestPreview, [id]))?.v ?? 0;
      await q.run(S.insertVersion, [id, lowest - 1, JSON.stringify(document), now]);
      return lowest - 1;
    });
  }

  async versions(id: string): Promise<VersionRow[]> {
    return this.db.rows<VersionRow>(S.versions, [id]);
  }

  async versionDocument(id: string, version: number): Promise<FlowDocument | undefined> {
    const row = await this.db.row<{ document: unknown }>(S.version, [id, version]);
    return row && (migrateFlow(row.document) as FlowDocument);
  }
}
