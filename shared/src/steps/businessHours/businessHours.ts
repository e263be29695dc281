import { z } from 'zod';
import { defineStep, namesNoVariable, when } from '../step';
import { isOpen, isTimeZone } from './schedule';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM, 00:00–24:00');

export const Interval = z
  .object({ day: z.number().int().min(0).max(6), start: Time, end: Time })
  .refine((i) => i.start < i.end, { message: 'The interval ends before it starts', path: ['end'] });

export const Holiday = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD'),
  name: z.string().max(80).default(''),
});

export const Schedule = z.object({
  timeZone: z.string().refine(isTimeZone, 'Not a known IANA time zone'),
  /** day: 0 = Sunday … 6 = Saturday, in the schedule's time zone. */
  weekly: z.array(Interval).max(70),
  holidays: z.array(Holiday).max(366).default([]),
});
export type Schedule = z.infer<typeof Schedule>;

export const businessHours = defineStep({
  kind: 'businessHours',
  schema: Schedule,
  defaults: (locale) => ({
    timeZone: locale === 'ko' ? 'Asia/Seoul' : 'America/New_York',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
    holidays: [],
  }),
  outlets: () => [
    { id: 'open', label: 'Open' },
    { id: 'closed', label: 'Closed' },
  ],
  waits: () => false,
  reads: () => [],
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.timeZone],
  compile: (_d, ctx) => ({
    tags: ['effect'],
    on: {
      RESULT: [
        { guard: when({ k: 'outlet', outlet: 'open' }), target: ctx.target('open') },
        { target: ctx.target('closed') },
      ],
    },
  }),
  resolve: (d, input) => ({ outlet: (input.forceBusinessHours ?? (isOpen(d, input.now) ? 'open' : 'closed')) }),
});
