import type { Integration, Scope, WebhookDelivery as WebhookDeliverySchema, WebhookEndpoint, WebhookEventType } from '@parley/shared';
import { SCOPES, WEBHOOK_EVENT_TYPES } from '@parley/shared';
import { request } from '../api/client';

/** The contract exports the delivery's schema only; its parsed shape is the type. */
export type WebhookDelivery = ReturnType<(typeof WebhookDeliverySchema)['parse']>;
export type { Integration, Scope, WebhookEndpoint, WebhookEventType };
export { SCOPES, WEBHOOK_EVENT_TYPES };

export interface WebhookChange {
  url?: string;
  events?: WebhookEventType[];
  disabled?: boolean;
}

const webhook = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

/**
 * Integrations (scoped API keys for platform teams) and webhook endpoints: admin-only. A key and an endpoint's secret
 * come back only in the answer that created them; callers hand them to the one-time panel and keep them nowhere else.
 */
export const integrationsApi = {
  integrations: () => request<{ integrations: Integration[] }>('/api/integrations').then((r) => r.integrations),
  createIntegration: (name: string, scopes: Scope[]) => request<{ integration: Integration; key: string }>('/api/integrations', { method: 'POST', body: { name, scopes } }),
  revokeIntegration: (id: string) => request<{ integration: Integration }>(`/api/integrations/${encodeURIComponent(id)}`, { method: 'DELETE' }).then((r) => r.integration),

  webhooks: () => request<{ webhooks: WebhookEndpoint[] }>('/api/webhooks').then((r) => r.webhooks),
  createWebhook: (url: string, events: WebhookEventType[]) => request<{ webhook: WebhookEndpoint; id: string; secret: string }>('/api/webhooks', { method: 'POST', body: { url, events } }),
  changeWebhook: (id: string, change: WebhookChange) => request<{ webhook: WebhookEndpoint }>(webhook(id), { method: 'PATCH', body: change }).then((r) => r.webhook),
  deleteWebhook: (id: string) => request<void>(webhook(id), { method: 'DELETE' }),

  deliveries: (id: string) => request<{ deliveries: WebhookDelivery[] }>(`${webhook(id)}/deliveries`).then((r) => r.deliveries),
  redeliver: (id: string, deliveryId: number) =>
    request<{ delivery?: WebhookDelivery } | undefined>(`${webhook(id)}/deliveries/${deliveryId}/redeliver`, { method: 'POST' }).then((r) => r?.delivery ?? null),
};
