import type { StepRuntime } from './step';

/** Nothing beyond the engine: it only leads on. */
export const start: StepRuntime<'start'> = {};
