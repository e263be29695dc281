import { type FlowDocument } from '@parley/shared';
/**
 * A valid flow of exactly `steps` steps (at least 3): start, an email question, then a chain through every
 * kind in PATTERN with each outlet leading to the next step, and an end. Laid out in columns, as a
 * long real flow might be after tidying. Deterministic, so tests and benchmarks see the same flow.
 */
export declare function generateFlow(steps: number, id?: string): FlowDocument;
