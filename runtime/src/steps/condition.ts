import type { StepRuntime } from './step';

/** Nothing beyond the engine: rules are its guards. */
export const condition: StepRuntime<'condition'> = {};
