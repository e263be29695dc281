import { z } from 'zod';
import { VariableName } from '../../ids';
import { defineStep, when } from '../step';
import { templateVariables, renderTemplate } from '../../template';
import { renameField } from '../renames';

export const setVariable = defineStep({
  kind: 'setVariable',
  schema: z.object({
    variable: VariableName,
    /** A template: `{{first_name}} {{last_name}}`. */
    value: z.string().max(4096),
  }),
  defaults: () => ({ variable: 'topic', value: '' }),
  outlets: () => [{ id: 'next', label: 'Next' }],
  // Rendering needs the variables at this moment, so the engine resolves it like an effect.
  waits: () => false,
  reads: (d) => templateVariables(d.value),
  writes: (d) => [d.variable],
  rename: (d, from, to) => renameField(d, 'variable', from, to),
  texts: () => [],
  compile: (_d, ctx) => ({
    tags: ['effect'],
    on: { RESULT: [{ guard: when({ k: 'outlet', outlet: 'next' }), target: ctx.target('next'), actions: [{ type: 'applyResult' }] }] },
  }),
  resolve: (d, input) => ({ outlet: 'next', vars: { [d.variable]: renderTemplate(d.value, input.vars) } }),
});
