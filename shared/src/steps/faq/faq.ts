import { z } from 'zod';
import { Id } from '../../ids';
import { defineStep, namesNoVariable, say, when, type ResolveInput, type StepResult } from '../step';
import { uniqueIds } from '../schemaParts';
import { LAST_MESSAGE } from '../../machine';
import { matchFaq } from './match';
import { faqVerdict } from './result';
import { templateVariables } from '../../template';
import { MAX_SYNONYM_CHARS, MAX_SYNONYM_GROUPS, MAX_SYNONYM_WORDS } from '../../nlp';

export const NO_MATCH = 'noMatch';
const CLARIFY = 'clarify';

const Answer = z.object({
  /** Also the answer's outlet and its RESULT outlet, so it cannot be one of the step's own. */
  id: Id.refine((id) => id !== NO_MATCH && id !== CLARIFY, 'This id is reserved'),
  title: z.string().trim().min(1, 'Give the answer a title').max(120),
  phrases: z.array(z.string().trim().min(1).max(300)).min(1, 'Add at least one example phrase').max(50),
  reply: z.string().trim().min(1, 'Write the reply').max(4096),
});

/** Words this bot's customers use for the same thing (product names, slang), read as the first word of the group. */
const SynonymGroup = z.object({
  words: z.array(z.string().trim().min(1).max(MAX_SYNONYM_CHARS)).min(2, 'Give at least two words').max(MAX_SYNONYM_WORDS),
});

export const DEFAULT_THRESHOLD = 0.45;
export const DEFAULT_SUGGESTION_FLOOR = 0.35;

const FaqSchema = z.object({
  /** When set, the step asks this first; otherwise it answers the customer's last message. */
  prompt: z.string().max(2000).default(''),
  answers: z.array(Answer).min(1, 'Add at least one answer').max(100).refine(uniqueIds, 'Answer ids must be unique'),
  threshold: z.number().min(0.05).max(1).default(DEFAULT_THRESHOLD),
  /** Below the threshold but at or above this, the best three answers are offered as "did you mean" buttons. */
  suggestionFloor: z.number().min(0.05).max(1).default(DEFAULT_SUGGESTION_FLOOR),
  synonyms: z.array(SynonymGroup).max(MAX_SYNONYM_GROUPS).default([]),
});

export type FaqData = z.output<typeof FaqSchema>;

export const faq = defineStep({
  kind: 'faq',
  schema: FaqSchema,
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
    threshold: DEFAULT_THRESHOLD,
    suggestionFloor: DEFAULT_SUGGESTION_FLOOR,
    synonyms: [],
  }),
  outlets: (d) => [...d.answers.map((a) => ({ id: a.id, label: a.title })), { id: NO_MATCH, label: 'No match' }],
  waits: (d) => d.prompt.trim() !== '',
  reads: (d) => templateVariables(d.prompt + ' ' + d.answers.map((a) => a.reply).join(' ')),
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.prompt, ...d.answers.flatMap((a) => [a.title, a.reply, ...a.phrases])].filter(Boolean),
  warnings: (d) =>
    d.suggestionFloor >= d.threshold
      ? [{ field: 'suggestionFloor', message: 'The suggestion floor is not below the threshold, so “did you mean” is only offered between close answers' }]
      : [],
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
  resolve: (d, input) => resolveFaq(d, input),
});

/** The customer's last message, the text every FAQ match reads. */
export function faqQuestion(vars: ResolveInput['vars']): string {
  const text = vars[LAST_MESSAGE];
  return typeof text === 'string' ? text : '';
}

/**
 * The step's decision: an answer, "did you mean" buttons, or no match. Pure; the runtime calls it too, with semantic
 * scores from an embeddings provider blended in when one is configured.
 */
export function resolveFaq(d: FaqData, input: Pick<ResolveInput, 'vars' | 'nodeId' | 'locale'>, semantic?: ReadonlyMap<string, number>): StepResult {
  const said = faqQuestion(input.vars);
  const result = matchFaq(d.answers, said, { threshold: d.threshold, floor: d.suggestionFloor, synonyms: d.synonyms, semantic });
  // Two answers about as good, or none good enough but some close: ask rather than guess or give up.
  const offer = result.ambiguous && result.candidates.length > 1 ? result.candidates : result.best ? [] : result.suggestions;
  if (offer.length > 0) {
    const titles = new Map(d.answers.map((a) => [a.id, a.title]));
    const payload = (part: string) => `${input.nodeId}:${part}`;
    return {
      outlet: CLARIFY,
      faq: faqVerdict(input.nodeId, said, { best: undefined, candidates: offer }, true),
      say: [
        {
          type: 'options',
          text: input.locale === 'ko' ? '혹시 이 중 하나를 찾으셨나요?' : 'Did you mean one of these?',
          buttons: [
            ...offer.map((c) => ({ id: c.id, label: titles.get(c.id) ?? c.id, action: 'postback' as const, payload: payload(c.id) })),
            { id: NO_MATCH, label: input.locale === 'ko' ? '해당 없음' : 'None of these', action: 'postback' as const, payload: payload(NO_MATCH) },
          ],
        },
      ],
    };
  }
  return { outlet: result.best ? result.best.id : NO_MATCH, faq: faqVerdict(input.nodeId, said, result, false) };
}
