import type { FaqResult } from '@parley/shared';

/**
 * Bot analytics (issue 14), written in each turn's own transaction (`TurnWrite.analytics`) and read by the reports.
 * Three compact shapes, so no report ever scans messages:
 * - counters per bot, conversation start day, version, step and key (`analytics_counts`), added to by UPSERT: a step's
 *   visits (`visit`), its outlets (`o:<outlet>`), the conversations that finished there (`end`) or were abandoned there
 *   (`abandoned`); and the bot's outcome counters under the step `$` (see OUTCOME_KEYS). An open conversation's
 *   counters wait in its own row and are added when it finishes or is abandoned (encodeDeltas);
 * - a summary of each conversation in its own row (`a_*` columns of `conversations`: where it stands, since when, how
 *   it ended, and its path: each step entered with the outlet that led there), which the finaliser turns into
 *   abandonments (30 minutes without a customer message) and automated resolutions (72 hours without return);
 * - the FAQ results (`analytics_faq`).
 *
 * Counters are kept under the conversation's start day, so a range always counts whole conversations and the counts
 * of each step add up: visits = outlets + ended there + abandoned there + still waiting there.
 */

/** The bot-level counters, kept under the step `$`. */
export const OUTCOME_KEYS = [
  'started',
  'handoffs',
  'ended',
  'resolved',
  'abandoned',
  'faqAnswered',
  'faqSuggested',
  'faqNoMatch',
  'articleHelped',
  'articleNotHelped',
  'csatResponses',
  'csatPositive',
] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];
export const BOT_NODE = '$';
export const VISIT = 'visit';
export const ENDED_HERE = 'end';
export const ABANDONED_HERE = 'abandoned';
export const OUTLET_PREFIX = 'o:';
/** The outlet counted for a step the conversation left without taking one (a notification or a release moved it). */
export const MOVED_OUTLET = '$moved';

/** Where a conversation stands for analytics; `resolved` and `abandoned` are decided later by the finaliser. */
export type SummaryOutcome = 'open' | 'ended' | 'handoff' | 'resolved' | 'abandoned';

export interface CountDelta {
  nodeId: string;
  key: string;
  n: number;
}

export interface AnalyticsWrite {
  conversationId: string;
  botId: string;
  version: number;
  /** The conversation's start day (UTC `YYYY-MM-DD`): every counter of the conversation goes there. */
  day: string;
  startedAt: string;
  visitorId: string | null;
  channel: string;
  at: string;
  /** The conversation's first write: other conversations of the same visitor that ended within 72 hours did not resolve. */
  started: boolean;
  /** Since when an earlier conversation counts as "came back" (at − 72 h). */
  returnSince: string;
  /** Steps entered by this write, in order, with the outlet of the step before that led there. */
  path: { nodeId: string; via: string | null }[];
  faq: FaqResult[];
  /**
   * Where this write's FAQ results start numbering within the conversation: the conversation's message count before
   * the turn, times 16, so two turns in one millisecond (a frozen clock, a burst) never share a key.
   */
  faqOrd: number;
  counts: CountDelta[];
  summary: { lastNodeId: string | null; outcome: 'open' | 'ended' | 'handoff'; endedAt: string | null; pending: boolean };
}

export interface CountRow {
  day: string;
  nodeId: string;
  key: string;
  n: number;
}

export interface Figures {
  counts: CountRow[];
  waiting: { nodeId: string; n: number }[];
}

/** The figures from the rollups and the open conversations' rows (day, step waited at, waiting counters). */
export function figuresOf(rollups: readonly CountRow[], open: readonly { day: string; nodeId: string | null; deltas: string }[]): Figures {
  const counts = [...rollups];
  const waiting = new Map<string, number>();
  for (const o of open) {
    for (const d of decodeDeltas(o.deltas)) counts.push({ day: o.day, nodeId: d.nodeId, key: d.key, n: d.n });
    if (o.nodeId !== null) waiting.set(o.nodeId, (waiting.get(o.nodeId) ?? 0) + 1);
  }
  return { counts, waiting: [...waiting].map(([nodeId, n]) => ({ nodeId, n })) };
}

export interface SummaryRow {
  conversationId: string;
  botId: string;
  version: number;
  startedAt: string;
  channel: string;
  outcome: SummaryOutcome;
  lastNodeId: string | null;
  messages: number;
}

export interface FaqRow {
  nodeId: string;
  text: string;
  outcome: 'suggested' | 'noMatch';
  suggestions: { answerId: string; score: number }[];
  at: string;
}

export interface PathRow {
  nodeId: string;
  via: string | null;
  at: string;
}

export interface SummaryFilter {
  botId: string;
  /** Start times, `from` inclusive, `to` exclusive (ISO). */
  fromAt: string;
  toAt: string;
  version: number | null;
  outcome: SummaryOutcome | null;
  channel: string | null;
  step: string | null;
  /** Keyset: rows strictly before this one in (startedAt desc, id desc). */
  before: { startedAt: string; conversationId: string } | null;
  limit: number;
}

export interface AnalyticsStore {
  /**
   * Settles what time has decided for one bot: open conversations silent since `abandonBefore` become abandoned, and
   * conversations the bot ended before `resolveBefore` whose customer did not come back become automated resolutions.
   */
  finalise(botId: string, abandonBefore: string, resolveBefore: string): Promise<void>;
  /**
   * In one consistent read, for the bot's conversations started on those days (inclusive): the counters per day, step
   * and key (open conversations' included), and the conversations still open (not yet abandoned) per step they wait at.
   */
  figures(botId: string, fromDay: string, toDay: string, version: number | null): Promise<Figures>;
  /** The newest FAQ texts that got no answer (no match or only "did you mean"). */
  unmatched(botId: string, fromAt: string, toAt: string, limit: number): Promise<FaqRow[]>;
  conversations(filter: SummaryFilter): Promise<SummaryRow[]>;
  summary(conversationId: string): Promise<SummaryRow | undefined>;
  path(conversationId: string): Promise<PathRow[]>;
}

// A path is kept in the conversation's own row as records appended by each turn (one statement, no row per step):
// GS at, then for each step entered RS nodeId US via (via empty for none). Step and outlet ids never hold control
// characters (shared/ids.ts). The time is written once per turn: the row is rewritten by every turn, so it stays short.
const GS = '\u001d';
const RS = '\u001e';
const US = '\u001f';

/**
 * A conversation's path stops growing past this many characters (about a hundred steps), so a conversation that goes
 * round a loop for hours never makes its turns rewrite a large row; its counters keep counting.
 */
export const MAX_PATH_CHARS = 3000;

/** A turn's steps entered, as the records appended to the conversation's path. */
export function encodePath(path: AnalyticsWrite['path'], at: string): string {
  if (path.length === 0) return '';
  let out = GS + at;
  for (const p of path) out += `${RS}${p.nodeId}${US}${p.via ?? ''}`;
  return out;
}

export function decodePath(text: string): PathRow[] {
  const out: PathRow[] = [];
  for (const turn of text.split(GS).slice(1)) {
    const [at = '', ...steps] = turn.split(RS);
    for (const step of steps) {
      const [nodeId = '', via = ''] = step.split(US);
      out.push({ nodeId, via: via === '' ? null : via, at });
    }
  }
  return out;
}

/** What a path holds when it entered the step: the substring to look for. */
export const pathStepNeedle = (nodeId: string) => `${RS}${nodeId}${US}`;

/**
 * An open conversation's counters wait in its own row (records appended by each turn: RS nodeId US key US n), and are
 * added to analytics_counts in one UPSERT when it finishes or is abandoned; reports add the open ones' themselves. So
 * a turn that leaves the conversation open writes no page besides its own row (the counter rows are hot and shared).
 * Past this many characters the waiting counters are added early, so the row stays small.
 */
export const MAX_DELTAS_CHARS = 1000;

export function encodeDeltas(counts: readonly CountDelta[]): string {
  let out = '';
  for (const c of counts) out += `${RS}${c.nodeId}${US}${c.key}${US}${c.n}`;
  return out;
}

export function decodeDeltas(text: string): CountDelta[] {
  return text
    .split(RS)
    .slice(1)
    .map((record) => {
      const [nodeId = '', key = '', n = '0'] = record.split(US);
      return { nodeId, key, n: Number(n) };
    });
}

/** Sums deltas of the same step and key, dropping the ones that cancel out. */
export function merge(counts: CountDelta[]): CountDelta[] {
  const byKey = new Map<string, CountDelta>();
  for (const c of counts) {
    const k = `${c.nodeId}\u0000${c.key}`;
    const had = byKey.get(k);
    byKey.set(k, had ? { ...had, n: had.n + c.n } : { ...c });
  }
  return [...byKey.values()].filter((c) => c.n !== 0);
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
