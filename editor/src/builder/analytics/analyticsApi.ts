import type { z } from 'zod';
import type {
  AnalyticsReport,
  ConversationPathResponse,
  Message,
  TranscriptOutcome,
  TranscriptSummary,
  TranscriptsResponse,
  UnmatchedGroup,
  VersionInfo,
} from '@parley/shared';
import { request } from '../api/client';

export type Report = AnalyticsReport;
export type Unmatched = z.infer<typeof UnmatchedGroup>;
export type Outcome = z.infer<typeof TranscriptOutcome>;
export type Summary = z.infer<typeof TranscriptSummary>;
export type TranscriptsPage = z.infer<typeof TranscriptsResponse>;
export type PathStep = z.infer<typeof ConversationPathResponse>['path'][number];

/** Inclusive UTC days as the contract takes them (`YYYY-MM-DD`), and a published version or every version. */
export interface Range {
  from: string;
  to: string;
}

export interface TranscriptFilter {
  outcome?: Outcome | undefined;
  step?: string | undefined;
  channel?: string | undefined;
}

const bot = (id: string) => `/api/bots/${encodeURIComponent(id)}/analytics`;

/** A query string from the set values only, so an unset filter is absent rather than `outcome=`. */
function query(values: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The CSV export's address with the list's filters: a plain link, which the session cookie authorises. */
export function transcriptsCsvUrl(botId: string, range: Range, filter: TranscriptFilter): string {
  return `${bot(botId)}/conversations.csv${query({ ...range, ...filter })}`;
}

/** The analytics endpoints of issue 14 (shared/src/api/analytics.ts), all admin-only. */
export const analyticsApi = {
  report: (botId: string, range: Range, version: number | null, signal?: AbortSignal) =>
    request<Report>(`${bot(botId)}${query({ ...range, version })}`, { signal }),
  unmatched: (botId: string, range: Range, signal?: AbortSignal) =>
    request<{ groups: Unmatched[] }>(`${bot(botId)}/unmatched${query({ ...range })}`, { signal }).then((r) => r.groups),
  /** `added` is false when the answer had the phrase already. */
  addPhrase: (botId: string, body: { nodeId: string; answerId: string; phrase: string }) =>
    request<{ revision: number; added: boolean }>(`${bot(botId)}/unmatched/phrase`, { method: 'POST', body }),
  transcripts: (botId: string, range: Range, filter: TranscriptFilter, cursor: string | null, limit = 50) =>
    request<TranscriptsPage>(`${bot(botId)}/conversations${query({ ...filter, ...range, cursor, limit })}`),
  path: (botId: string, conversationId: string) =>
    request<{ conversationId: string; path: PathStep[] }>(`${bot(botId)}/conversations/${encodeURIComponent(conversationId)}/path`).then((r) => r.path),
  /** The transcript itself: the agent/admin history route of the switchboard (oldest first, 500 a page). */
  messages: (conversationId: string) => request<{ messages: Message[] }>(`/api/stream/conversations/${encodeURIComponent(conversationId)}/history`).then((r) => r.messages),
  versions: (botId: string) => request<{ versions: VersionInfo[] }>(`/api/bots/${encodeURIComponent(botId)}/versions`).then((r) => r.versions),
};
