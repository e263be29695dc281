import type { StepRuntime } from './step';

/** Nothing beyond the engine: the conversation just ends, with no ticket. */
export const end: StepRuntime<'end'> = {};
