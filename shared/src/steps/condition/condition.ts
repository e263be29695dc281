import { z } from 'zod';
import { Id } from '../../ids';
import { Rule } from './rules';
import { defineStep, when } from '../step';
import { uniqueIds } from '../schemaParts';
import { renameField, renameInItems } from '../renames';

const ELSE = 'else';

/** A rule's id is also its outlet's, so it cannot be the else outlet's. */
const ConditionRule = Rule.extend({ id: Id.refine((id) => id !== ELSE, `"${ELSE}" is reserved for the Else outlet`) });

export const condition = defineStep({
  kind: 'condition',
  schema: z.object({
    rules: z.array(ConditionRule).min(1, 'Add at least one rule').max(20).refine(uniqueIds, 'Rule ids must be unique'),
  }),
  defaults: () => ({ rules: [{ id: 'r1', label: '', join: 'and' as const, clauses: [{ variable: 'email', op: 'isSet' as const, value: '' }] }] }),
  outlets: (d) => [
    ...d.rules.map((r, i) => ({ id: r.id, label: r.label || `Rule ${i + 1}` })),
    { id: ELSE, label: 'Else' },
  ],
  waits: () => false,
  reads: (d) => d.rules.flatMap((r) => r.clauses.map((c) => c.variable)),
  writes: () => [],
  rename: (d, from, to) => renameInItems(d, 'rules', (r) => renameInItems(r, 'clauses', (c) => renameField(c, 'variable', from, to))),
  texts: (d) => d.rules.map((r) => r.label).filter(Boolean),
  compile: (d, ctx) => ({
    tags: ['auto'],
    on: {
      // XState takes the first transition whose guard passes: first matching rule wins.
      CONTINUE: [...d.rules.map((rule) => ({ guard: when({ k: 'rule', rule }), target: ctx.target(rule.id) })), { target: ctx.target(ELSE) }],
    },
  }),
});
