import type { Db } from './db';
// Stored documents go through the same migrations on read as documents clients send.
import { migrateFlow, type FlowDocument } from '@parley/shared';
import type { BotRow, BotStore, Draft, VersionRow } from '../bots';
export class SqliteBotStore implements BotStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      list: db.prepare(`
        SELECT b.id, b.name, b.created_at AS createdAt, b.updated_at AS updatedAt,
               (SELECT MAX(version) FROM flow_versions v WHERE v.bot_id = b.id AND v.version > 0) AS publishedVersion,
               COALESCE(d.revision, 0) AS draftRevision
        FROM bots b LEFT JOIN flow_drafts d ON d.bot_id = b.id ORDER BY b.created_at, b.id`),
      get: db.prepare(`
        SELECT b.id, b.name, b.created_at AS createdAt, b.updated_at AS updatedAt,
               (SELECT MAX(version) FROM flow_versions v WHERE v.bot_id = b.id AND v.version > 0) AS publishedVersion,
               COALESCE(d.revision, 0) AS draftRevision
        FROM bots b LEFT JOIN flow_drafts d ON d.bot_id = b.id WHERE b.id = ?`),
      insert: db.prepare('INSERT INTO bots (id, name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING'),
      rename: db.prepare('UPDATE bots SET name = ?, updated_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM bots WHERE id = ?'),
      draft: db.prepare('SELECT document, revision, updated_at AS updatedAt FROM flow_drafts WHERE bot_id = ?'),
      upsertDraft: db.prepare(`
        INSERT INTO flow_drafts (bot_id, document, revision, updated_at) VALUES (?, ?, 1, ?)
        ON CONFLICT (bot_id) DO UPDATE SET document = excluded.document, revision = revision + 1, updated_at = excluded.updated_at
        RETURNING revision`),
      latestVersion: db.prepare('SELECT MAX(version) AS v FROM flow_versions WHERE bot_id = ? AND version > 0'),
      lowestPreview: db.prepare('SELECT MIN(version) AS v FROM flow_versions WHERE bot_id = ? AND version < 0'),
      insertVersion: db.prepare('INSERT INTO flow_versions (bot_id, version, document, published_at) VALUES (?, ?, ?, ?)'),
      versions: db.prepare('SELECT version, published_at AS publishedAt FROM flow_versions WHERE bot_id = ? AND version > 0 ORDER BY version DESC'),
      version: db.prepare('SELECT document FROM flow_versions WHERE bot_id = ? AND version = ?'),
    };
  }

  async list(): Promise<BotRow[]> {
    return this.stmts.list.all() as BotRow[];
  }

  async get(id: string): Promise<BotRow | undefined> {
    return this.stmts.get.get(id) as BotRow | undefined;
  }

  async create(id: string, name: string, document: FlowDocument, now: string): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.stmts.insert.run(id, name, now, now).changes === 0) return false;
      this.stmts.upsertDraft.get(id, JSON.stringify(document), now);
      return true;
    })();
  }

  async rename(id: string, name: string, now: string): Promise<boolean> {
    return this.stmts.rename.run(name, now, id).changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.stmts.delete.run(id).changes > 0;
  }

  async draft(id: string): Promise<Draft | undefined> {
    const row = this.stmts.draft.get(id) as { document: string; revision: number; updatedAt: string } | undefined;
    return row && { document: migrateFlow(JSON.parse(row.document)) as FlowDocument, revision: row.revision, updatedAt: row.updatedAt };
  }

  /** Saves unless another save landed after `baseRevision`; returns the new revision, or the current one on conflict. */
  async saveDraft(id: string, document: FlowDocument, baseRevision: number | undefined, now: string): Promise<{ ok: true; revision: number } | { ok: false; current: number }> {
    return this.db.transaction(() => {
      const current = (this.stmts.draft.get(id) as { revision: number } | undefined)?.revision ?? 0;
      if (baseRevision !== undefined && baseRevision !== current) return { ok: false as const, current };
      const { revision } = this.stmts.upsertDraft.get(id, JSON.stringify(document), now) as { revision: number };
      this.stmts.rename.run(document.name, now, id);
      return { ok: true as const, revision };
    })();
  }

  async publish(id: string, document: FlowDocument, now: string): Promise<number> {
    return this.db.transaction(() => {
      const latest = (this.stmts.latestVersion.get(id) as { v: number | null }).v ?? 0;
      this.stmts.insertVersion.run(id, latest + 1, JSON.stringify(document), now);
      return latest + 1;
    })();
  }

  /**
   * Freezes a draft for the preview chat. Previews are versions too (numbered below zero, never listed), so a preview
   * conversation runs through exactly the same engine as a published one.
   */
  async freezePreview(id: string, document: FlowDocument, now: string): Promise<number> {
    return this.db.transaction(() => {
      const lowest = (this.stmts.lowestPreview.get(id) as { v: number | null }).v ?? 0;
      this.stmts.insertVersion.run(id, lowest - 1, JSON.stringify(document), now);
      return lowest - 1;
    })();
  }

  async versions(id: string): Promise<VersionRow[]> {
    return this.stmts.versions.all(id) as VersionRow[];
  }

  async versionDocument(id: string, version: number): Promise<FlowDocument | undefined> {
    const row = this.stmts.version.get(id, version) as { document: string } | undefined;
    return row && (migrateFlow(JSON.parse(row.document)) as FlowDocument);
  }
}
