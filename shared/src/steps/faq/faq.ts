import { z } from 'zod';
import { Id } from '../../ids';
import { defineStep, namesNoVariable, say, when } from '../step';
import { uniqueIds } from '../schemaParts';
import { LAST_MESSAGE } from '../../machine';
import { matchFaq } from './match';
import { templateVariables } from '../../template';

export const NO_MATCH = 'noMatch';
const CLARIFY = 'clarify';

const Answer = z.object({
  /** Also the answer's outlet and its RESULT outlet, so it cannot be one of the step's own. */
  id: Id.refine((id) => id !== NO_MATCH && id !== CLARIFY, 'This id is reserved'),
  title: z.string().trim().min(1, 'Give the answer a title').max(120),
  phrases: z.array(z.string().trim().min(1).max(300)).min(1, 'Add at least one example phrase').max(50),
  reply: z.string().trim().min(1, 'Write the reply').max(4096),
});

export const faq = defineStep({
  kind: 'faq',
  schema: z.object({
    /** When set, the step asks this first; otherwise it answers the customer's last message. */
    prompt: z.string().max(2000).default(''),
    answers: z.array(Answer).min(1, 'Add at least one answer').max(100).refine(uniqueIds, 'Answer ids must be unique'),
    threshold: z.number().min(0.05).max(1).default(0.45),
  }),
  defaults: (locale) => ({
    prompt: '',
    answers: [
      {
        id: 'a1',
        title: locale === 'ko' ? '배송' : 'Shipping',
        phrases: [locale === 'ko' ? '배송 기간' : 'how long does shipping take'],
        reply: locale === 'ko' ? '보통 2~3일 걸립니다.' : 'Shipping usually takes 2–3 days.',
      },
    ],
    threshold: 0.45,
  }),
  outlets: (d) => [...d.answers.map((a) => ({ id: a.id, label: a.title })), { id: NO_MATCH, label: 'No match' }],
  waits: (d) => d.prompt.trim() !== '',
  reads: (d) => templateVariables(d.prompt + ' ' + d.answers.map((a) => a.reply).join(' ')),
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.prompt, ...d.answers.flatMap((a) => [a.title, a.reply, ...a.phrases])].filter(Boolean),
  compile: (d, ctx) => {
    const reply = (a: (typeof d.answers)[number]) => [say({ type: 'text', text: a.reply })];
    const byPostback = d.answers.map((a) => ({ guard: when({ k: 'postback', payload: ctx.payload(a.id) }), target: ctx.target(a.id), actions: reply(a) }));
    return {
      initial: d.prompt.trim() ? 'ask' : 'match',
      states: {
        ask: { tags: ['wait'], entry: [say({ type: 'text', text: d.prompt })], on: { TEXT: [{ target: 'match', actions: [{ type: 'remember' }] }] } },
        match: {
          tags: ['effect'],
          on: {
            RESULT: [
              ...d.answers.map((a) => ({ guard: when({ k: 'outlet', outlet: a.id }), target: ctx.target(a.id), actions: reply(a) })),
              { guard: when({ k: 'outlet', outlet: CLARIFY }), target: CLARIFY },
              { target: ctx.target(NO_MATCH) },
            ],
          },
        },
        // "Did you mean": the candidates come with the RESULT; a click picks one, new text is matched again.
        clarify: {
          tags: ['wait'],
          on: {
            POSTBACK: [...byPostback, { guard: when({ k: 'postback', payload: ctx.payload(NO_MATCH) }), target: ctx.target(NO_MATCH) }],
            TEXT: [{ target: 'match', actions: [{ type: 'remember' }] }],
          },
        },
      },
    };
  },
  resolve: (d, input) => {
    const text = input.vars[LAST_MESSAGE];
    const result = matchFaq(d.answers, typeof text === 'string' ? text : '', { threshold: d.threshold });
    if (result.ambiguous && result.candidates.length > 1) {
      const titles = new Map(d.answers.map((a) => [a.id, a.title]));
      const payload = (part: string) => `${input.nodeId}:${part}`;
      return {
        outlet: CLARIFY,
        say: [
          {
            type: 'options',
            text: input.locale === 'ko' ? '혹시 이 중 하나를 찾으셨나요?' : 'Did you mean one of these?',
            buttons: [
              ...result.candidates.map((c) => ({ id: c.id, label: titles.get(c.id) ?? c.id, action: 'postback' as const, payload: payload(c.id) })),
              { id: NO_MATCH, label: input.locale === 'ko' ? '해당 없음' : 'None of these', action: 'postback' as const, payload: payload(NO_MATCH) },
            ],
          },
        ],
      };
    }
    return { outlet: result.best ? result.best.id : NO_MATCH };
  },
});
