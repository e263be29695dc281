import { z } from 'zod';
import { defineStep, namesNoVariable, say } from '../step';
import { templateVariables } from '../../template';

export const message = defineStep({
  kind: 'message',
  schema: z.object({ text: z.string().trim().min(1, 'Write the message').max(4096) }),
  defaults: (locale) => ({ text: locale === 'ko' ? '안녕하세요!' : 'Hello!' }),
  outlets: () => [{ id: 'next', label: 'Next' }],
  waits: () => false,
  reads: (d) => templateVariables(d.text),
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.text],
  compile: (d, ctx) => ({
    tags: ['auto'],
    entry: [say({ type: 'text', text: d.text })],
    on: { CONTINUE: [{ target: ctx.target('next') }] },
  }),
});
