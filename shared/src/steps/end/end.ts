import { z } from 'zod';
import { defineStep, say, when, type ActionRef, type TransitionConfig } from '../step';
import { templateVariables } from '../../template';
import { optionalVariable } from '../schemaParts';
import { renameField } from '../renames';

export const END_STATE = '$end';

export const end = defineStep({
  kind: 'end',
  schema: z.object({
    message: z.string().max(2000).default(''),
    askResolved: z.boolean().default(false),
    question: z.string().max(500).default(''),
    /** Where the yes/no answer is kept ("yes" or "no"). */
    variable: optionalVariable,
  }),
  defaults: () => ({ message: '', askResolved: false, question: '' }),
  outlets: () => [],
  waits: (d) => d.askResolved,
  reads: (d) => templateVariables(d.message + ' ' + d.question),
  writes: (d) => (d.variable ? [d.variable] : []),
  rename: (d, from, to) => renameField(d, 'variable', from, to),
  texts: (d) => [d.message, d.question].filter(Boolean),
  compile: (d, ctx) => {
    const farewell = d.message ? [say({ type: 'text', text: d.message })] : [];
    if (!d.askResolved) return { type: 'final', tags: ['end'], entry: farewell };
    const keep = (value: 'yes' | 'no'): ActionRef[] => (d.variable ? [{ type: 'setValue', params: { variable: d.variable, value } }] : []);
    // A click, or the button's label typed, is an answer.
    const answer = (value: 'yes' | 'no'): TransitionConfig => ({ guard: when({ k: 'postback', payload: ctx.payload(value) }), target: `#${END_STATE}`, actions: keep(value) });
    const typed = (value: 'yes' | 'no'): TransitionConfig => ({
      guard: when({ k: 'text', labels: [ctx.phrase(value)] }),
      target: `#${END_STATE}`,
      actions: [{ type: 'remember' }, ...keep(value)],
    });
    return {
      tags: ['wait'],
      entry: [
        ...farewell,
        say({
          type: 'options',
          text: d.question || ctx.phrase('resolvedQuestion'),
          buttons: [
            { id: 'yes', label: ctx.phrase('yes'), action: 'postback', payload: ctx.payload('yes') },
            { id: 'no', label: ctx.phrase('no'), action: 'postback', payload: ctx.payload('no') },
          ],
        }),
      ],
      on: { POSTBACK: [answer('yes'), answer('no')], TEXT: [typed('yes'), typed('no'), { target: `#${END_STATE}`, actions: [{ type: 'remember' }] }] },
    };
  },
});
