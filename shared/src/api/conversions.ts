import { z } from 'zod';

/**
 * Conversion tracking: a bot's goals (an event name that counts, and how many days back a conversation earns it) and
 * the conversions recorded against them. The widget (`Parley('track', …)`), the SDK and server-side integrations record
 * events; figures are kept per bot, day and goal for analytics. A widget's visitor id is not verified, so figures are
 * analytics, not billing.
 */

export const ConversionEventName = z
  .string({ error: 'The event is a name like "purchase"' })
  .min(1, 'The event name is empty')
  .max(64, 'The event name is longer than 64 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'The event name may hold only letters, digits and _ . : -');

export const ConversionValue = z
  .number({ error: 'The value is a number' })
  .min(0, 'The value cannot be negative')
  .max(1e9, 'The value is larger than 1,000,000,000');

export const CurrencyCode = z.string({ error: 'The currency is a three-letter ISO 4217 code, like USD' }).regex(/^[A-Z]{3}$/, 'The currency is a three-letter ISO 4217 code in capitals, like USD');

/**
 * What the widget sends. With a conversation's id and its visitor token, the conversion belongs to that conversation's
 * customer for certain; without them, to `visitorId` as the widget claims it (unverified: figures, not billing).
 */
export const TrackRequest = z
  .object({
    event: ConversionEventName,
    value: ConversionValue.optional(),
    currency: CurrencyCode.optional(),
    visitorId: z.string().min(1, 'The visitor id is empty').max(128, 'The visitor id is longer than 128 characters').optional(),
    conversationId: z.string().min(1).max(64, 'The conversation id is longer than 64 characters').optional(),
    token: z.string().min(1).max(200, 'The token is longer than 200 characters').optional(),
  })
  .strict()
  .refine((b) => b.token === undefined || b.conversationId !== undefined, { message: 'A token needs the conversationId it belongs to', path: ['conversationId'] });
export type TrackRequest = z.infer<typeof TrackRequest>;

/** `recorded: false` when no goal of the bot counts the event: nothing was stored. */
export const TrackResponse = z.object({ recorded: z.boolean(), conversionId: z.number().int().optional() });
export type TrackResponse = z.infer<typeof TrackResponse>;

/**
 * How a server names the customer: the host's own id for a signed-in customer (the JWT `sub`, known here as the visitor
 * `user:<id>`), an email address, or the widget's visitor id. The first that is known to Parley decides.
 */
export const ConversionCustomer = z
  .object({
    externalId: z.string().min(1, 'The external id is empty').max(120, 'The external id is longer than 120 characters').optional(),
    email: z.string().max(320, 'The email is longer than 320 characters').optional(),
    visitorId: z.string().min(1, 'The visitor id is empty').max(128, 'The visitor id is longer than 128 characters').optional(),
  })
  .strict()
  .refine((c) => c.externalId !== undefined || c.email !== undefined || c.visitorId !== undefined, { message: 'Name the customer by externalId, email or visitorId' });

export const RecordConversionRequest = z
  .object({
    botId: z.string({ error: 'Which bot: botId' }).min(1).max(64),
    event: ConversionEventName,
    value: ConversionValue.optional(),
    currency: CurrencyCode.optional(),
    customer: ConversionCustomer,
  })
  .strict();
export type RecordConversionRequest = z.infer<typeof RecordConversionRequest>;

export const GOAL_WINDOW_DEFAULT_DAYS = 7;
export const GOAL_WINDOW_MAX_DAYS = 90;

const GoalName = z.string({ error: 'Give the goal a name' }).trim().min(1, 'Give the goal a name').max(80, 'The name is longer than 80 characters');
const WindowDays = z
  .number({ error: 'The attribution window is a number of days' })
  .int('The attribution window is a whole number of days')
  .min(1, 'The attribution window is at least 1 day')
  .max(GOAL_WINDOW_MAX_DAYS, `The attribution window is at most ${GOAL_WINDOW_MAX_DAYS} days`);

export const CreateGoalRequest = z.object({ name: GoalName, event: ConversionEventName, windowDays: WindowDays.optional() }).strict();
export type CreateGoalRequest = z.infer<typeof CreateGoalRequest>;

export const UpdateGoalRequest = z.object({ name: GoalName.optional(), event: ConversionEventName.optional(), windowDays: WindowDays.optional() }).strict();
export type UpdateGoalRequest = z.infer<typeof UpdateGoalRequest>;

/** A goal: conversions of `event` count for it, attributed to the customer's newest conversation of the last `windowDays` days. */
export const Goal = z.object({
  id: z.string(),
  botId: z.string(),
  name: z.string(),
  event: z.string(),
  windowDays: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Goal = z.infer<typeof Goal>;

export const GoalResponse = z.object({ goal: Goal });
export const GoalsResponse = z.object({ goals: z.array(Goal) });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD');

/** Days in UTC, both included; by default the last 30 days up to today. */
export const ConversionFiguresQuery = z.object({ from: Day.optional(), to: Day.optional() }).strict();

/** One goal's figures over the period; `attributed` counts the conversions that earned a conversation. */
export const GoalTotals = z.object({ goalId: z.string(), name: z.string(), event: z.string(), count: z.number().int(), value: z.number(), attributed: z.number().int() });
export type GoalTotals = z.infer<typeof GoalTotals>;

/** One goal on one day (only days with conversions are listed). */
export const GoalDay = z.object({ day: z.string(), goalId: z.string(), count: z.number().int(), value: z.number(), attributed: z.number().int() });
export type GoalDay = z.infer<typeof GoalDay>;

/** Every goal of the bot with its totals (zero when nothing was recorded), and the days that had conversions. */
export const ConversionFiguresResponse = z.object({ from: z.string(), to: z.string(), goals: z.array(GoalTotals), days: z.array(GoalDay) });
export type ConversionFiguresResponse = z.infer<typeof ConversionFiguresResponse>;
