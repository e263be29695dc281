import type { Router } from 'express';
import type { AppContext } from '../context';
import type { OutboundHook } from '../engine/turn';
import type { AllowList } from '../net/addressGuard';
import type { Dispatcher } from '../outbox/dispatcher';
import { webhookRoutes } from '../routes/webhooks';
import { webhookOutbound } from './hook';
import { registerWebhookSender } from './sender';
import { SubscriptionCache } from './subscriptions';

/**
 * Wires webhooks into the app: the sender for `webhook` deliveries (through the app's guarded fetch), the turn hook
 * that queues turn events, and the routes; the hook and the routes share one subscription cache, so a change made
 * here counts on the next turn. Returns the router to mount.
 */
export function installWebhooks(deps: { ctx: AppContext; dispatcher: Dispatcher; outboundHooks: OutboundHook[]; fetch: typeof fetch; allow: AllowList }): Router {
  const { ctx, dispatcher } = deps;
  const subscriptions = new SubscriptionCache(ctx.store.webhooks, () => ctx.clock().getTime());
  registerWebhookSender(dispatcher, { store: ctx.store, fetch: deps.fetch, clock: ctx.clock });
  deps.outboundHooks.push(webhookOutbound(subscriptions, ctx.clock));
  return webhookRoutes(ctx, { allow: deps.allow, dispatcher, subscriptions });
}
