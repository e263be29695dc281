import { z } from 'zod';
import { defineStep, say } from '../step';
import { ButtonSpec, buttonOutlets, buttonTransitions, toButton } from '../buttons';
import { optionalVariable, uniqueIds } from '../schemaParts';
import { templateVariables } from '../../template';
import { renameField } from '../renames';

export const options = defineStep({
  kind: 'options',
  schema: z.object({
    text: z.string().trim().min(1, 'Write the question').max(2000),
    options: z.array(ButtonSpec).min(1, 'Add at least one option').max(10, 'At most 10 options').refine(uniqueIds, 'Option ids must be unique'),
    /** Stores the chosen label. */
    variable: optionalVariable,
  }),
  defaults: (locale) => ({
    text: locale === 'ko' ? '무엇을 도와드릴까요?' : 'How can I help?',
    options: [{ id: 'a', label: locale === 'ko' ? '선택 1' : 'Option 1', action: 'postback' as const }],
  }),
  outlets: (d) => buttonOutlets(d.options),
  waits: () => true,
  reads: (d) => templateVariables(d.text),
  writes: (d) => (d.variable ? [d.variable] : []),
  rename: (d, from, to) => renameField(d, 'variable', from, to),
  texts: (d) => [d.text, ...d.options.map((o) => o.label)],
  compile: (d, ctx) => {
    const show = say({ type: 'options', text: d.text, buttons: d.options.map((o) => toButton(o, ctx)) });
    return { tags: ['wait'], entry: [show], on: buttonTransitions(d.options, d.variable, show, ctx) };
  },
});
