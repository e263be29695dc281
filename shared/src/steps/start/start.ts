import { z } from 'zod';
import { defineStep, namesNoVariable } from '../step';

/** Where every conversation begins. Exactly one per flow. */
export const start = defineStep({
  kind: 'start',
  schema: z.object({}),
  defaults: () => ({}),
  outlets: () => [{ id: 'next', label: 'Next' }],
  waits: () => false,
  reads: () => [],
  writes: () => [],
  rename: namesNoVariable,
  texts: () => [],
  compile: (_data, ctx) => ({ tags: ['auto'], on: { CONTINUE: [{ target: ctx.target('next') }] } }),
});
