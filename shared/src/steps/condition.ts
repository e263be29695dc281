import { z } from 'zod';
import { Rule } from '../rules';
import { defineStep, when } from './step';
import { uniqueIds } from './buttons';

export const condition = defineStep({
  kind: 'condition',
  schema: z.object({
    rules: z.array(Rule).min(1, 'Add at least one rule').max(20).refine(uniqueIds, 'Rule ids must be unique'),
  }),
  defaults: () => ({ rules: [{ id: 'r1', label: '', join: 'and' as const, clauses: [{ variable: 'email', op: 'isSet' as const, value: '' }] }] }),
  outlets: (d) => [
    ...d.rules.map((r, i) => ({ id: r.id, label: r.label || `Rule ${i + 1}` })),
    { id: 'else', label: 'Else' },
  ],
  waits: () => false,
  reads: (d) => d.rules.flatMap((r) => r.clauses.map((c) => c.variable)),
  writes: () => [],
  texts: (d) => d.rules.map((r) => r.label).filter(Boolean),
  compile: (d, ctx) => ({
    tags: ['auto'],
    on: {
      // XState takes the first transition whose guard passes: first matching rule wins.
      CONTINUE: [...d.rules.map((rule) => ({ guard: when({ k: 'rule', rule }), target: ctx.target(rule.id) })), { target: ctx.target('else') }],
    },
  }),
});
