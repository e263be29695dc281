import { z } from 'zod';
import { WebhookEvent } from '@parley/shared';
import type { Dispatcher, Sender, SendResult } from '../outbox/dispatcher';
import type { Store } from '../store';
import { WEBHOOK_KIND } from './events';
import { SIGNATURE_HEADER, signWebhook } from './signature';

export const USER_AGENT = 'Parley-Webhooks/1';

const Payload = z.object({ endpointId: z.string(), event: WebhookEvent });

export interface WebhookSenderDeps {
  store: Store;
  /** The app's guarded fetch: an endpoint whose name now resolves to a private address is refused at connect time. */
  fetch: typeof globalThis.fetch;
  clock: () => Date;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(header);
  return Number.isFinite(at) && at > now.getTime() ? at - now.getTime() : undefined;
}

/**
 * What a receiver's answer means:
 * - 2xx: delivered.
 * - 410 Gone: the receiver says this endpoint is gone for good: dead at once (an admin can still redeliver).
 * - 429 and 5xx: retried, no sooner than its Retry-After.
 * - Any other 4xx: retried as well, like Sunshine Conversations does. A receiver that answers 401/404 is most often
 *   mid-deploy or checking signatures with a secret it has not picked up yet, which fixes itself within the retry window;
 *   the schedule is bounded (`maxAttempts`), so a receiver that stays wrong costs a few requests and ends dead, where
 *   an admin sees it in the deliveries list.
 * - A redirect is a failure (retried): the signature covers this URL's delivery, and following a redirect would send
 *   the body where nobody registered it.
 */
export function outcomeOf(status: number, headers: Headers, now: Date): SendResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status === 410) return { ok: false, status, error: 'HTTP 410 Gone: the receiver asked for no more deliveries', retryable: false };
  const wait = status === 429 || status >= 500 ? retryAfterMs(headers.get('retry-after'), now) : undefined;
  return { ok: false, status, error: status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

/**
 * The dispatcher's sender for webhook deliveries. The endpoint is read at send time: one deleted or disabled since the
 * event was queued (or whose integration was revoked) is not sent to, and not retried. The body is the event as JSON,
 * signed over its exact bytes with the endpoint's secret at the moment of sending (so the timestamp is fresh on every
 * retry). Neither the secret nor the body is ever logged or kept in an error text.
 */
export function webhookSender(deps: WebhookSenderDeps): Sender {
  return async (delivery, ctx) => {
    const payload = Payload.safeParse(delivery.payload);
    if (!payload.success) return { ok: false, error: 'The delivery is not a webhook event this version understands', retryable: false };
    const { endpointId } = payload.data;
    const endpoint = await deps.store.webhooks.get(endpointId);
    if (!endpoint) return { ok: false, error: `Webhook endpoint ${endpointId} was deleted`, retryable: false };
    if (endpoint.disabledAt !== null) return { ok: false, error: `Webhook endpoint ${endpointId} is disabled`, retryable: false };
    if (endpoint.integrationId !== null) {
      const integration = await deps.store.integrations.get(endpoint.integrationId);
      if (!integration || integration.revokedAt !== null) return { ok: false, error: `The integration that registered endpoint ${endpointId} is revoked`, retryable: false };
    }
    const event = await completed(deps.store, payload.data.event);
    const body = JSON.stringify(event);
    const now = deps.clock();
    let res: Response;
    try {
      res = await deps.fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: ctx.signal,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, body, now),
          'X-Parley-Event-Id': event.id,
          'X-Parley-Event-Type': event.type,
        },
      });
    } catch (error) {
      return { ok: false, ...networkError(error) };
    }
    // Only the status matters: the answer's body is dropped unread, and the connection goes back to the pool.
    await res.body?.cancel().catch(() => undefined);
    return outcomeOf(res.status, res.headers, now);
  };
}

/** A failed request, described without the URL's query (which may carry a receiver's token). */
function networkError(error: unknown): { error: string; retryable?: boolean } {
  const cause = (error as { cause?: unknown }).cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  // The address guard refused the endpoint's address: that does not change by retrying within minutes.
  if (message.startsWith('refused address')) return { error: message, retryable: false };
  const code = (cause as { code?: unknown } | undefined)?.code;
  return { error: typeof code === 'string' ? `${code}: ${message}` : message || 'the request failed' };
}

/**
 * `ticket.created` is queued in the transaction that creates the ticket, before its id exists: the id is filled in
 * here from the conversation's ticket (a conversation has one ticket: resolving it ends the conversation).
 */
async function completed(store: Store, event: WebhookEvent): Promise<WebhookEvent> {
  const ticket = event.data.ticket as { id?: unknown } | undefined;
  if (event.type !== 'ticket.created' || !ticket || ticket.id != null || !event.conversationId) return event;
  const row = await store.tickets.latestFor(event.conversationId);
  return row ? { ...event, data: { ...event.data, ticket: { ...ticket, id: row.id } } } : event;
}

/** Registers the webhook sender with the app's dispatcher. */
export function registerWebhookSender(dispatcher: Pick<Dispatcher, 'register'>, deps: WebhookSenderDeps): void {
  dispatcher.register(WEBHOOK_KIND, webhookSender(deps));
}
