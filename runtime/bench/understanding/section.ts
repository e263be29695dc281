import { progress } from '../common';
import type { Goal } from '../report';
import { evalSets, evaluate, heldOut, rate, summaryLine, type UnderstandingResult } from './evaluate';

/**
 * `--only understanding`: the evaluation sets through the faq step's own resolve (in-process, no server), per
 * language. The figures are reported, not asserted in a test: they measure the matcher, they do not pin it.
 */
export function understandingSection(): { results: UnderstandingResult[]; heldOut: UnderstandingResult[]; goals: Goal[] } {
  const results = evalSets.map(evaluate);
  const goals: Goal[] = [];
  // Written after tuning and never tuned against: reported beside the goals, as the estimate on unseen text.
  const unseen = heldOut.map(evaluate);
  for (const r of unseen) {
    progress(`understanding (held-out): ${summaryLine(r)}`);
    goals.push({
      section: 'understanding',
      name: `${r.locale} held-out: hit@1 / hit@3 / off-topic refused`,
      goal: 'reported',
      measured: `${rate(r.hitAt1, r.onTopic)} / ${rate(r.hitAt3, r.onTopic)} / ${rate(r.offTopicRefused, r.offTopic)} (${r.onTopic} + ${r.offTopic})`,
      met: null,
    });
  }
  for (const r of results) {
    progress(`understanding: ${summaryLine(r)}`);
    const hit1 = rate(r.hitAt1, r.onTopic);
    const hit3 = rate(r.hitAt3, r.onTopic);
    const refused = rate(r.offTopicRefused, r.offTopic);
    goals.push(
      { section: 'understanding', name: `${r.locale}: hit@1 (right answer given directly)`, goal: '≥ 0.85', measured: `${hit1} (${r.hitAt1}/${r.onTopic})`, met: hit1 >= 0.85 },
      { section: 'understanding', name: `${r.locale}: hit@3 (answer or "did you mean" button)`, goal: '≥ 0.95', measured: `${hit3} (${r.hitAt3}/${r.onTopic})`, met: hit3 >= 0.95 },
      { section: 'understanding', name: `${r.locale}: off-topic refused`, goal: '≥ 0.90', measured: `${refused} (${r.offTopicRefused}/${r.offTopic})`, met: refused >= 0.9 },
      { section: 'understanding', name: `${r.locale}: no match on on-topic questions`, goal: 'reported', measured: `${rate(r.noMatch, r.onTopic)} (${r.noMatch}/${r.onTopic})`, met: null },
    );
  }
  return { results, heldOut: unseen, goals };
}
