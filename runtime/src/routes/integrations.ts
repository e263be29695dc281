import type { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CreateIntegrationRequest, IntegrationCreatedResponse, IntegrationResponse, IntegrationsResponse } from '@parley/shared';
import { createRoutes } from '../http/routes';
import { HttpError, notFound, parseInput } from '../http/errors';
import { hashToken, INTEGRATION_KEY_PREFIX, newToken, principalOf } from '../http/auth';
import type { AppContext } from '../context';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/**
 * Integrations: an admin creates one with a name and scopes and gets its API key once (only a digest is kept);
 * revoking it shuts every route to it at once. Integrations themselves cannot manage integrations.
 */
export function integrationRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);

  r.get('/api/integrations', { access: 'admin', summary: 'Integrations, without their keys', response: { 200: IntegrationsResponse } }, async (_req, res) => {
    res.json({ integrations: await store.integrations.list() });
  });

  r.post(
    '/api/integrations',
    { access: 'admin', summary: 'Creates an integration; its key is in this answer only', request: { body: CreateIntegrationRequest }, response: { 201: IntegrationCreatedResponse } },
    async (req, res) => {
      const body = parseInput(CreateIntegrationRequest, req.body);
      const key = `${INTEGRATION_KEY_PREFIX}${newToken(32)}`;
      const integration = {
        id: `int_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
        name: body.name,
        scopes: [...new Set(body.scopes)],
        keyHint: key.slice(-4),
        createdAt: clock().toISOString(),
        createdBy: principalOf(res)!.actor,
        revokedAt: null,
        lastUsedAt: null,
      };
      await store.integrations.create(integration, hashToken(key));
      await ctx.audit(principalOf(res)!.actor, 'integration.created', { integrationId: integration.id, name: integration.name, scopes: integration.scopes });
      res.status(201).json({ integration, key });
    },
  );

  r.delete('/api/integrations/:id', { access: 'admin', summary: "Revokes an integration's key", response: { 200: IntegrationResponse } }, async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    const integration = await store.integrations.get(id);
    if (!integration) throw notFound('Integration');
    if (integration.revokedAt !== null) throw new HttpError(409, 'already_revoked', 'This integration is revoked already');
    await store.integrations.revoke(id, clock().toISOString());
    await ctx.audit(principalOf(res)!.actor, 'integration.revoked', { integrationId: id, name: integration.name });
    res.json({ integration: (await store.integrations.get(id))! });
  });

  return r.router;
}
