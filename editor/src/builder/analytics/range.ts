import type { Range } from './analyticsApi';

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];

/** What the admin picked: one of the presets (ending today) or their own inclusive days. */
export type RangeChoice = { preset: Preset } | { preset: 'custom'; from: string; to: string };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The days a choice covers, in UTC as the rollups are kept: "last 7 days" is today and the 6 before it. */
export function resolveRange(choice: RangeChoice, now: Date = new Date()): Range {
  if (choice.preset === 'custom') return { from: choice.from, to: choice.to };
  const from = new Date(now.getTime() - (choice.preset - 1) * 86_400_000);
  return { from: day(from), to: day(now) };
}

/** A custom range the server would refuse (a missing day, or from after to) is not sent at all. */
export function isValidRange(r: Range): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(r.from) && /^\d{4}-\d{2}-\d{2}$/.test(r.to) && r.from <= r.to;
}
