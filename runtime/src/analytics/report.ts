import type { AnalyticsReport, StepFigures } from '@parley/shared';
import { ABANDONED_HERE, BOT_NODE, ENDED_HERE, OUTLET_PREFIX, VISIT, type CountRow } from '../store/analytics';

const DAY_MS = 86_400_000;

/** Every UTC day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The report from the counters (per day, step and key) and the conversations still waiting at each step. A step's
 * drop-off is the conversations that finished there or were abandoned there, so for each step
 * visits = sum of outlets + dropOff + waiting.
 */
export function buildReport(
  head: { botId: string; from: string; to: string; version: number | null },
  counts: readonly CountRow[],
  waiting: readonly { nodeId: string; n: number }[],
): AnalyticsReport {
  const bot = new Map<string, number>();
  const byDay = new Map<string, Map<string, number>>();
  const steps: Record<string, StepFigures & { waiting: number }> = {};
  const step = (nodeId: string) => (steps[nodeId] ??= { visits: 0, dropOff: 0, outlets: {}, waiting: 0 });
  for (const c of counts) {
    const n = Number(c.n);
    if (c.nodeId === BOT_NODE) {
      bot.set(c.key, (bot.get(c.key) ?? 0) + n);
      let day = byDay.get(c.day);
      if (!day) byDay.set(c.day, (day = new Map()));
      day.set(c.key, (day.get(c.key) ?? 0) + n);
      continue;
    }
    const s = step(c.nodeId);
    if (c.key === VISIT) s.visits += n;
    else if (c.key === ENDED_HERE || c.key === ABANDONED_HERE) s.dropOff += n;
    else if (c.key.startsWith(OUTLET_PREFIX)) {
      const outlet = c.key.slice(OUTLET_PREFIX.length);
      s.outlets[outlet] = (s.outlets[outlet] ?? 0) + n;
    }
  }
  for (const w of waiting) step(w.nodeId).waiting += Number(w.n);
  // A counter can only go below zero through a bug; a report never shows one.
  for (const s of Object.values(steps)) s.dropOff = Math.max(0, s.dropOff);

  const get = (key: string) => Math.max(0, bot.get(key) ?? 0);
  const totals = {
    started: get('started'),
    ended: get('ended'),
    automatedResolutions: get('resolved'),
    handoffs: get('handoffs'),
    abandoned: get('abandoned'),
    faqQuestions: get('faqAnswered') + get('faqSuggested') + get('faqNoMatch'),
    faqAnswered: get('faqAnswered'),
    faqSuggested: get('faqSuggested'),
    faqNoMatch: get('faqNoMatch'),
    articleHelped: get('articleHelped'),
    articleNotHelped: get('articleNotHelped'),
    csatResponses: get('csatResponses'),
    csatPositive: get('csatPositive'),
  };
  const series = daysBetween(head.from, head.to).map((day) => {
    const d = byDay.get(day);
    const of = (key: string) => Math.max(0, d?.get(key) ?? 0);
    return { day, started: of('started'), handoffs: of('handoffs'), automatedResolutions: of('resolved'), abandoned: of('abandoned') };
  });
  return {
    ...head,
    totals,
    rates: {
      automatedResolution: rate(totals.automatedResolutions, totals.started),
      handoff: rate(totals.handoffs, totals.started),
      abandonment: rate(totals.abandoned, totals.started),
      faqAnswer: rate(totals.faqAnswered, totals.faqQuestions),
      faqNoMatch: rate(totals.faqNoMatch, totals.faqQuestions),
      articleHelpfulness: rate(totals.articleHelped, totals.articleHelped + totals.articleNotHelped),
    },
    series,
    steps,
  };
}
