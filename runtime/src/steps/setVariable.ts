import type { StepRuntime } from './step';

/** Nothing beyond the engine: the template is rendered there. */
export const setVariable: StepRuntime<'setVariable'> = {};
