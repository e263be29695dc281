/** Numbers and rates in the page's language: `1,234` and `12.5%` in both, with the locale's own grouping. */
export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** A rate the report gives as 0..1, or null when nothing was counted (no "0%" for an empty denominator). */
export function formatRate(rate: number | null, lang: string): string {
  if (rate === null || !Number.isFinite(rate)) return '–';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A share computed here (drop-off of a step's visits), null when there were no visits. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** A UTC day (`YYYY-MM-DD`) as the locale writes a short date. */
export function formatDay(dayIso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${dayIso}T00:00:00Z`));
}
