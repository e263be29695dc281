import type { StepRuntime } from './step';

/** Nothing beyond the engine: what it says is rendered there. */
export const message: StepRuntime<'message'> = {};
