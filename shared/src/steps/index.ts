import { start } from './start';
import { message } from './message';
import { options } from './options';
import { carousel } from './carousel';
import { ask } from './ask';
import { faq } from './faq';
import { articles } from './articles';
import { condition } from './condition';
import { businessHours } from './businessHours';
import { apiCall } from './apiCall';
import { setVariable } from './setVariable';
import { handoff } from './handoff';
import { end } from './end';
import type { StepDefinition } from './step';

/** Every step kind, in palette order. Adding a kind means one module here and one per layer with the same name. */
export const steps = { start, message, options, carousel, ask, faq, articles, condition, businessHours, apiCall, setVariable, handoff, end } as const;

export type Steps = typeof steps;
export type StepKind = keyof Steps;
export const stepKinds = Object.keys(steps) as StepKind[];
export type StepData<K extends StepKind> = ReturnType<Steps[K]['schema']['parse']>;

/** The one place where a kind's name selects its definition; callers keep their data typed by narrowing on `type`. */
export function stepOf(kind: StepKind): StepDefinition {
  return steps[kind] as unknown as StepDefinition;
}

export { start, message, options, carousel, ask, faq, articles, condition, businessHours, apiCall, setVariable, handoff, end };
export * from './step';
