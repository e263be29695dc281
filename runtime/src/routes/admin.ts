import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { z } from 'zod';
import {
  ArticleQuery,
  ArticlesImportRequest,
  ArticlesImportResponse,
  ArticlesResponse,
  BotResponse,
  BotsResponse,
  CreateBotRequest,
  CreatedBotResponse,
  DraftResponse,
  FlowDocument,
  PublishedResponse,
  RenameBotRequest,
  SaveFlowRequest,
  SavedFlowResponse,
  VersionResponse,
  VersionsResponse,
  hasErrors,
  parseFlowDocument,
  validate,
  stepKinds,
  stepOf,
  type FlowDocument as FlowDoc,
} from '@parley/shared';
import { HttpError, notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { starterFlow } from '../seed/starter';
import { randomUUID } from 'node:crypto';
import { principalOf } from '../http/auth';
import { maskSecrets, restoreSecrets } from '../flowSecrets';

const BotParams = z.object({ botId: z.string().min(1).max(64) });

function parseDocument(raw: unknown): FlowDoc {
  const parsed = parseFlowDocument(raw);
  if (!parsed.success) throw new HttpError(400, 'invalid_flow', `Not a flow document: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`, parsed.error.issues);
  return parsed.data;
}

/** Bots, drafts, publishing and the help center: the admin's API. */
export function adminRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  const now = () => clock().toISOString();
  // A 2,000-step flow is about 650 KB of JSON.
  const flowBody = { access: 'admin', body: '4mb' } as const;
  const bot = async (params: unknown) => {
    const { botId } = parseInput(BotParams, params, 'path');
    const row = await store.bots.get(botId);
    if (!row) throw notFound('Bot');
    return row;
  };

  r.get('/api/bots', { access: 'admin', response: { 200: BotsResponse } }, async (_req, res) => {
    res.json({ bots: await store.bots.list() });
  });

  r.post('/api/bots', { ...flowBody, request: { body: CreateBotRequest }, response: { 201: CreatedBotResponse } }, async (req, res) => {
    const body = parseInput(CreateBotRequest, req.body);
    const id = body.id ?? randomUUID().slice(0, 8);
    if (await store.bots.get(id)) throw new HttpError(409, 'bot_exists', `A bot with id "${id}" already exists`);
    const source = body.from === undefined ? undefined : await store.bots.draft(body.from);
    if (body.from !== undefined && !source) throw notFound('Bot to copy');
    // A copy is made from the stored draft, so its secret header values come along although the editor never saw them.
    const document = source
      ? { ...source.document, id, name: body.name }
      : body.flow === undefined
        ? starterFlow(id, body.name, body.locale)
        : { ...parseDocument(body.flow), id, name: body.name };
    // Checked again by the create itself: two admins creating the same id at once get one bot and one 409.
    if (!(await store.bots.create(id, body.name, document, now()))) throw new HttpError(409, 'bot_exists', `A bot with id "${id}" already exists`);
    await ctx.audit(principalOf(res)!.actor, 'bot.created', { botId: id });
    res.status(201).json({ bot: await store.bots.get(id), flow: maskSecrets(document), diagnostics: validate(document).diagnostics });
  });

  r.patch('/api/bots/:botId', { access: 'admin', request: { body: RenameBotRequest }, response: { 200: BotResponse } }, async (req, res) => {
    const row = await bot(req.params);
    const { name } = parseInput(RenameBotRequest, req.body);
    const draft = (await store.bots.draft(row.id))!;
    await store.bots.saveDraft(row.id, { ...draft.document, name }, undefined, now());
    res.json({ bot: await store.bots.get(row.id) });
  });

  r.delete('/api/bots/:botId', { access: 'admin', response: { 204: null } }, async (req, res) => {
    const row = await bot(req.params);
    await store.bots.delete(row.id);
    await ctx.audit(principalOf(res)!.actor, 'bot.deleted', { botId: row.id });
    res.status(204).end();
  });

  r.get('/api/bots/:botId/flow', { access: 'admin', response: { 200: DraftResponse } }, async (req, res) => {
    const row = await bot(req.params);
    const draft = (await store.bots.draft(row.id))!;
    res.json({ flow: maskSecrets(draft.document), revision: draft.revision, updatedAt: draft.updatedAt, diagnostics: validate(draft.document).diagnostics });
  });

  r.put('/api/bots/:botId/flow', { ...flowBody, request: { body: SaveFlowRequest }, response: { 200: SavedFlowResponse } }, async (req, res) => {
    const row = await bot(req.params);
    // Accept either the bare document or `{ flow, baseRevision }`, so curl users can PUT the file they exported.
    const body = typeof req.body === 'object' && req.body !== null && 'flow' in req.body ? parseInput(SaveFlowRequest, req.body) : { flow: req.body, baseRevision: undefined, force: true };
    const document = restoreSecrets(parseDocument(body.flow), (await store.bots.draft(row.id))?.document);
    if (document.id !== row.id) throw new HttpError(400, 'invalid_flow', `The document's id "${document.id}" is not this bot's id "${row.id}"`);
    const saved = await store.bots.saveDraft(row.id, document, body.force ? undefined : body.baseRevision, now());
    if (!saved.ok) throw new HttpError(409, 'draft_conflict', 'The draft was saved elsewhere after you opened it: reload it, or save again to overwrite', { currentRevision: saved.current });
    res.json({ revision: saved.revision, diagnostics: validate(document).diagnostics });
  });

  r.post('/api/bots/:botId/publish', { access: 'admin', response: { 201: PublishedResponse } }, async (req, res) => {
    const row = await bot(req.params);
    const draft = (await store.bots.draft(row.id))!;
    const { diagnostics, flow } = validate(draft.document);
    if (hasErrors(diagnostics) || flow === null) {
      throw new HttpError(422, 'invalid_flow', `The draft has ${diagnostics.filter((d) => d.severity === 'error').length} error(s); fix them before publishing`, diagnostics);
    }
    const version = await store.bots.publish(row.id, flow, now());
    await ctx.audit(principalOf(res)!.actor, 'bot.published', { botId: row.id, version });
    res.status(201).json({ version, diagnostics });
  });

  r.get('/api/bots/:botId/versions', { access: 'admin', response: { 200: VersionsResponse } }, async (req, res) => {
    const row = await bot(req.params);
    res.json({ versions: await store.bots.versions(row.id) });
  });

  r.get('/api/bots/:botId/versions/:version', { access: 'admin', response: { 200: VersionResponse } }, async (req, res) => {
    const row = await bot({ botId: req.params.botId });
    const version = parseInput(z.coerce.number().int().min(1), req.params.version, 'version');
    const document = await store.bots.versionDocument(row.id, version);
    if (!document) throw notFound('Version');
    res.json({ version, flow: maskSecrets(document) });
  });

  r.post('/api/articles/import', { access: 'admin', body: '20mb', request: { body: ArticlesImportRequest }, response: { 200: ArticlesImportResponse } }, async (req, res) => {
    const body = parseInput(ArticlesImportRequest, req.body);
    const result = await store.articles.import(
      body.articles.map((a) => ({ externalId: String(a.id), title: a.title, bodyHtml: a.body ?? '', url: a.html_url, locale: a.locale.toLowerCase(), labels: a.label_names })),
      now(),
    );
    res.json({ ...result, total: await store.articles.count() });
  });

  r.get('/api/articles', { access: 'admin', request: { query: ArticleQuery }, response: { 200: ArticlesResponse } }, async (req, res) => {
    const q = parseInput(ArticleQuery, req.query, 'query');
    const articles = q.query ? await store.articles.search(q.query, q.locale ?? '', q.limit) : await store.articles.recent(q.locale ?? '', q.limit);
    res.json({ articles });
  });

  return r.router;
}

/** The flow document's JSON Schema, from the same zod schemas that validate it. */
export function schemaDocument() {
  return {
    flow: z.toJSONSchema(FlowDocument, { io: 'input', unrepresentable: 'any' }),
    steps: Object.fromEntries(stepKinds.map((k) => [k, z.toJSONSchema(stepOf(k).schema, { io: 'input', unrepresentable: 'any' })])),
  };
}
