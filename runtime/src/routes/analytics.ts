import type { Router } from 'express';
import { z } from 'zod';
import {
  AddPhraseRequest,
  AddPhraseResponse,
  AnalyticsQuery,
  AnalyticsResponse,
  ConversationPathResponse,
  TranscriptsQuery,
  TranscriptsResponse,
  UnmatchedResponse,
} from '@parley/shared';
import { createRoutes } from '../http/routes';
import { RawBody } from '../http/contract';
import { HttpError, notFound, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import type { AppContext } from '../context';
import { ABANDON_AFTER_MS, RETURN_WINDOW_MS } from '../analytics/record';
import { buildReport } from '../analytics/report';
import { groupUnmatched, UNMATCHED_LIMIT } from '../analytics/unmatched';
import { csvRow } from '../analytics/csv';
import { addPhrase } from '../analytics/addPhrase';
import type { SummaryFilter, SummaryRow } from '../store/analytics';

const BotParams = z.object({ botId: z.string().min(1).max(64) });
const PathParams = BotParams.extend({ conversationId: z.string().min(1).max(64) });
const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
/** Rows one CSV export holds at most; narrow the filters for more. */
const CSV_MAX_ROWS = 50_000;
const CSV_PAGE = 1_000;

/** A YYYY-MM-DD day that exists, as its midnight UTC; else a 400 that names the query parameter. */
function dayStart(day: string, name: string): number {
  const at = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) throw new HttpError(400, 'invalid_request', `Invalid query: ${name} is not a day of the calendar (${day})`);
  return at;
}

/** The range asked for (default: the last 30 days up to today), checked. */
function rangeOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string; fromAt: string; toAt: string } {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const toStart = dayStart(to, 'to');
  const from = query.from ?? new Date(toStart - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const fromStart = dayStart(from, 'from');
  if (fromStart > toStart) throw new HttpError(400, 'invalid_request', 'Invalid query: from is after to');
  if ((toStart - fromStart) / DAY_MS + 1 > MAX_DAYS) throw new HttpError(400, 'invalid_request', `Invalid query: ask for at most ${MAX_DAYS} days at once`);
  return { from, to, fromAt: new Date(fromStart).toISOString(), toAt: new Date(toStart + DAY_MS).toISOString() };
}

/** The keyset cursor: the last row's start time and id, opaque to clients. */
const encodeCursor = (row: SummaryRow) => Buffer.from(`${row.startedAt}|${row.conversationId}`).toString('base64url');
function decodeCursor(cursor: string): { startedAt: string; conversationId: string } {
  const [startedAt, conversationId, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!startedAt || !conversationId || rest.length > 0 || Number.isNaN(Date.parse(startedAt))) throw new HttpError(400, 'invalid_request', 'Invalid query: the cursor is not one this server gave');
  return { startedAt, conversationId };
}

const summaryOut = (r: SummaryRow) => ({
  conversationId: r.conversationId,
  startedAt: r.startedAt,
  channel: r.channel,
  outcome: r.outcome,
  version: r.version,
  lastNodeId: r.lastNodeId,
  messages: r.messages,
});

/**
 * A bot's analytics for admins (issue 14): the report with the canvas overlay's step figures, the FAQ questions
 * that got no answer (grouped) with the one-click "add as example phrase", and the conversations behind the
 * figures, as pages or CSV, each with its path over the canvas.
 */
export function analyticsRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);

  const botOf = async (params: unknown) => {
    const { botId } = parseInput(BotParams, params, 'path');
    if (!(await store.bots.get(botId))) throw notFound('Bot');
    return botId;
  };
  /** Time decides abandonments and automated resolutions; settled before anything is read. */
  const settle = async (botId: string) => {
    const now = clock().getTime();
    await store.analytics.finalise(botId, new Date(now - ABANDON_AFTER_MS).toISOString(), new Date(now - RETURN_WINDOW_MS).toISOString());
  };
  const filterOf = (botId: string, query: z.output<typeof TranscriptsQuery>): SummaryFilter => {
    const range = rangeOf(query, clock());
    return {
      botId,
      fromAt: range.fromAt,
      toAt: range.toAt,
      version: query.version ?? null,
      outcome: query.outcome ?? null,
      channel: query.channel ?? null,
      step: query.step ?? null,
      before: query.cursor ? decodeCursor(query.cursor) : null,
      limit: query.limit,
    };
  };

  r.get(
    '/api/bots/:botId/analytics',
    { access: 'admin', summary: "A bot's analytics over UTC days (both ends included; default the last 30): totals, rates, a daily series and each step's visits, drop-off and outlets", request: { query: AnalyticsQuery }, response: { 200: AnalyticsResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const query = parseInput(AnalyticsQuery, req.query, 'query');
      const { from, to } = rangeOf(query, clock());
      const version = query.version ?? null;
      await settle(botId);
      const { counts, waiting } = await store.analytics.figures(botId, from, to, version);
      res.json(buildReport({ botId, from, to, version }, counts, waiting));
    },
  );

  r.get(
    '/api/bots/:botId/analytics/unmatched',
    { access: 'admin', summary: `The FAQ questions that got no answer or only "did you mean", grouped by similarity (the newest ${UNMATCHED_LIMIT})`, request: { query: AnalyticsQuery }, response: { 200: UnmatchedResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const { fromAt, toAt } = rangeOf(parseInput(AnalyticsQuery, req.query, 'query'), clock());
      res.json({ groups: groupUnmatched(await store.analytics.unmatched(botId, fromAt, toAt, UNMATCHED_LIMIT)) });
    },
  );

  r.post(
    '/api/bots/:botId/analytics/unmatched/phrase',
    { access: 'admin', summary: "Adds a customer's question as an example phrase of a FAQ answer in the bot's draft (publish to use it)", request: { body: AddPhraseRequest }, response: { 200: AddPhraseResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const body = parseInput(AddPhraseRequest, req.body);
      const result = await addPhrase(store, botId, body, clock().toISOString());
      if (result.added) await ctx.audit(principalOf(res)!.actor, 'analytics.phrase_added', { botId, nodeId: body.nodeId, answerId: body.answerId, revision: result.revision });
      res.json(result);
    },
  );

  r.get(
    '/api/bots/:botId/analytics/conversations',
    { access: 'admin', summary: "A bot's conversations by outcome, step reached and channel, newest first, a page at a time (`next` is the following page's cursor)", request: { query: TranscriptsQuery }, response: { 200: TranscriptsResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const query = parseInput(TranscriptsQuery, req.query, 'query');
      const filter = filterOf(botId, query);
      await settle(botId);
      const rows = await store.analytics.conversations({ ...filter, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      res.json({ conversations: page.map(summaryOut), next: rows.length > filter.limit ? encodeCursor(page.at(-1)!) : null });
    },
  );

  r.get(
    '/api/bots/:botId/analytics/conversations.csv',
    { access: 'admin', summary: `The same conversations as CSV (at most ${CSV_MAX_ROWS} rows)`, request: { query: TranscriptsQuery }, response: { 200: new RawBody('text/csv') } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const query = parseInput(TranscriptsQuery, req.query, 'query');
      let filter: SummaryFilter = { ...filterOf(botId, query), limit: CSV_PAGE };
      await settle(botId);
      let out = csvRow(['conversation_id', 'started_at', 'channel', 'outcome', 'version', 'last_step', 'messages']);
      for (let rows = 0; rows < CSV_MAX_ROWS; ) {
        const page = await store.analytics.conversations(filter);
        for (const r of page) out += csvRow([r.conversationId, r.startedAt, r.channel, r.outcome, r.version, r.lastNodeId, r.messages]);
        rows += page.length;
        if (page.length < filter.limit) break;
        filter = { ...filter, before: { startedAt: page.at(-1)!.startedAt, conversationId: page.at(-1)!.conversationId } };
      }
      res.setHeader('content-disposition', `attachment; filename="${botId}-conversations.csv"`);
      res.type('text/csv').send(out);
    },
  );

  r.get(
    '/api/bots/:botId/analytics/conversations/:conversationId/path',
    { access: 'admin', summary: "One conversation's path over the canvas: each step entered, in order, with the outlet it left by", response: { 200: ConversationPathResponse } },
    async (req, res) => {
      const { botId, conversationId } = parseInput(PathParams, req.params, 'path');
      const summary = await store.analytics.summary(conversationId);
      if (!summary || summary.botId !== botId) throw notFound('Conversation');
      const rows = await store.analytics.path(conversationId);
      // A row holds the outlet that led to it; the outlet a step left by is the next row's.
      res.json({ conversationId, path: rows.map((row, i) => ({ nodeId: row.nodeId, outlet: rows[i + 1]?.via ?? null, at: row.at })) });
    },
  );

  return r.router;
}
