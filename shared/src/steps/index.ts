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
import { passToIntegration } from './passToIntegration';
import { end } from './end';
import type { StepDefinition } from './step';
import { renameInTemplates, type RawData } from './renames';

/**
 * Every step kind, in palette order. Adding a kind means a folder here and one file with the same name in each
 * layer (runtime/src/steps, editor/src/builder/steps), each with one line in its layer's registry; every layer has
 * a test that its registry lists exactly `stepKinds`.
 */
export const steps = { start, message, options, carousel, ask, faq, articles, condition, businessHours, apiCall, setVariable, handoff, passToIntegration, end } as const;

export type Steps = typeof steps;
export type StepKind = keyof Steps;
export const stepKinds = Object.keys(steps) as StepKind[];
export type StepData<K extends StepKind> = ReturnType<Steps[K]['schema']['parse']>;

/** The one place where a kind's name selects its definition; callers keep their data typed by narrowing on `type`. */
export function stepOf(kind: StepKind): StepDefinition {
  return steps[kind] as unknown as StepDefinition;
}

export { start, message, options, carousel, ask, faq, articles, condition, businessHours, apiCall, setVariable, handoff, passToIntegration, end };

/** A step's data with a variable renamed: `{{from}}` in its texts, and every field of its kind that names it. */
export function renameVariableIn(kind: StepKind, data: RawData, from: string, to: string): RawData {
  return stepOf(kind).rename(renameInTemplates(data, from, to), from, to);
}

export * from './step';
export type { RawData } from './renames';
