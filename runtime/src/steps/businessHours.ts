import type { StepRuntime } from './step';

/** Nothing beyond the engine: it reads the injected clock there. */
export const businessHours: StepRuntime<'businessHours'> = {};
