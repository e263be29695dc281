import type { WebhookEvent, WebhookEventType } from '@parley/shared';
import type { OutboundHook } from '../engine/turn';
import type { NewDelivery } from '../store/deliveries';
import { channelOfConversation } from '../customers/profiles';
import { deliveriesTo, webhookEvent } from './events';
import type { SubscriptionCache } from './subscriptions';

/**
 * Event ids of a turn are derived from the conversation and the sequence numbers the turn writes, never random: a turn
 * redone after a conflict (or a retried request) builds the same ids, and the deliveries' idempotency keys
 * (`<event id>:<endpoint id>`) make queuing them again a no-op.
 */
export const turnEventId = {
  started: (conversationId: string) => `evt_${conversationId}.started`,
  message: (conversationId: string, seq: number) => `evt_${conversationId}.${seq}.message`,
  ticketCreated: (conversationId: string, seq: number) => `evt_${conversationId}.${seq}.ticket`,
  ticketResolved: (ticketId: number) => `evt_ticket_${ticketId}.resolved`,
  ended: (conversationId: string) => `evt_${conversationId}.ended`,
};

/**
 * The turn's webhook events, queued in the turn's own transaction so a stored message always has its event:
 * `conversation.started` (the first turn), one `message.created` per stored message in order, `ticket.created`,
 * `ticket.resolved` and `conversation.ended`. When no endpoint listens (the usual case) the cache answers and the turn
 * builds nothing. Editor previews are not customers' conversations: they send no events.
 *
 * `ticket.created` is built before the ticket row exists, so its `data.ticket.id` is null here; the sender fills it
 * in at send time (see sender.ts).
 */
export function webhookOutbound(subscriptions: Pick<SubscriptionCache, 'subscribedTo'>, clock: () => Date): OutboundHook {
  return async (conversation, messages, change) => {
    if (conversation.preview === 1 || messages.length === 0) return [];
    const wanted: WebhookEventType[] = ['message.created'];
    if (conversation.lastSeq === 0) wanted.push('conversation.started');
    if (change.ticket) wanted.push('ticket.created');
    if (change.resolveTicketId !== undefined) wanted.push('ticket.resolved');
    if (change.status === 'ended' && conversation.status !== 'ended') wanted.push('conversation.ended');
    const endpoints = new Map(await Promise.all(wanted.map(async (type) => [type, await subscriptions.subscribedTo(type)] as const)));
    if ([...endpoints.values()].every((list) => list.length === 0)) return [];

    const now = clock();
    const about = { botId: conversation.botId, conversationId: conversation.id };
    const events: WebhookEvent[] = [];
    const add = (type: WebhookEventType, data: Record<string, unknown>, id: string) => {
      if (endpoints.get(type)?.length) events.push(webhookEvent(type, { ...about, data }, now, id));
    };
    add(
      'conversation.started',
      {
        conversation: {
          id: conversation.id,
          botId: conversation.botId,
          flowVersion: conversation.flowVersion,
          channel: channelOfConversation(conversation.visitorId),
          visitor: conversation.visitor,
          createdAt: conversation.createdAt,
        },
      },
      turnEventId.started(conversation.id),
    );
    for (const { seq, message } of messages) {
      add(
        'message.created',
        { message: { seq, author: message.author, payload: message.payload, nodeId: message.nodeId, createdAt: now.toISOString() } },
        turnEventId.message(conversation.id, seq),
      );
    }
    if (change.ticket) {
      const { subject, priority, tags, group, fields } = change.ticket;
      add('ticket.created', { ticket: { id: null, conversationId: conversation.id, subject, priority, tags, group, fields } }, turnEventId.ticketCreated(conversation.id, messages[0]!.seq));
    }
    if (change.resolveTicketId !== undefined) {
      add('ticket.resolved', { ticket: { id: change.resolveTicketId, conversationId: conversation.id } }, turnEventId.ticketResolved(change.resolveTicketId));
    }
    add('conversation.ended', { conversation: { id: conversation.id, botId: conversation.botId, previousStatus: conversation.status } }, turnEventId.ended(conversation.id));

    return events.flatMap((event): NewDelivery[] => deliveriesTo(endpoints.get(event.type) ?? [], event));
  };
}
