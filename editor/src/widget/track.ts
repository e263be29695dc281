import { ApiClient } from '../common/api/client';
import type { TrackProps } from './commands';
import { ThreadRefs } from './model';
import { visitorId } from './visitor';

/**
 * `Parley('track', 'purchase', { value: 42, currency: 'USD' })`: `POST /api/bots/:botId/track`, tied to this visitor
 * and, when there is one, the current conversation (its token proves it is this browser's). Works before the chat
 * has booted: all it needs is what the script tag says and what this browser stored.
 */
export function track(origin: string, botId: string, event: string, props: TrackProps): Promise<unknown> {
  const current = new ThreadRefs(botId).load().at(-1);
  const body = {
    event,
    ...(props.value !== undefined && { value: props.value }),
    ...(props.currency !== undefined && { currency: props.currency }),
    visitorId: visitorId(),
    ...(current && { conversationId: current.id, token: current.token }),
  };
  return new ApiClient({ origin, credentials: 'omit', timeoutMs: 30_000 }).post(`/api/bots/${encodeURIComponent(botId)}/track`, body);
}
