import { z } from 'zod';
import { VariableName } from '../../ids';
import { InputType } from '../../messages';
import type { AnswerSpec } from './answer';
import { defineStep, say, when, type ActionRef, type TransitionConfig } from '../step';
import { templateVariables } from '../../template';
import { patternProblem } from '../../pattern';
import { renameField } from '../renames';

export const ask = defineStep({
  kind: 'ask',
  schema: z
    .object({
      prompt: z.string().trim().min(1, 'Write the question').max(2000),
      inputType: InputType.default('text'),
      variable: VariableName,
      choices: z.array(z.string().trim().min(1).max(80)).max(10).default([]),
      /** A regular expression the answer must match, beyond its type's own check. */
      pattern: z
        .string()
        .max(500)
        .superRefine((p, ctx) => {
          const problem = patternProblem(p);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional()
        .or(z.literal('').transform(() => undefined)),
      /** Length bounds for text, value bounds for numbers. */
      min: z.number().optional(),
      max: z.number().optional(),
      invalidMessage: z.string().max(500).default(''),
      maxRetries: z.number().int().min(0).max(10).default(2),
    })
    .refine((d) => d.inputType !== 'choice' || d.choices.length > 0, { message: 'A choice question needs choices', path: ['choices'] })
    .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, { message: 'Minimum is above maximum', path: ['min'] }),
  defaults: (locale) => ({
    prompt: locale === 'ko' ? '이메일 주소를 알려 주세요.' : 'What is your email address?',
    inputType: 'email' as const,
    variable: 'email',
  }),
  outlets: () => [
    { id: 'next', label: 'Answered' },
    { id: 'invalid', label: 'Invalid after retries', optional: true },
  ],
  waits: () => true,
  reads: (d) => templateVariables(d.prompt + ' ' + d.invalidMessage),
  writes: (d) => [d.variable],
  rename: (d, from, to) => renameField(d, 'variable', from, to),
  texts: (d) => [d.prompt, ...d.choices],
  compile: (d, ctx) => {
    const answer: AnswerSpec = { inputType: d.inputType, pattern: d.pattern, min: d.min, max: d.max, choices: d.choices };
    // A choice button's payload names this step, so a stale button (from an options step or an earlier question) is ignored.
    const choices =
      d.inputType === 'choice' ? d.choices.map((c, i) => ({ id: String(i), label: c, action: 'postback' as const, payload: ctx.payload(String(i)) })) : undefined;
    const prompt = { type: 'input' as const, text: d.prompt, inputType: d.inputType, choices };
    const reprompt = say({ ...prompt, error: d.invalidMessage || ctx.phrase('invalidInput') });
    const accept: TransitionConfig = {
      guard: when({ k: 'valid', answer }),
      target: ctx.target('next'),
      actions: [{ type: 'remember' }, { type: 'store', params: { variable: d.variable, answer } }],
    };
    const retry: ActionRef[] = [{ type: 'remember' }, { type: 'bumpRetry' }, reprompt];
    // Without an invalid outlet the step keeps asking: there is nowhere else to go.
    const exhausted: TransitionConfig = ctx.connected('invalid')
      ? { target: ctx.target('invalid'), actions: [{ type: 'remember' }, { type: 'resetRetry' }] }
      : { actions: retry };
    return {
      tags: ['wait'],
      entry: [{ type: 'resetRetry' }, say(prompt)],
      on: {
        TEXT: [accept, { guard: when({ k: 'retriesLeft', max: d.maxRetries }), actions: retry }, exhausted],
        POSTBACK: (choices ?? []).map((b) => ({
          guard: when({ k: 'postback', payload: b.payload }),
          target: ctx.target('next'),
          actions: [{ type: 'setValue', params: { variable: d.variable, value: b.label } }, { type: 'resetRetry' }],
        })),
      },
    };
  },
});
