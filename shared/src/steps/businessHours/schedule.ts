// Business-hours calendar, evaluated on the wall clock of the schedule's IANA time zone.
//
// Internally a "wall" time is the local date and time in the zone encoded as if it were a
// UTC timestamp, so the getUTC* accessors read local fields and whole local days are
// plain multiples of DAY_MS. The offset (wall - instant) is the only thing that needs Intl.

export interface ScheduleLike { timeZone: string; weekly: readonly { day: number; start: string; end: string }[]; holidays: readonly { date: string }[] }

export interface LocalParts {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  day: number;
  /** Whole minutes since local midnight. */
  minutes: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const HORIZON_MS = 14 * DAY_MS;
// Equal offsets at both ends of a step can hide a pair of transitions that cancel out; capping
// the step means such a pair would have to fall within 6 hours to be missed, for a few extra
// formatter calls.
const MAX_STEP_MS = 6 * HOUR_MS;

// Building a DateTimeFormat is far more expensive than using one, and isOpen runs on every turn.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Pinning calendar and digits keeps the parts parseable whatever the host's default locale;
    // h23 stops midnight from being rendered as hour 24.
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Only valid zones reach this line (the constructor throws otherwise), so garbage input can't grow the cache.
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Throws RangeError for an unknown zone or an invalid instant. */
function wallClock(timeZone: string, t: number): number {
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  for (const p of formatterFor(timeZone).formatToParts(t)) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value) % 24; break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
    }
  }
  const ms = t - Math.floor(t / 1000) * 1000;
  const d = new Date(0);
  // setUTCFullYear rather than Date.UTC, which would map years 0–99 onto 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function offsetAt(timeZone: string, t: number): number {
  return wallClock(timeZone, t) - t;
}

function partsOfWall(wall: number): LocalParts {
  const d = new Date(wall);
  return {
    date: d.toISOString().slice(0, 10),
    day: d.getUTCDay(),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
  };
}

export function localParts(timeZone: string, now: Date): LocalParts {
  return partsOfWall(wallClock(timeZone, now.getTime()));
}

/** Minutes since midnight, or NaN (which makes every comparison false, so the interval never matches). */
function parseHHMM(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

function openAtWall(s: ScheduleLike, wall: number): boolean {
  const { date, day, minutes } = partsOfWall(wall);
  if (s.holidays.some((h) => h.date === date)) return false;
  return s.weekly.some((i) => i.day === day && parseHHMM(i.start) <= minutes && minutes < parseHHMM(i.end));
}

export function isOpen(s: ScheduleLike, now: Date): boolean {
  return openAtWall(s, wallClock(s.timeZone, now.getTime()));
}

/** Per weekday, the sorted offsets (ms into the local day) where the weekly pattern can flip. Midnight is left to the caller. */
function boundariesByDay(s: ScheduleLike): number[][] {
  const byDay: number[][] = Array.from({ length: 7 }, () => []);
  for (const i of s.weekly) {
    const list = byDay[i.day];
    if (!list) continue;
    for (const m of [parseHHMM(i.start), parseHHMM(i.end)]) {
      if (m > 0 && m < 24 * 60) list.push(m * MINUTE_MS);
    }
  }
  for (const list of byDay) list.sort((a, b) => a - b);
  return byDay;
}

/**
 * The first instant in (lo, hi] whose offset differs from `offset`, given offset(lo) === offset
 * and offset(hi) !== offset. tzdb transitions fall on whole seconds and formatting floors to the
 * second, so searching over seconds is exact.
 */
function firstOffsetChange(timeZone: string, lo: number, hi: number, offset: number): number {
  let loS = Math.floor(lo / 1000);
  let hiS = Math.floor(hi / 1000);
  while (hiS - loS > 1) {
    const mid = Math.floor((loS + hiS) / 2);
    if (offsetAt(timeZone, mid * 1000) === offset) loS = mid;
    else hiS = mid;
  }
  return hiS * 1000;
}

/**
 * The next instant after `now` at which isOpen flips, or null if it doesn't within 14 days.
 *
 * Walks from one candidate instant to the next: assuming the offset holds, status can only change
 * at the next local boundary; if the offset changed on the way, status can instead change at the
 * transition itself (e.g. an interval starting inside the spring-forward gap opens at the jump).
 */
export function nextChange(s: ScheduleLike, now: Date): Date | null {
  const tz = s.timeZone;
  const start = now.getTime();
  const limit = start + HORIZON_MS;
  const boundaries = boundariesByDay(s);

  let t = start;
  let offset = offsetAt(tz, t);
  const initial = openAtWall(s, t + offset);

  while (t < limit) {
    const wall = t + offset;
    const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
    const intoDay = wall - dayStart;
    // Midnight is always a candidate: a holiday starts or ends there even when no interval does.
    const boundary = boundaries[new Date(dayStart).getUTCDay()]?.find((b) => b > intoDay) ?? DAY_MS;

    let next = t + Math.min(boundary - intoDay, MAX_STEP_MS);
    let nextOffset = offsetAt(tz, next);
    if (nextOffset !== offset) {
      next = firstOffsetChange(tz, t, next, offset);
      nextOffset = offsetAt(tz, next);
    }
    if (next > limit) return null;
    if (openAtWall(s, next + nextOffset) !== initial) return new Date(next);
    t = next;
    offset = nextOffset;
  }
  return null;
}
