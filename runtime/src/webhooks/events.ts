import { randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookEventType } from '@parley/shared';
import type { Store } from '../store';
import type { NewDelivery } from '../store/deliveries';

/** The delivery kind of webhook calls (the dispatcher's sender is registered under it). */
export const WEBHOOK_KIND = 'webhook';

/** What a webhook delivery's payload holds: the endpoint it goes to and the event, signed at send time. */
export interface WebhookPayload {
  endpointId: string;
  event: WebhookEvent;
}

/** A new event; `id` is its idempotency id, the same on every retry and redelivery of it. */
export function webhookEvent(
  type: WebhookEventType,
  about: { botId?: string | null; conversationId?: string | null; data: Record<string, unknown> },
  now: Date,
  id: string = `evt_${randomUUID()}`,
): WebhookEvent {
  return { id, type, createdAt: now.toISOString(), botId: about.botId ?? null, conversationId: about.conversationId ?? null, data: about.data };
}

/** One delivery per enabled endpoint subscribed to the event's type (none when no one listens). */
export async function webhookDeliveries(store: Store, event: WebhookEvent): Promise<NewDelivery[]> {
  return deliveriesTo(await store.webhooks.subscribedTo(event.type), event);
}

/** One delivery of the event per endpoint, keyed by event and endpoint (so queuing it twice queues it once). */
export function deliveriesTo(endpoints: readonly { id: string }[], event: WebhookEvent): NewDelivery[] {
  return endpoints.map((endpoint) => {
    const payload: WebhookPayload = { endpointId: endpoint.id, event };
    return { kind: WEBHOOK_KIND, target: endpoint.id, idempotencyKey: `${event.id}:${endpoint.id}`, payload };
  });
}

/**
 * Events that happen outside a turn (a ticket edited, a conversion recorded, control passed): queued right after
 * the change is committed, through the dispatcher. Events of a turn are queued in the turn's own transaction instead
 * (the webhook outbound hook), so a stored message always has its event.
 */
export interface EventSink {
  emit(event: WebhookEvent): Promise<void>;
}

export function eventSink(store: Store, dispatcher: { enqueue(delivery: NewDelivery): Promise<unknown> }): EventSink {
  return {
    async emit(event) {
      for (const delivery of await webhookDeliveries(store, event)) await dispatcher.enqueue(delivery);
    },
  };
}
