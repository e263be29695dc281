import type { Router } from 'express';
import type { AppContext } from '../context';
import type { OutboundHook } from '../engine/turn';
import type { VersionCache } from '../engine/versions';
import type { Sender } from '../outbox/dispatcher';
import { emailRoutes } from '../routes/email';
import { agentReplyEmail } from './agentReplyEmail';
import type { EmailConfig } from './config';
import { createTransport, EMAIL_KIND, emailSender } from './mailer';
import { attachPresence, Presence } from './presence';

/**
 * Wires email follow-up into one app: the dispatcher's `email` sender, presence on the customer's event streams, the
 * outbound hook for agent replies, and the resume and inbound routes. Called by createApp only when SMTP is configured.
 */
export function installEmail(deps: {
  ctx: AppContext;
  config: EmailConfig;
  dispatcher: { register(kind: string, sender: Sender): unknown };
  outboundHooks: OutboundHook[];
  versions: VersionCache;
}): Router {
  const { ctx, config } = deps;
  const presence = new Presence({ store: ctx.store.email, clock: ctx.clock, log: ctx.log, windowMs: config.presenceWindowMs });
  attachPresence(ctx, presence);
  deps.dispatcher.register(EMAIL_KIND, emailSender({ config, transport: createTransport(config), store: ctx.store.email, clock: ctx.clock }));
  deps.outboundHooks.push(
    agentReplyEmail({
      store: ctx.store,
      config,
      presence,
      clock: ctx.clock,
      log: ctx.log,
      publicUrl: ctx.publicUrl ?? config.linkOrigin,
      localeOf: async (conv) => ((await deps.versions.get(conv.botId, conv.flowVersion))?.locale === 'ko' ? 'ko' : 'en'),
    }),
  );
  return emailRoutes(ctx, config);
}
