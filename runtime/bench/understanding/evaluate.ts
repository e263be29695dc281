import { LAST_MESSAGE, NO_MATCH, faq } from '@parley/shared';
import type { EvalSet } from './types';
import { en } from './en';
import { ko } from './ko';
import { heldOut } from './heldout';

/** How a faq step built from the set's answers treats its questions, as a customer would see it. */
export interface UnderstandingResult {
  locale: string;
  questions: number;
  onTopic: number;
  offTopic: number;
  /** On-topic questions answered directly with the right answer. */
  hitAt1: number;
  /** On-topic questions answered with the right answer, or offered it among the "did you mean" buttons. */
  hitAt3: number;
  /** Off-topic questions that got "no match" (neither an answer nor suggestions). */
  offTopicRefused: number;
  /** On-topic questions that got "no match". */
  noMatch: number;
  /** On-topic questions answered directly with a wrong answer. */
  wrongAnswer: number;
  misses: { q: string; expect: string | null; got: string }[];
}

export const evalSets: EvalSet[] = [en, ko];
export { heldOut };

type Outcome = { kind: 'answer'; id: string } | { kind: 'suggest'; ids: string[] } | { kind: 'none' };

function ask(data: ReturnType<typeof faq.schema.parse>, locale: 'en' | 'ko', text: string): Outcome {
  const result = faq.resolve!(data, { vars: { [LAST_MESSAGE]: text }, now: new Date(0), nodeId: 'faq', locale });
  if (result.outlet === NO_MATCH) return { kind: 'none' };
  const buttons = result.say?.flatMap((m) => (m.type === 'options' ? m.buttons : []));
  if (buttons && buttons.length > 0) return { kind: 'suggest', ids: buttons.map((b) => b.id).filter((id) => id !== NO_MATCH) };
  return { kind: 'answer', id: result.outlet };
}

const describe = (o: Outcome) => (o.kind === 'answer' ? o.id : o.kind === 'suggest' ? `did you mean ${o.ids.join(' / ')}` : 'no match');

export function evaluate(set: EvalSet): UnderstandingResult {
  // The step's own defaults (threshold, suggestion floor, no bot synonyms): what an admin gets out of the box.
  // UNDERSTANDING_THRESHOLD / UNDERSTANDING_FLOOR try other settings without editing the step.
  const tuned = { threshold: Number(process.env.UNDERSTANDING_THRESHOLD) || undefined, suggestionFloor: Number(process.env.UNDERSTANDING_FLOOR) || undefined };
  const data = faq.schema.parse({ answers: set.answers, ...tuned });
  const r: UnderstandingResult = { locale: set.locale, questions: set.questions.length, onTopic: 0, offTopic: 0, hitAt1: 0, hitAt3: 0, offTopicRefused: 0, noMatch: 0, wrongAnswer: 0, misses: [] };
  for (const { q, expect } of set.questions) {
    const got = ask(data, set.locale, q);
    if (expect === null) {
      r.offTopic++;
      if (got.kind === 'none') r.offTopicRefused++;
      else r.misses.push({ q, expect, got: describe(got) });
      continue;
    }
    r.onTopic++;
    const first = got.kind === 'answer' && got.id === expect;
    const offered = got.kind === 'suggest' && got.ids.slice(0, 3).includes(expect);
    if (first) r.hitAt1++;
    if (first || offered) r.hitAt3++;
    if (got.kind === 'none') r.noMatch++;
    if (got.kind === 'answer' && got.id !== expect) r.wrongAnswer++;
    if (!first) r.misses.push({ q, expect, got: describe(got) });
  }
  return r;
}

export const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);

export function summaryLine(r: UnderstandingResult): string {
  return `${r.locale}: hit@1 ${rate(r.hitAt1, r.onTopic)}, hit@3 ${rate(r.hitAt3, r.onTopic)}, off-topic refused ${rate(r.offTopicRefused, r.offTopic)}, no match ${rate(r.noMatch, r.onTopic)}, wrong answer ${rate(r.wrongAnswer, r.onTopic)} (${r.onTopic} on-topic, ${r.offTopic} off-topic)`;
}

// `npx tsx runtime/bench/understanding/evaluate.ts [--misses]`: the same figures without the bench around them.
if (process.argv[1]?.endsWith('evaluate.ts')) {
  for (const [label, set] of [...evalSets.map((s) => ['', s] as const), ...heldOut.map((s) => ['held-out ', s] as const)]) {
    const r = evaluate(set);
    process.stdout.write(`${label}${summaryLine(r)}\n`);
    if (process.argv.includes('--misses')) for (const m of r.misses) process.stdout.write(`  ${JSON.stringify(m.q)} → ${m.got} (expected ${m.expect ?? 'no match'})\n`);
  }
}
