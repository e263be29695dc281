import type { StepRuntime } from './step';

/**
 * Checks the integration can take the conversation: it exists, is not revoked, and may answer (`messages:write`).
 * The switchboard records the pass once the turn commits (see switchboard/control.ts `passedBy`).
 */
export const passToIntegration: StepRuntime<'passToIntegration'> = {
  perform: async ({ nodeId, data, deps }) => {
    const integration = await deps.integrations?.get(data.integrationId);
    if (!integration || integration.revokedAt !== null || !integration.scopes.includes('messages:write')) {
      deps.log.warn({ nodeId, integrationId: data.integrationId }, 'pass to integration: the integration is unknown, revoked or cannot write messages');
      return { outlet: 'unavailable' };
    }
    return { outlet: 'passed' };
  },
};
