import { z } from 'zod';
import { defineStep, say, when } from './step';
import { templateVariables } from '../template';
import { optionalVariable } from './buttons';

export const END_STATE = '__end';

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
  texts: (d) => [d.message, d.question].filter(Boolean),
  compile: (d, ctx) => {
    const farewell = d.message ? [say({ type: 'text', text: d.message })] : [];
    if (!d.askResolved) return { type: 'final', tags: ['end'], entry: farewell };
    const answer = (value: 'yes' | 'no') => ({
      guard: when({ k: 'postback', payload: ctx.payload(value) }),
      target: `#${END_STATE}`,
      actions: d.variable ? [{ type: 'setValue' as const, params: { variable: d.variable, value } }] : [],
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
      on: { POSTBACK: [answer('yes'), answer('no')], TEXT: [{ target: `#${END_STATE}`, actions: [{ type: 'remember' }] }] },
    };
  },
});
