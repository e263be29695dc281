import type { BotSummary, FlowDocument, VersionInfo } from '@parley/shared';

export type BotRow = BotSummary;

export interface Draft {
  document: FlowDocument;
  revision: number;
  updatedAt: string;
}

export type VersionRow = VersionInfo;

/** Bots, their editable draft and their immutable published versions. */
export interface BotStore {
  list(): Promise<BotRow[]>;
  get(id: string): Promise<BotRow | undefined>;
  /** Creates the bot and its first draft; false (and nothing written) when the id is taken, as by a concurrent create. */
  create(id: string, name: string, document: FlowDocument, now: string): Promise<boolean>;
  rename(id: string, name: string, now: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  draft(id: string): Promise<Draft | undefined>;
  /** Saves unless another save landed after `baseRevision`; returns the new revision, or the current one on conflict. */
  saveDraft(id: string, document: FlowDocument, baseRevision: number | undefined, now: string): Promise<{ ok: true; revision: number } | { ok: false; current: number }>;
  publish(id: string, document: FlowDocument, now: string): Promise<number>;
  /**
   * Freezes a draft for the preview chat. Previews are versions too (numbered below zero, never listed), so a preview
   * conversation runs through exactly the same engine as a published one.
   */
  freezePreview(id: string, document: FlowDocument, now: string): Promise<number>;
  versions(id: string): Promise<VersionRow[]>;
  versionDocument(id: string, version: number): Promise<FlowDocument | undefined>;
}
