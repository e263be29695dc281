import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isOpen, isTimeZone, localParts, nextChange, type ScheduleLike } from './schedule';

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
const DAY = 86_400_000;

function schedule(timeZone: string, weekly: ScheduleLike['weekly'], holidays: string[] = []): ScheduleLike {
  return { timeZone, weekly, holidays: holidays.map((date) => ({ date })) };
}
const days = (ds: number[], start: string, end: string) => ds.map((day) => ({ day, start, end }));
const WEEKDAYS = [1, 2, 3, 4, 5];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

// Seoul is UTC+9 all year, so local times are easy to check by hand; 2024-03-04 is a Monday.
const seoul = schedule('Asia/Seoul', days(WEEKDAYS, '09:00', '18:00'));
const newYork = schedule('America/New_York', days(WEEKDAYS, '09:00', '17:00'));

describe('isTimeZone', () => {
  it('accepts IANA names', () => {
    for (const tz of ['Asia/Seoul', 'UTC', 'America/New_York', 'Australia/Lord_Howe']) expect(isTimeZone(tz), tz).toBe(true);
  });

  it('rejects garbage', () => {
    for (const tz of ['Mars/Base', '', 'Seoul', 'Asia/Seoul/Gangnam', 'not a zone']) expect(isTimeZone(tz), tz).toBe(false);
  });
});

describe('localParts', () => {
  it('uses the local date and weekday, not the UTC ones', () => {
    // Sunday 16:30 in UTC is already Monday 01:30 in Seoul.
    expect(localParts('Asia/Seoul', at('2024-03-03T16:30:00Z'))).toEqual({ date: '2024-03-04', day: 1, minutes: 90 });
    expect(localParts('America/New_York', at('2024-03-04T03:00:00Z'))).toEqual({ date: '2024-03-03', day: 0, minutes: 22 * 60 });
  });

  it('reports midnight as minute 0, not 24:00 of the previous day', () => {
    expect(localParts('UTC', at('2024-01-01T00:00:00Z'))).toEqual({ date: '2024-01-01', day: 1, minutes: 0 });
  });

  it('follows New York across spring-forward and fall-back', () => {
    // 01:59:59 EST is followed directly by 03:00 EDT.
    expect(localParts('America/New_York', at('2024-03-10T06:59:59Z'))).toEqual({ date: '2024-03-10', day: 0, minutes: 119 });
    expect(localParts('America/New_York', at('2024-03-10T07:00:00Z'))).toEqual({ date: '2024-03-10', day: 0, minutes: 180 });
    // 01:30 happens twice on fall-back day: once in EDT, once in EST an hour later.
    expect(localParts('America/New_York', at('2024-11-03T05:30:00Z')).minutes).toBe(90);
    expect(localParts('America/New_York', at('2024-11-03T06:30:00Z')).minutes).toBe(90);
  });
});

describe('isOpen', () => {
  it('is open from 09:00 exactly and closed from 18:00 exactly', () => {
    expect(isOpen(seoul, at('2024-03-03T23:59:59.999Z'))).toBe(false); // Mon 08:59:59.999
    expect(isOpen(seoul, at('2024-03-04T00:00:00Z'))).toBe(true); // Mon 09:00
    expect(isOpen(seoul, at('2024-03-04T08:59:59.999Z'))).toBe(true); // Mon 17:59:59.999
    expect(isOpen(seoul, at('2024-03-04T09:00:00Z'))).toBe(false); // Mon 18:00
  });

  it('is closed at the weekend', () => {
    expect(isOpen(seoul, at('2024-03-09T01:00:00Z'))).toBe(false); // Sat 10:00
    expect(isOpen(seoul, at('2024-03-10T05:00:00Z'))).toBe(false); // Sun 14:00
  });

  it('uses the Seoul date where it differs from the UTC date', () => {
    // Monday 00:30 UTC is Monday 09:30 in Seoul: open, though a UTC reading says 00:30.
    expect(isOpen(seoul, at('2024-03-04T00:30:00Z'))).toBe(true);
    // Friday 15:30 UTC is Saturday 00:30 in Seoul: closed, though a UTC reading says Friday afternoon.
    expect(isOpen(seoul, at('2024-03-08T15:30:00Z'))).toBe(false);

    const earlyMonday = schedule('Asia/Seoul', days([1], '00:00', '03:00'));
    expect(isOpen(earlyMonday, at('2024-03-03T16:30:00Z'))).toBe(true); // Sunday in UTC, Mon 01:30 in Seoul
    expect(isOpen(earlyMonday, at('2024-03-04T16:30:00Z'))).toBe(false); // Monday in UTC, Tue 01:30 in Seoul
  });

  it('honours a lunch break between two intervals on the same day', () => {
    const lunch = schedule('Asia/Seoul', [
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '13:00', end: '18:00' },
    ]);
    expect(isOpen(lunch, at('2024-03-04T02:59:00Z'))).toBe(true); // 11:59
    expect(isOpen(lunch, at('2024-03-04T03:00:00Z'))).toBe(false); // 12:00
    expect(isOpen(lunch, at('2024-03-04T03:59:59Z'))).toBe(false); // 12:59:59
    expect(isOpen(lunch, at('2024-03-04T04:00:00Z'))).toBe(true); // 13:00
  });

  it('is closed all day on a holiday, and only on that day', () => {
    const withHoliday = schedule('Asia/Seoul', days(WEEKDAYS, '09:00', '18:00'), ['2024-03-01']);
    expect(isOpen(withHoliday, at('2024-02-29T01:00:00Z'))).toBe(true); // Thu 10:00
    expect(isOpen(withHoliday, at('2024-03-01T01:00:00Z'))).toBe(false); // Fri 10:00, holiday
    expect(isOpen(withHoliday, at('2024-03-04T01:00:00Z'))).toBe(true); // Mon 10:00
  });

  it('matches holidays against the local date', () => {
    // Open around the clock so the only thing that can close it is the holiday.
    const allHours = schedule('Asia/Seoul', days(ALL_DAYS, '00:00', '24:00'), ['2024-03-01']);
    expect(isOpen(allHours, at('2024-02-29T14:59:59.999Z'))).toBe(true); // Feb 29 23:59:59.999
    expect(isOpen(allHours, at('2024-02-29T15:00:00Z'))).toBe(false); // Mar 1 00:00, UTC still says Feb 29
    expect(isOpen(allHours, at('2024-03-01T14:59:59.999Z'))).toBe(false); // Mar 1 23:59:59.999
    expect(isOpen(allHours, at('2024-03-01T15:00:00Z'))).toBe(true); // Mar 2 00:00, UTC still says Mar 1
  });

  it('treats 24:00 as the end of the day', () => {
    const lateFriday = schedule('Asia/Seoul', days([5], '22:00', '24:00'));
    expect(isOpen(lateFriday, at('2024-03-08T14:59:59.999Z'))).toBe(true); // Fri 23:59:59.999
    expect(isOpen(lateFriday, at('2024-03-08T15:00:00Z'))).toBe(false); // Sat 00:00
  });

  it('uses EDT on the day after spring-forward', () => {
    // Mon 2024-03-11 is UTC-4: 09:30 local is 13:30Z.
    expect(isOpen(newYork, at('2024-03-11T13:30:00Z'))).toBe(true);
    // Still EST (UTC-5) would read these as 07:59 and 16:00, flipping both answers.
    expect(isOpen(newYork, at('2024-03-11T12:59:59Z'))).toBe(false); // 08:59:59 EDT
    expect(isOpen(newYork, at('2024-03-11T13:00:00Z'))).toBe(true); // 09:00 EDT
    expect(isOpen(newYork, at('2024-03-11T20:59:59Z'))).toBe(true); // 16:59:59 EDT
    expect(isOpen(newYork, at('2024-03-11T21:00:00Z'))).toBe(false); // 17:00 EDT
  });

  it('uses EST before spring-forward and after fall-back', () => {
    expect(isOpen(newYork, at('2024-03-08T13:30:00Z'))).toBe(false); // Fri 08:30 EST, would be 09:30 in EDT
    expect(isOpen(newYork, at('2024-03-08T14:00:00Z'))).toBe(true); // Fri 09:00 EST
    expect(isOpen(newYork, at('2024-11-04T13:30:00Z'))).toBe(false); // Mon 08:30 EST, would be 09:30 in EDT
    expect(isOpen(newYork, at('2024-11-04T14:00:00Z'))).toBe(true); // Mon 09:00 EST
  });

  it('opens at the spring-forward jump for an interval that starts inside the gap', () => {
    const sunday = schedule('America/New_York', days([0], '02:30', '04:00'));
    expect(isOpen(sunday, at('2024-03-10T06:59:59Z'))).toBe(false); // 01:59:59 EST
    expect(isOpen(sunday, at('2024-03-10T07:00:00Z'))).toBe(true); // 03:00 EDT
  });

  it('opens twice for an interval inside the repeated hour of fall-back', () => {
    const sunday = schedule('America/New_York', days([0], '01:30', '02:00'));
    expect(isOpen(sunday, at('2024-11-03T05:29:59Z'))).toBe(false); // 01:29:59 EDT
    expect(isOpen(sunday, at('2024-11-03T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(isOpen(sunday, at('2024-11-03T06:00:00Z'))).toBe(false); // 01:00 EST
    expect(isOpen(sunday, at('2024-11-03T06:30:00Z'))).toBe(true); // 01:30 EST
    expect(isOpen(sunday, at('2024-11-03T07:00:00Z'))).toBe(false); // 02:00 EST
  });
});

describe('nextChange', () => {
  it('finds the next opening over a weekend', () => {
    expect(nextChange(seoul, at('2024-03-08T09:00:00Z'))).toEqual(at('2024-03-11T00:00:00Z')); // Fri 18:00 → Mon 09:00
  });

  it('looks strictly after now, so a boundary instant yields the following change', () => {
    expect(nextChange(seoul, at('2024-03-04T00:00:00Z'))).toEqual(at('2024-03-04T09:00:00Z')); // Mon 09:00 → 18:00
    expect(nextChange(seoul, at('2024-03-03T23:59:59.999Z'))).toEqual(at('2024-03-04T00:00:00Z'));
  });

  it('steps over a lunch break', () => {
    const lunch = schedule('Asia/Seoul', [
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '13:00', end: '18:00' },
    ]);
    expect(nextChange(lunch, at('2024-03-04T02:00:00Z'))).toEqual(at('2024-03-04T03:00:00Z')); // 11:00 → 12:00
    expect(nextChange(lunch, at('2024-03-04T03:30:00Z'))).toEqual(at('2024-03-04T04:00:00Z')); // 12:30 → 13:00
  });

  it('does not report a change where overlapping or back-to-back intervals meet', () => {
    const overlapping = schedule('Asia/Seoul', [
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '11:00', end: '14:00' },
    ]);
    expect(nextChange(overlapping, at('2024-03-04T01:00:00Z'))).toEqual(at('2024-03-04T05:00:00Z')); // 10:00 → 14:00

    // Friday up to 24:00 then Saturday from 00:00 is one stretch.
    const acrossMidnight = schedule('Asia/Seoul', [
      { day: 5, start: '22:00', end: '24:00' },
      { day: 6, start: '00:00', end: '01:00' },
    ]);
    expect(nextChange(acrossMidnight, at('2024-03-08T13:00:00Z'))).toEqual(at('2024-03-08T16:00:00Z')); // Fri 22:00 → Sat 01:00
    const fridayOnly = schedule('Asia/Seoul', days([5], '22:00', '24:00'));
    expect(nextChange(fridayOnly, at('2024-03-08T13:00:00Z'))).toEqual(at('2024-03-08T15:00:00Z')); // Fri 22:00 → Sat 00:00
  });

  it('flips at local midnight around a holiday', () => {
    const allHours = schedule('Asia/Seoul', days(ALL_DAYS, '00:00', '24:00'), ['2024-03-01']);
    expect(nextChange(allHours, at('2024-02-29T12:00:00Z'))).toEqual(at('2024-02-29T15:00:00Z'));
    expect(nextChange(allHours, at('2024-02-29T15:00:00Z'))).toEqual(at('2024-03-01T15:00:00Z'));
  });

  it('returns null when the status never changes', () => {
    expect(nextChange(schedule('Asia/Seoul', days(ALL_DAYS, '00:00', '24:00')), at('2024-03-04T00:00:00Z'))).toBeNull();
    expect(nextChange(schedule('America/New_York', []), at('2024-03-04T00:00:00Z'))).toBeNull();
    // Around the clock in a DST zone on transition day: the clock jumps but the status doesn't.
    expect(nextChange(schedule('America/New_York', days(ALL_DAYS, '00:00', '24:00')), at('2024-03-09T12:00:00Z'))).toBeNull();
  });

  it('searches 14 days ahead and no further', () => {
    const mondayMorning = (holidays: string[]) => schedule('Asia/Seoul', days([1], '09:00', '10:00'), holidays);
    const now = at('2024-03-04T01:00:00Z'); // Mon 10:00, just closed
    // Next Monday is a holiday; the one after opens 13 days 23 hours from now.
    expect(nextChange(mondayMorning(['2024-03-11']), now)).toEqual(at('2024-03-18T00:00:00Z'));
    // With that one a holiday too, the next opening is 21 days out.
    expect(nextChange(mondayMorning(['2024-03-11', '2024-03-18']), now)).toBeNull();

    // Today and next Monday are holidays, so the next opening is Mon 18 Mar 09:00 = 2024-03-18T00:00Z.
    const twoHolidays = mondayMorning(['2024-03-04', '2024-03-11']);
    expect(nextChange(twoHolidays, at('2024-03-04T00:01:00Z'))).toEqual(at('2024-03-18T00:00:00Z')); // 13d 23h 59m ahead
    expect(nextChange(twoHolidays, at('2024-03-04T00:00:00Z'))).toEqual(at('2024-03-18T00:00:00Z')); // exactly 14 days: included
    expect(nextChange(twoHolidays, at('2024-03-03T23:59:00Z'))).toBeNull(); // 14 days and 1 minute
  });

  it('reports the spring-forward jump when an interval starts inside the gap', () => {
    const sunday = schedule('America/New_York', days([0], '02:30', '04:00'));
    // Assuming the offset held would give 02:30 EST = 07:30Z, a time that never shows on the clock.
    expect(nextChange(sunday, at('2024-03-10T06:00:00Z'))).toEqual(at('2024-03-10T07:00:00Z'));
    expect(nextChange(sunday, at('2024-03-10T07:00:00Z'))).toEqual(at('2024-03-10T08:00:00Z')); // 04:00 EDT
  });

  it('skips an interval that lies wholly inside the spring-forward gap', () => {
    const sunday = schedule('America/New_York', days([0], '02:15', '02:45'));
    expect(nextChange(sunday, at('2024-03-10T05:00:00Z'))).toEqual(at('2024-03-17T06:15:00Z')); // next Sunday 02:15 EDT
  });

  it('reports every flip of an interval inside the repeated fall-back hour', () => {
    const sunday = schedule('America/New_York', days([0], '01:30', '02:00'));
    const flips: string[] = [];
    let t: Date | null = at('2024-11-03T05:00:00Z');
    for (let i = 0; i < 5 && t; i++) {
      t = nextChange(sunday, t);
      if (t) flips.push(t.toISOString());
    }
    expect(flips).toEqual([
      '2024-11-03T05:30:00.000Z', // 01:30 EDT opens
      '2024-11-03T06:00:00.000Z', // clocks go back to 01:00 EST: closed
      '2024-11-03T06:30:00.000Z', // 01:30 EST opens again
      '2024-11-03T07:00:00.000Z', // 02:00 EST
      '2024-11-10T06:30:00.000Z', // next Sunday 01:30 EST
    ]);
  });

  it('copes with Samoa skipping 30 December 2011', () => {
    // Fridays only, and that Friday never happened: after Thursday 29th (UTC-10) came Saturday 31st (UTC+14).
    const friday = schedule('Pacific/Apia', days([5], '09:00', '17:00'));
    expect(nextChange(friday, at('2011-12-29T22:00:00Z'))).toEqual(at('2012-01-05T19:00:00Z')); // Fri 6 Jan 09:00 UTC+14
  });
});

// ---- Property tests against a brute-force reference -------------------------------------

// The reference reads the zone's UTC offset ('longOffset', e.g. "GMT+05:45") and shifts the
// instant by it, rather than reading wall-clock fields like the implementation does, and
// compares 'HH:MM' strings instead of parsed minutes, so a shared bug is unlikely.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function refOffsetMs(timeZone: string, t: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) offsetFormatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`unexpected offset ${name}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE;
}

const pad = (n: number) => String(n).padStart(2, '0');
function refLocal(timeZone: string, t: number) {
  const d = new Date(t + refOffsetMs(timeZone, t));
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    day: d.getUTCDay(),
    hhmm: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

function refIsOpen(s: ScheduleLike, t: number): boolean {
  const l = refLocal(s.timeZone, t);
  if (s.holidays.some((h) => h.date === l.date)) return false;
  // Zero-padded 'HH:MM' strings order like times, and '24:00' sorts after every real time.
  return s.weekly.some((i) => i.day === l.day && i.start <= l.hhmm && l.hhmm < i.end);
}

// Every zone below has whole-minute offsets and transitions over the generated years, so the
// status is constant between consecutive UTC minute marks and checking each mark is exhaustive.
function refNextChange(s: ScheduleLike, t0: number): number | null {
  const initial = refIsOpen(s, t0);
  for (let t = Math.floor(t0 / MINUTE) * MINUTE + MINUTE; t <= t0 + 14 * DAY; t += MINUTE) {
    if (refIsOpen(s, t) !== initial) return t;
  }
  return null;
}

const ZONES = [
  'UTC',
  'Asia/Seoul',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 with DST
  'America/Santiago', // DST transitions at local midnight
  'Africa/Casablanca', // goes back an hour for Ramadan
  'Pacific/Apia', // skipped a whole day in 2011
] as const;

// Random instants almost never land near a DST transition, so some are drawn just before known ones.
const TRANSITIONS: [string, string][] = [
  ['America/New_York', '2024-03-10T07:00:00Z'],
  ['America/New_York', '2024-11-03T06:00:00Z'],
  ['Europe/London', '2024-03-31T01:00:00Z'],
  ['Europe/London', '2024-10-27T01:00:00Z'],
  ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'],
  ['Australia/Lord_Howe', '2024-10-05T15:30:00Z'],
  ['Pacific/Chatham', '2024-04-06T14:00:00Z'],
  ['America/St_Johns', '2024-03-10T05:30:00Z'],
  ['America/Santiago', '2024-04-07T03:00:00Z'],
  ['America/Santiago', '2024-09-08T04:00:00Z'],
  ['Africa/Casablanca', '2024-03-10T02:00:00Z'],
  ['Africa/Casablanca', '2024-04-14T02:00:00Z'],
  ['Pacific/Apia', '2011-12-30T10:00:00Z'],
];

const zoneAndInstant: fc.Arbitrary<{ timeZone: string; t: number }> = fc.oneof(
  fc.record({
    timeZone: fc.constantFrom(...ZONES),
    t: fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2037, 0, 1) }),
  }),
  fc
    .constantFrom(...TRANSITIONS)
    .chain(([timeZone, iso]) =>
      fc.integer({ min: -15 * DAY, max: 2 * DAY }).map((d) => ({ timeZone, t: Date.parse(iso) + d })),
    ),
);

// Quarter hours make intervals that start or end inside DST gaps and overlaps likely.
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 96 }).map((q) => q * 15), fc.integer({ min: 0, max: 1440 }));
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
const interval = fc
  .tuple(fc.integer({ min: 0, max: 6 }), minuteOfDay, minuteOfDay)
  .filter(([, a, b]) => a !== b)
  .map(([day, a, b]) => ({ day, start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));

function anchoredInterval(local: { day: number; hhmm: string }) {
  return fc.tuple(fc.boolean(), minuteOfDay).map(([endsNow, other]) => {
    const [a, b] = endsNow ? [hhmm(other), local.hhmm] : [local.hhmm, hhmm(other)];
    return { day: local.day, start: a < b ? a : b, end: a < b ? b : a };
  });
}

const scenario = zoneAndInstant.chain(({ timeZone, t }) =>
  fc
    .record({
      // Random instants seldom sit on an interval edge, so some intervals start or end at the local time of `t`.
      weekly: fc
        .tuple(fc.array(interval, { maxLength: 8 }), fc.array(anchoredInterval(refLocal(timeZone, t)), { maxLength: 2 }))
        .map(([random, anchored]) => [...random, ...anchored]),
      // Holidays near `t` so they actually fall inside the window under test.
      holidayOffsets: fc.uniqueArray(fc.integer({ min: -1, max: 15 }), { maxLength: 3 }),
    })
    .map(({ weekly, holidayOffsets }) => ({
      t,
      s: {
        timeZone,
        weekly,
        holidays: holidayOffsets.map((k) => ({ date: refLocal(timeZone, t + k * DAY).date })),
      } satisfies ScheduleLike,
    })),
);

describe('properties', () => {
  it('isOpen and localParts agree with an offset-based reference', () => {
    fc.assert(
      fc.property(scenario, ({ s, t }) => {
        const now = new Date(t);
        const ref = refLocal(s.timeZone, t);
        const [h, m] = ref.hhmm.split(':').map(Number);
        expect(localParts(s.timeZone, now)).toEqual({ date: ref.date, day: ref.day, minutes: h! * 60 + m! });
        expect(isOpen(s, now)).toBe(refIsOpen(s, t));
      }),
      { numRuns: 1000 },
    );
  });

  it('nextChange agrees with a minute-by-minute scan', () => {
    fc.assert(
      fc.property(scenario, ({ s, t }) => {
        expect(nextChange(s, new Date(t))?.getTime() ?? null).toBe(refNextChange(s, t));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
