import type { TrackResponse } from '@parley/shared';
import type { AppContext } from '../context';
import type { ConversionSource } from '../store/conversions';
import type { Identity } from '../store/profiles';
import { webhookEvent } from '../webhooks/events';

const DAY_MS = 86_400_000;

/** Who the conversion belongs to, as the caller could show it. */
export interface ConversionCustomer {
  /** A conversation whose visitor token the caller held: its customer is the customer, for certain. */
  conversationId?: string | undefined;
  /** Visitor ids (`user:<id>`, the widget's device id) and email addresses the customer is known by. */
  identities: Identity[];
}

export interface ConversionInput {
  botId: string;
  event: string;
  value?: number | undefined;
  currency?: string | undefined;
  customer: ConversionCustomer;
  source: ConversionSource;
}

/**
 * Records a conversion when one of the bot's goals counts its event, attributed to the customer's newest conversation
 * with the bot that started within the goal's window (none: recorded unattributed), and announces it to webhooks.
 * Nothing is stored for an event no goal counts: sites may track more than the team measures.
 */
export async function recordConversion(ctx: Pick<AppContext, 'store' | 'clock' | 'events'>, input: ConversionInput): Promise<TrackResponse> {
  const { store } = ctx;
  const goal = await store.conversions.goalForEvent(input.botId, input.event);
  if (!goal) return { recorded: false };
  const now = ctx.clock();
  const { conversationId, identities } = input.customer;
  // The profile gathers the customer's conversations on every channel (customers/profiles.ts).
  const profileId = (conversationId && (await store.profiles.profileOf(conversationId))) || (await store.conversions.profileOf(identities));
  const visitorIds = identities.filter((i) => i.kind === 'visitor').map((i) => i.value);
  const since = new Date(now.getTime() - goal.windowDays * DAY_MS).toISOString();
  const attributed = await store.conversions.latestConversation(input.botId, { conversationIds: conversationId ? [conversationId] : [], visitorIds, profileId }, since);
  const conversionId = await store.conversions.record({
    botId: input.botId,
    goalId: goal.id,
    event: input.event,
    value: input.value ?? null,
    currency: input.currency ?? null,
    visitorId: visitorIds[0] ?? null,
    profileId: profileId ?? null,
    conversationId: attributed ?? null,
    source: input.source,
    recordedAt: now.toISOString(),
  });
  await ctx.events.emit(
    webhookEvent(
      'conversion.recorded',
      {
        botId: input.botId,
        conversationId: attributed ?? null,
        data: {
          conversionId,
          goalId: goal.id,
          goalName: goal.name,
          event: input.event,
          value: input.value ?? null,
          currency: input.currency ?? null,
          attributedConversationId: attributed ?? null,
        },
      },
      now,
    ),
  );
  return { recorded: true, conversionId };
}
