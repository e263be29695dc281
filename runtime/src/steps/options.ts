import type { StepRuntime } from './step';

/** Nothing beyond the engine: it waits for a click or text. */
export const options: StepRuntime<'options'> = {};
