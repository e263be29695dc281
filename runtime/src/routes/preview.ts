import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { ApiCallTestRequest, ApiCallTestResponse, ConversationStartedResponse, PreviewRequest, apiCall, listPaths } from '@parley/shared';
import { HttpError, notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { performApiCall, type HttpDeps } from '../steps/apiCall';
import { validate, type FlowDocument } from '@parley/shared';
import { restoreSecrets } from '../flowSecrets';

const EMPTY: FlowDocument = { schemaVersion: 1, id: 'test', name: 'test', locale: 'en', variables: [], nodes: [], edges: [], settings: { widget: { color: '#1f6feb', logoUrl: '', position: 'right', greeting: '', proactive: { enabled: false, urlContains: '', afterSeconds: 10, text: '' } } } };

/** The editor's tools: a preview chat on the current draft, and a trial run of an API call step. */
export function previewRoutes(ctx: AppContext, http: HttpDeps): Router {
  const { store, turns, clock } = ctx;
  const r = createRoutes(ctx);

  r.post('/api/bots/:botId/preview', { access: 'admin', request: { body: PreviewRequest }, response: { 201: ConversationStartedResponse } }, ctx.lifecycle.turn(async (req, res) => {
    const bot = await store.bots.get(String(req.params.botId));
    if (!bot) throw notFound('Bot');
    const body = parseInput(PreviewRequest, req.body ?? {});
    const draft = (await store.bots.draft(bot.id))!;
    const { flow, diagnostics } = validate(draft.document);
    // Unlike publishing, a preview runs with dangling outlets and warnings: trying a half-built flow is the point.
    if (flow === null || !flow.nodes.some((n) => n.type === 'start')) {
      throw new HttpError(422, 'invalid_flow', 'Some steps have invalid settings; fix them to preview', diagnostics.filter((d) => d.severity === 'error'));
    }
    const version = await store.bots.freezePreview(bot.id, flow, clock().toISOString());
    const { conversation, token, messages } = await turns.start(bot.id, { name: 'Preview' }, { preview: { version, forceHours: body.forceBusinessHours ?? null } });
    res.status(201).json({ conversationId: conversation.id, token, messages, status: conversation.status, nodeId: conversation.nodeId });
  }));

  r.post('/api/tools/api-call', { access: 'admin', request: { body: ApiCallTestRequest }, response: { 200: ApiCallTestResponse } }, async (req, res) => {
    const body = parseInput(ApiCallTestRequest, req.body);
    const stored = body.botId ? (await store.bots.draft(body.botId))?.document : undefined;
    const restored = restoreSecrets({ ...(stored ?? EMPTY), nodes: [{ id: body.nodeId ?? 'test', type: 'apiCall', position: { x: 0, y: 0 }, data: (body.step ?? {}) as Record<string, unknown> }] }, stored);
    const step = parseInput(apiCall.schema, restored.nodes[0]!.data, 'step');
    const { trace } = await performApiCall(step, body.vars, http);
    res.json({ trace, paths: trace.response === undefined ? [] : listPaths(trace.response) });
  });

  return r.router;
}
