import type { StepRuntime } from './step';

/** Nothing beyond the engine: matching is pure and resolved there. */
export const faq: StepRuntime<'faq'> = {};
