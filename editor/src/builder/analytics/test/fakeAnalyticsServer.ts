import {
  AddPhraseRequest,
  AddPhraseResponse,
  AnalyticsQuery,
  AnalyticsResponse,
  ConversationPathResponse,
  DraftResponse,
  StreamHistoryResponse,
  TranscriptsQuery,
  TranscriptsResponse,
  UnmatchedResponse,
  VersionsResponse,
  type FlowDocument,
  type Message,
} from '@parley/shared';
import { mockFetch, type Call, type Reply } from '../../../common/test/fetchMock';
import type { PathStep, Report, Summary, Unmatched } from '../analyticsApi';

interface Parsing {
  safeParse(value: unknown): { success: boolean; error?: { message: string } };
}

export const BOT = 'order-support';

/** A report whose figures add up: every count behind a rate is in the totals. */
export function report(extra: Partial<Report> = {}): Report {
  return {
    botId: BOT,
    from: '2026-11-03',
    to: '2026-12-02',
    version: 3,
    totals: {
      started: 1240,
      ended: 700,
      automatedResolutions: 620,
      handoffs: 310,
      abandoned: 186,
      faqQuestions: 400,
      faqAnswered: 300,
      faqSuggested: 40,
      faqNoMatch: 60,
      articleHelped: 45,
      articleNotHelped: 15,
      csatResponses: 0,
      csatPositive: 0,
    },
    rates: { automatedResolution: 0.5, handoff: 0.25, abandonment: 0.15, faqAnswer: 0.75, faqNoMatch: 0.15, articleHelpfulness: 0.75 },
    series: [
      { day: '2026-12-01', started: 600, handoffs: 150, automatedResolutions: 300, abandoned: 90 },
      { day: '2026-12-02', started: 640, handoffs: 160, automatedResolutions: 320, abandoned: 96 },
    ],
    steps: {},
    ...extra,
  };
}

export const emptyReport = (): Report =>
  report({
    totals: { started: 0, ended: 0, automatedResolutions: 0, handoffs: 0, abandoned: 0, faqQuestions: 0, faqAnswered: 0, faqSuggested: 0, faqNoMatch: 0, articleHelped: 0, articleNotHelped: 0, csatResponses: 0, csatPositive: 0 },
    rates: { automatedResolution: null, handoff: null, abandonment: null, faqAnswer: null, faqNoMatch: null, articleHelpfulness: null },
    series: [],
  });

export const summary = (id: string, extra: Partial<Summary> = {}): Summary => ({ conversationId: id, startedAt: '2026-12-01T10:00:00.000Z', channel: 'web', outcome: 'resolved', version: 3, lastNodeId: null, messages: 6, ...extra });

interface Seed {
  report?: Report | ((query: URLSearchParams) => Report);
  versions?: number[];
  groups?: Unmatched[];
  conversations?: Summary[];
  paths?: Record<string, PathStep[]>;
  messages?: Record<string, Message[]>;
  draft?: FlowDocument;
  /** Other routes the screen under test calls (sign-in, the bot list), asked first. */
  routes?: (call: Call) => Reply | undefined;
}

/**
 * The analytics routes as the contract (shared/src/api/analytics.ts) defines them: every query and body is checked
 * against its request schema and every answer against its response schema; a mismatch lands in `problems`, which tests
 * expect empty. Conversations are paged with an opaque cursor; `fail` makes the next call to a route answer an error.
 */
export function fakeAnalyticsServer(seed: Seed = {}) {
  const problems: string[] = [];
  const state = {
    report: seed.report ?? report(),
    groups: seed.groups ?? [],
    conversations: seed.conversations ?? [],
    draft: seed.draft,
    revision: 7,
    phrases: [] as { nodeId: string; answerId: string; phrase: string }[],
    /** Route name → the error answer its next call gets. */
    fail: {} as Record<string, Reply>,
  };
  const check = (schema: Parsing, value: unknown, what: string) => {
    const result = schema.safeParse(value);
    if (!result.success) problems.push(`${what}: ${result.error?.message}`);
    return result.success;
  };
  const answer = (schema: Parsing, body: unknown, what: string): Reply => {
    check(schema, body, `answer to ${what}`);
    return [200, body];
  };
  const failing = (name: string): Reply | undefined => {
    const f = state.fail[name];
    delete state.fail[name];
    return f;
  };
  const base = `/api/bots/${BOT}`;

  const calls = mockFetch((c: Call) => {
    const other = seed.routes?.(c);
    if (other) return other;
    const url = new URL(c.path, 'http://editor.test');
    const q = url.searchParams;
    const params = Object.fromEntries(q);
    const what = `${c.method} ${c.path}`;
    if (c.method !== 'GET' && c.method !== 'PUT' && c.headers['content-type'] !== 'application/json') problems.push(`${what}: not JSON`);
    const p = url.pathname;
    if (p === `${base}/versions` && c.method === 'GET') return answer(VersionsResponse, { versions: (seed.versions ?? [1, 2, 3]).map((version) => ({ version, publishedAt: '2026-11-01T00:00:00.000Z' })) }, what);
    if (p === `${base}/analytics` && c.method === 'GET') {
      check(AnalyticsQuery.strict(), params, what);
      const f = failing('report');
      if (f) return f;
      return answer(AnalyticsResponse, typeof state.report === 'function' ? state.report(q) : state.report, what);
    }
    if (p === `${base}/analytics/unmatched` && c.method === 'GET') {
      check(AnalyticsQuery.omit({ version: true }).strict(), params, what);
      return failing('unmatched') ?? answer(UnmatchedResponse, { groups: state.groups }, what);
    }
    if (p === `${base}/analytics/unmatched/phrase` && c.method === 'POST') {
      if (!check(AddPhraseRequest, c.body, what)) return [400, { error: { code: 'invalid_request', message: 'Invalid body' } }];
      const f = failing('phrase');
      if (f) return f;
      const body = c.body as { nodeId: string; answerId: string; phrase: string };
      const again = state.phrases.some((x) => JSON.stringify(x) === JSON.stringify(body));
      if (!again) {
        state.phrases.push(body);
        state.revision += 1;
      }
      return answer(AddPhraseResponse, { revision: state.revision, added: !again }, what);
    }
    if (p === `${base}/analytics/conversations` && c.method === 'GET') {
      check(TranscriptsQuery.strict(), params, what);
      const f = failing('conversations');
      if (f) return f;
      const limit = Number(q.get('limit') ?? 50);
      const start = q.get('cursor') ? Number(q.get('cursor')!.slice(2)) : 0;
      const rows = state.conversations.filter((s) => (!q.get('outcome') || s.outcome === q.get('outcome')) && (!q.get('channel') || s.channel === q.get('channel')));
      const page = rows.slice(start, start + limit);
      return answer(TranscriptsResponse, { conversations: page, next: start + limit < rows.length ? `c_${start + limit}` : null }, what);
    }
    const path = new RegExp(`^${base}/analytics/conversations/([^/]+)/path$`).exec(p);
    if (path && c.method === 'GET') {
      const id = decodeURIComponent(path[1]!);
      const steps = seed.paths?.[id];
      return steps ? answer(ConversationPathResponse, { conversationId: id, path: steps }, what) : [404, { error: { code: 'not_found', message: 'Conversation not found' } }];
    }
    const history = /^\/api\/stream\/conversations\/([^/]+)\/history$/.exec(p);
    if (history && c.method === 'GET') {
      const id = decodeURIComponent(history[1]!);
      const messages = seed.messages?.[id] ?? [];
      return answer(StreamHistoryResponse, { conversation: { id, botId: BOT, status: 'ended', channel: 'web', createdAt: '2026-12-01T10:00:00.000Z', holder: { party: 'flow', integrationId: null, integrationName: null } }, metadata: {}, messages, lastSeq: messages.at(-1)?.seq ?? 0 }, what);
    }
    if (p === `${base}/flow` && c.method === 'GET' && state.draft) return answer(DraftResponse, { flow: state.draft, revision: state.revision, updatedAt: '2026-12-02T10:00:00.000Z', diagnostics: [] }, what);
    if (p === `${base}/flow` && c.method === 'PUT') return [200, { revision: ++state.revision, diagnostics: [] }];
    return undefined;
  });
  return { calls, problems, state };
}
