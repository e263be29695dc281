/**
 * Korean glues particles and endings to words (환불은, 환불을), and spacing is loose (배송기간, 배송 기간), so whole
 * words miss. Both FAQ matching and article search compare Hangul as overlapping two-syllable pieces instead:
 * 환불은 and 환불을 share 환불.
 */

const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;

/** A run of syllables as overlapping pairs; a run of one or two is its own piece. */
export function syllablePairs(run: string): string[] {
  if (run.length <= 2) return run === '' ? [] : [run];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) pairs.push(run.slice(i, i + 2));
  return pairs;
}

/** The text with every Hangul run replaced by its pairs, spaced apart; other scripts are left as they are. */
export function splitHangul(text: string): string {
  return text.normalize('NFKC').replace(HANGUL_RUN, (run) => ` ${syllablePairs(run).join(' ')} `);
}
