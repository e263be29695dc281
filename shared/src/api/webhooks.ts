import { z } from 'zod';
import { DeliveryAttempt, DeliveryStatus } from './deliveries';

/** The events a webhook endpoint can subscribe to. */
export const WebhookEventType = z.enum([
  'conversation.started',
  'message.created',
  'conversation.ended',
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'switchboard.passed',
  'switchboard.released',
  'conversion.recorded',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
export const WEBHOOK_EVENT_TYPES = WebhookEventType.options;

/**
 * The body of every webhook delivery. `id` is the event's idempotency id (the same on every retry and redelivery);
 * `createdAt` is when it happened. The body is signed: `X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the endpoint's secret>`.
 */
export const WebhookEvent = z.object({
  id: z.string(),
  type: WebhookEventType,
  createdAt: z.string(),
  botId: z.string().nullable(),
  conversationId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const CreateWebhookRequest = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'The URL must be an http(s) address, like https://example.com/parley' }).max(2000),
    events: z.array(WebhookEventType, { error: `Events are some of: ${WebhookEventType.options.join(', ')}` }).min(1, 'Choose at least one event').max(WebhookEventType.options.length),
  })
  .strict();

export const UpdateWebhookRequest = z
  .object({
    url: CreateWebhookRequest.shape.url.optional(),
    events: CreateWebhookRequest.shape.events.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** An endpoint as answers show it: its secret only in the answer that created it. */
export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  /** The integration that registered it; null when an admin did. */
  integrationId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  disabledAt: z.string().nullable(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookCreatedResponse = z.object({ webhook: WebhookEndpoint, id: z.string(), secret: z.string() });
export const WebhookResponse = z.object({ webhook: WebhookEndpoint });
export const WebhooksResponse = z.object({ webhooks: z.array(WebhookEndpoint) });

/** One delivery to an endpoint, as the deliveries list shows it: status, attempts, the last response code and latency. */
export const WebhookDelivery = z.object({
  id: z.number().int(),
  eventId: z.string(),
  type: WebhookEventType,
  status: DeliveryStatus,
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** The receiver's status code on the last attempt, when it answered. */
  responseCode: z.number().int().nullable(),
  /** How long the last attempt took (ms). */
  latencyMs: z.number().nullable(),
  log: z.array(DeliveryAttempt),
});
export const WebhookDeliveriesResponse = z.object({ deliveries: z.array(WebhookDelivery) });
export const WebhookDeliveryResponse = z.object({ delivery: WebhookDelivery });
