import type { AppContext } from '../context';
import type { ConversationRow } from '../store/conversations';
import { webhookEvent } from '../webhooks/events';
import type { FlowPass } from './held';

/**
 * After a turn in which the flow passed control (a "Pass to integration" step): the switchboard's record (the step's
 * metadata; release goes on through the step's outlet, so no release step) and the `switchboard.passed` event.
 */
export function flowPassed(deps: () => Pick<AppContext, 'store' | 'events' | 'clock'>) {
  return async (conv: ConversationRow, pass: FlowPass): Promise<void> => {
    const { store, events, clock } = deps();
    const now = clock();
    await store.switchboard.put({ conversationId: conv.id, offeredTo: null, releaseStep: null, passMetadata: pass.metadata, updatedAt: now.toISOString() });
    const integration = await store.integrations.get(pass.integrationId);
    await events.emit(
      webhookEvent(
        'switchboard.passed',
        {
          botId: conv.botId,
          conversationId: conv.id,
          data: {
            from: { party: 'flow', integrationId: null },
            to: { party: 'integration', integrationId: pass.integrationId, integrationName: integration?.name ?? null },
            metadata: pass.metadata,
            nodeId: pass.nodeId,
            by: 'flow',
          },
        },
        now,
      ),
    );
  };
}
