import { z } from 'zod';
import { VariableName } from '../../ids';
import { defineStep, say } from '../step';
import { templateVariables } from '../../template';
import { renameInList } from '../renames';

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

export const handoff = defineStep({
  kind: 'handoff',
  schema: z.object({
    message: z.string().max(2000).default(''),
    subject: z.string().trim().min(1, 'Write a ticket subject').max(200),
    priority: Priority.default('normal'),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    /** Agents with this skill, or in this group, see the ticket first. */
    group: z.string().max(60).default(''),
    /** Variables copied onto the ticket as named fields. */
    fields: z.array(VariableName).max(50).default([]),
  }),
  defaults: (locale) => ({
    message: '',
    subject: locale === 'ko' ? '상담 요청' : 'Customer needs help',
    priority: 'normal' as const,
    tags: [],
    group: '',
    fields: [],
  }),
  outlets: () => [],
  waits: () => true,
  reads: (d) => [...templateVariables(d.message + ' ' + d.subject), ...d.fields],
  writes: () => [],
  rename: (d, from, to) => renameInList(d, 'fields', from, to),
  texts: (d) => [d.message, d.subject].filter(Boolean),
  // The ticket itself is written by the runtime in the same transaction as the turn.
  compile: (d, ctx) => ({
    type: 'final',
    tags: ['handoff'],
    entry: [say({ type: 'system', text: d.message || ctx.phrase('handoff') })],
  }),
});
