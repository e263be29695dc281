import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { businessHours } from './businessHours';
import { chat, issues, said, step, type ChatOptions, type FlowSpec } from '../../testing/flows';

type ScheduleInput = z.input<typeof businessHours.schema>;

const allDay = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' }));

function hoursFlow(schedule: ScheduleInput): FlowSpec {
  return {
    nodes: {
      start: step('start', {}),
      hours: step('businessHours', schedule),
      open: step('end', { message: 'We are open' }),
      closed: step('end', { message: 'We are closed' }),
    },
    edges: ['start.next -> hours', 'hours.open -> open', 'hours.closed -> closed'],
  };
}

const greeting = (schedule: ScheduleInput, options: ChatOptions = {}) => said(chat(hoursFlow(schedule), options).start());

describe('businessHours step schema', () => {
  it('accepts a schedule and defaults the holidays', () => {
    expect(businessHours.schema.parse({ timeZone: 'Asia/Seoul', weekly: [{ day: 1, start: '09:00', end: '18:00' }] })).toEqual({
      timeZone: 'Asia/Seoul',
      weekly: [{ day: 1, start: '09:00', end: '18:00' }],
      holidays: [],
    });
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus', weekly: [] }, 'timeZone', 'Not a known IANA time zone'],
    ['a time without a leading zero', { timeZone: 'UTC', weekly: [{ day: 1, start: '9:00', end: '18:00' }] }, 'weekly.0.start', 'Use HH:MM, 00:00–24:00'],
    ['a time past midnight', { timeZone: 'UTC', weekly: [{ day: 1, start: '09:00', end: '24:30' }] }, 'weekly.0.end', 'Use HH:MM, 00:00–24:00'],
    ['an interval that ends before it starts', { timeZone: 'UTC', weekly: [{ day: 1, start: '18:00', end: '09:00' }] }, 'weekly.0.end', 'The interval ends before it starts'],
    ['an empty interval', { timeZone: 'UTC', weekly: [{ day: 1, start: '09:00', end: '09:00' }] }, 'weekly.0.end', 'The interval ends before it starts'],
    ['a badly written holiday', { timeZone: 'UTC', weekly: [], holidays: [{ date: '25/12/2024' }] }, 'holidays.0.date', 'Use YYYY-MM-DD'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(businessHours.schema, data)).toContainEqual({ path, message });
  });

  it('rejects a day outside 0–6', () => {
    expect(issues(businessHours.schema, { timeZone: 'UTC', weekly: [{ day: 7, start: '09:00', end: '18:00' }] }).map((i) => i.path)).toEqual(['weekly.0.day']);
  });
});

describe('businessHours step', () => {
  it('has open and closed outlets and never waits', () => {
    const data = businessHours.schema.parse({ timeZone: 'UTC', weekly: [] });
    expect(businessHours.outlets(data).map((o) => o.id)).toEqual(['open', 'closed']);
    expect(businessHours.waits(data, 'open')).toBe(false);
  });

  it('follows a forced answer, whatever the schedule says', () => {
    expect(greeting({ timeZone: 'UTC', weekly: [] }, { forceBusinessHours: 'open' })).toEqual(['We are open']);
    expect(greeting({ timeZone: 'UTC', weekly: allDay }, { forceBusinessHours: 'closed' })).toEqual(['We are closed']);
  });

  it('is open on a schedule open all day every day', () => {
    expect(greeting({ timeZone: 'Asia/Seoul', weekly: allDay }, { now: new Date('2024-03-04T03:00:00Z') })).toEqual(['We are open']);
  });

  it('is closed on a schedule with no opening hours', () => {
    expect(greeting({ timeZone: 'Asia/Seoul', weekly: [] }, { now: new Date('2024-03-04T03:00:00Z') })).toEqual(['We are closed']);
  });

  it('reads the clock it is given, in the schedule time zone', () => {
    // Mondays 09:00–18:00 in Seoul (UTC+9); 2024-03-04 is a Monday.
    const mondays = { timeZone: 'Asia/Seoul', weekly: [{ day: 1, start: '09:00', end: '18:00' }] };
    expect(greeting(mondays, { now: new Date('2024-03-04T01:00:00Z') })).toEqual(['We are open']); // 10:00 in Seoul
    expect(greeting(mondays, { now: new Date('2024-03-04T10:00:00Z') })).toEqual(['We are closed']); // 19:00 in Seoul
  });

  it('is closed on a holiday', () => {
    expect(greeting({ timeZone: 'Asia/Seoul', weekly: allDay, holidays: [{ date: '2024-03-04' }] }, { now: new Date('2024-03-04T03:00:00Z') })).toEqual([
      'We are closed',
    ]);
  });
});
