/**
 * The switchboard's record of a conversation beside the holder on its row: whom control was offered to, where the
 * flow resumes on release, and what the pass carried. And third parties' metadata on a conversation.
 */
export interface SwitchboardRecord {
  conversationId: string;
  /** `agent`, `flow` or `integration:<id>`. */
  offeredTo: string | null;
  releaseStep: string | null;
  passMetadata: Record<string, unknown>;
  updatedAt: string;
}

export interface SwitchboardStore {
  get(conversationId: string): Promise<SwitchboardRecord | undefined>;
  /** Creates or replaces the conversation's record. */
  put(record: SwitchboardRecord): Promise<void>;
  /** The conversation's metadata (`{}` when none was set). */
  metadata(conversationId: string): Promise<Record<string, unknown>>;
  /**
   * Merges `patch` into the metadata in one transaction (top-level keys replace, `null` removes one) and returns the
   * result; concurrent merges of different keys never lose each other's. A result longer than `maxChars` of JSON is
   * not written: `undefined`.
   */
  mergeMetadata(conversationId: string, patch: Record<string, unknown>, now: string, maxChars: number): Promise<Record<string, unknown> | undefined>;
}

/** The merge both stores do: shallow, with `null` deleting a key. */
export function mergeInto(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
