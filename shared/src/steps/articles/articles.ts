import { z } from 'zod';
import { defineStep, namesNoVariable, say, when } from '../step';
import { templateVariables } from '../../template';

export const articles = defineStep({
  kind: 'articles',
  schema: z.object({
    /** What to search for, as a template; by default the customer's last message. */
    query: z.string().trim().min(1, 'Say what to search for').max(500).default('{{last_message}}'),
    limit: z.number().int().min(1).max(6).default(3),
    /** Only articles in this locale; empty means the flow's locale. */
    locale: z.string().max(10).default(''),
    intro: z.string().max(500).default(''),
    question: z.string().max(500).default(''),
  }),
  defaults: () => ({ query: '{{last_message}}', limit: 3, locale: '', intro: '', question: '' }),
  outlets: () => [
    { id: 'resolved', label: 'Resolved' },
    { id: 'notResolved', label: 'Not resolved' },
    { id: 'none', label: 'None found' },
  ],
  waits: (_d, outlet) => outlet !== 'none',
  reads: (d) => templateVariables(d.query + ' ' + d.intro + ' ' + d.question),
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.intro, d.question].filter(Boolean),
  // The search is the runtime's (SQLite FTS5); it answers RESULT `found` with the cards to show, or `none`.
  compile: (d, ctx) => {
    const helped = say({
      type: 'options',
      text: d.question || ctx.phrase('helped'),
      buttons: [
        { id: 'yes', label: ctx.phrase('yes'), action: 'postback', payload: ctx.payload('yes') },
        { id: 'no', label: ctx.phrase('no'), action: 'postback', payload: ctx.payload('no') },
      ],
    });
    return {
      initial: 'search',
      states: {
        search: {
          tags: ['effect'],
          on: {
            RESULT: [
              { guard: when({ k: 'outlet', outlet: 'found' }), target: 'feedback', actions: [helped] },
              { target: ctx.target('none') },
            ],
          },
        },
        feedback: {
          tags: ['wait'],
          on: {
            POSTBACK: [
              { guard: when({ k: 'postback', payload: ctx.payload('yes') }), target: ctx.target('resolved') },
              { guard: when({ k: 'postback', payload: ctx.payload('no') }), target: ctx.target('notResolved') },
            ],
            TEXT: [
              { guard: when({ k: 'text', labels: [ctx.phrase('yes')] }), target: ctx.target('resolved'), actions: [{ type: 'remember' }] },
              { target: ctx.target('notResolved'), actions: [{ type: 'remember' }] },
            ],
          },
        },
      },
    };
  },
});
