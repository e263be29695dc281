import { Router } from 'express';
import { z } from 'zod';
import { apiCall, listPaths } from '@parley/shared';
import { HttpError, notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';
import { performApiCall, type HttpDeps } from '../steps/apiCall';
import { validate } from '@parley/shared';

const PreviewRequest = z.object({ forceBusinessHours: z.enum(['open', 'closed']).nullable().optional() }).default({});
const TestRequest = z.object({
  step: z.unknown(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

/** The editor's tools: a preview chat on the current draft, and a trial run of an API call step. */
export function previewRoutes(ctx: AppContext, http: HttpDeps): Router {
  const { store, turns, clock } = ctx;
  const r = Router();

  r.post('/bots/:botId/preview', async (req, res) => {
    const bot = store.bots.get(String(req.params.botId));
    if (!bot) throw notFound('Bot');
    const body = parseInput(PreviewRequest, req.body ?? {});
    const draft = store.bots.draft(bot.id)!;
    const { flow, diagnostics } = validate(draft.document);
    // Unlike publishing, a preview runs with dangling outlets and warnings: trying a half-built flow is the point.
    if (flow === null || !flow.nodes.some((n) => n.type === 'start')) {
      throw new HttpError(422, 'invalid_flow', 'Some steps have invalid settings; fix them to preview', diagnostics.filter((d) => d.severity === 'error'));
    }
    const version = store.bots.freezePreview(bot.id, flow, clock().toISOString());
    const { conversation, token, messages } = await turns.start(bot.id, { name: 'Preview' }, { version, forceHours: body.forceBusinessHours ?? null });
    const after = store.conversations.get(conversation.id)!;
    res.status(201).json({ conversationId: conversation.id, token, messages, status: after.status, nodeId: after.nodeId });
  });

  r.post('/tools/api-call', async (req, res) => {
    const body = parseInput(TestRequest, req.body);
    const step = parseInput(apiCall.schema, body.step, 'step');
    const { trace } = await performApiCall(step, body.vars, http);
    res.json({ trace, paths: trace.response === undefined ? [] : listPaths(trace.response) });
  });

  return r;
}
