import { z } from 'zod';
import { Id } from '../../ids';
import { defineStep, say } from '../step';
import { ButtonSpec, buttonOutlets, buttonTransitions, toButton } from '../buttons';
import { optionalVariable, uniqueIds } from '../schemaParts';
import { templateVariables } from '../../template';
import { renameField } from '../renames';

const Card = z.object({
  id: Id,
  title: z.string().trim().min(1, 'Give the card a title').max(80),
  description: z.string().max(300).default(''),
  imageUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/\S+$/i, 'Use an http(s) image URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  buttons: z.array(ButtonSpec).min(1, 'Add at least one button').max(3, 'At most 3 buttons per card'),
});

export const carousel = defineStep({
  kind: 'carousel',
  schema: z
    .object({
      text: z.string().max(2000).default(''),
      cards: z.array(Card).min(1, 'Add at least one card').max(10, 'At most 10 cards').refine(uniqueIds, 'Card ids must be unique'),
      variable: optionalVariable,
    })
    .refine((d) => uniqueIds(d.cards.flatMap((c) => c.buttons)), { message: 'Button ids must be unique across cards', path: ['cards'] }),
  defaults: (locale) => ({
    text: '',
    cards: [
      { id: 'c1', title: locale === 'ko' ? '카드' : 'Card', description: '', buttons: [{ id: 'b1', label: locale === 'ko' ? '선택' : 'Choose', action: 'postback' as const }] },
    ],
  }),
  outlets: (d) => buttonOutlets(d.cards.flatMap((c) => c.buttons)),
  waits: () => true,
  reads: (d) => templateVariables([d.text, ...d.cards.flatMap((c) => [c.title, c.description])].join(' ')),
  writes: (d) => (d.variable ? [d.variable] : []),
  rename: (d, from, to) => renameField(d, 'variable', from, to),
  texts: (d) => [d.text, ...d.cards.flatMap((c) => [c.title, c.description, ...c.buttons.map((b) => b.label)])].filter(Boolean),
  compile: (d, ctx) => {
    const show = say({
      type: 'carousel',
      text: d.text || undefined,
      cards: d.cards.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        imageUrl: c.imageUrl,
        buttons: c.buttons.map((b) => toButton(b, ctx)),
      })),
    });
    return { tags: ['wait'], entry: [show], on: buttonTransitions(d.cards.flatMap((c) => c.buttons), d.variable, show, ctx) };
  },
});
