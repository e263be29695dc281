import type { StepRuntime } from './step';

/** Nothing beyond the engine: answers are checked by its guards. */
export const ask: StepRuntime<'ask'> = {};
