import type { Goal, GoalDay, GoalTotals } from '@parley/shared';
import type { Identity } from './profiles';

export type { Goal, GoalDay, GoalTotals };

/** Where a conversion came from: the widget with a conversation token, the widget on its word, or a server. */
export type ConversionSource = 'conversation' | 'visitor' | 'server';

export interface NewConversion {
  botId: string;
  goalId: string;
  event: string;
  value: number | null;
  currency: string | null;
  /** Who the caller said the customer was (a visitor id), when they said so. */
  visitorId: string | null;
  profileId: string | null;
  /** The conversation it is attributed to; null when the customer had none with the bot in the goal's window. */
  conversationId: string | null;
  source: ConversionSource;
  recordedAt: string;
}

/** Who a conversion belongs to, as far as it is known: any of these points at the customer's conversations. */
export interface CustomerKeys {
  conversationIds: string[];
  visitorIds: string[];
  profileId: string | undefined;
}

export type GoalWrite = 'ok' | 'missing' | 'duplicate';

/**
 * Goals and conversions. Each conversion is kept as a row and also added to a per bot, day and goal rollup (count
 * and value sum), which the analytics pages read without scanning the rows.
 */
export interface ConversionStore {
  goals(botId: string): Promise<Goal[]>;
  goal(botId: string, id: string): Promise<Goal | undefined>;
  goalForEvent(botId: string, event: string): Promise<Goal | undefined>;
  /** 'duplicate' when another goal of the bot counts the same event. */
  createGoal(goal: Goal): Promise<GoalWrite>;
  updateGoal(botId: string, id: string, change: { name?: string; event?: string; windowDays?: number }, now: string): Promise<GoalWrite>;
  /** Deletes the goal with its conversions and figures. */
  deleteGoal(botId: string, id: string): Promise<boolean>;
  /** The profile any of these identities belongs to (the customer as profiles.ts knows them). */
  profileOf(identities: Identity[]): Promise<string | undefined>;
  /** The customer's newest conversation with the bot started at or after `since` (preview chats aside). */
  latestConversation(botId: string, customer: CustomerKeys, since: string): Promise<string | undefined>;
  /** Stores the conversion and adds it to its day's figures, in one transaction; returns its id. */
  record(conversion: NewConversion): Promise<number>;
  /** Figures for days `from`..`to` (YYYY-MM-DD, UTC, both included): every goal's totals, and the days with conversions. */
  figures(botId: string, from: string, to: string): Promise<{ goals: GoalTotals[]; days: GoalDay[] }>;
  /** The stored conversions of a bot, newest first (for tests and exports). */
  list(botId: string, limit: number): Promise<(NewConversion & { id: number })[]>;
}

/** The UTC day an ISO time falls on. */
export const dayOf = (iso: string) => iso.slice(0, 10);
