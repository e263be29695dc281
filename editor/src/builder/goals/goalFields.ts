import { GOAL_WINDOW_DEFAULT_DAYS, GOAL_WINDOW_MAX_DAYS, type Goal } from '@parley/shared';

export type GoalField = 'name' | 'event' | 'windowDays';
export type GoalValues = Record<GoalField, string>;
export type GoalProblem = 'missing' | 'tooLong' | 'eventChars' | 'window';

export const GOAL_FIELDS: GoalField[] = ['name', 'event', 'windowDays'];
const EVENT = /^[A-Za-z0-9_.:-]+$/;

export const initialGoalValues = (goal?: Goal): GoalValues => ({
  name: goal?.name ?? '',
  event: goal?.event ?? '',
  windowDays: String(goal?.windowDays ?? GOAL_WINDOW_DEFAULT_DAYS),
});

/** The same rules as the server's CreateGoalRequest, checked before sending so mistakes show at once, in the admin's language. */
export function goalProblem(field: GoalField, raw: string): GoalProblem | null {
  const value = field === 'name' ? raw.trim() : raw;
  if (field === 'windowDays') {
    const days = Number(value);
    return value.trim() === '' ? 'missing' : Number.isInteger(days) && days >= 1 && days <= GOAL_WINDOW_MAX_DAYS ? null : 'window';
  }
  if (value === '') return 'missing';
  if (field === 'name') return value.length > 80 ? 'tooLong' : null;
  if (value.length > 64) return 'tooLong';
  return EVENT.test(value) ? null : 'eventChars';
}

/** The request body: all fields for a new goal, only the changed ones for an existing goal. */
export function goalBody(values: GoalValues, goal?: Goal): { name?: string; event?: string; windowDays?: number } {
  const next = { name: values.name.trim(), event: values.event, windowDays: Number(values.windowDays) };
  if (!goal) return next;
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => goal[k as GoalField] !== v));
}
