import type { z } from 'zod';
import type { UnmatchedGroup } from '@parley/shared';
import type { FaqRow } from '../store/analytics';

/** Near-duplicates at least this similar (character-trigram Jaccard) are one group. */
export const SIMILARITY = 0.6;
/** How many of the newest texts are grouped: the grouping compares groups pairwise, so it stays bounded. */
export const UNMATCHED_LIMIT = 2000;
const VARIANTS = 5;
const SUGGESTIONS = 3;

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/**
 * The text as a grouping key: lower case, punctuation and symbols gone, spaces collapsed, and no spaces next to
 * Korean letters (Korean spacing varies: "배송 조회" and "배송조회" are the same question).
 */
export function normalise(text: string): string {
  const plain = text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  let out = '';
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    if (c === ' ' && (HANGUL.test(plain[i - 1] ?? '') || HANGUL.test(plain[i + 1] ?? ''))) continue;
    out += c;
  }
  return out;
}

export function trigrams(key: string): Set<string> {
  const padded = ` ${key} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Bucket {
  count: number;
  texts: Map<string, number>;
  nodes: Map<string, number>;
  lastAt: string;
  suggested: Map<string, number>;
  grams: Set<string>;
}

function mostFrequent(m: ReadonlyMap<string, number>): string {
  let best = '';
  let n = -1;
  for (const [k, v] of m) if (v > n) [best, n] = [k, v];
  return best;
}

function addAll(into: Map<string, number>, from: ReadonlyMap<string, number>, pick: (a: number, b: number) => number = (a, b) => a + b): void {
  for (const [k, v] of from) into.set(k, into.has(k) ? pick(into.get(k)!, v) : v);
}

/**
 * Groups unanswered texts: first by their normalised key, then merging groups whose keys are near-duplicates,
 * biggest groups first (each joins the first bigger group it resembles). Largest groups first in the answer.
 */
export function groupUnmatched(rows: readonly FaqRow[]): z.infer<typeof UnmatchedGroup>[] {
  const byKey = new Map<string, Bucket>();
  for (const r of rows.slice(0, UNMATCHED_LIMIT)) {
    const key = normalise(r.text);
    if (key === '') continue;
    let b = byKey.get(key);
    if (!b) byKey.set(key, (b = { count: 0, texts: new Map(), nodes: new Map(), lastAt: r.at, suggested: new Map(), grams: trigrams(key) }));
    b.count++;
    b.texts.set(r.text, (b.texts.get(r.text) ?? 0) + 1);
    b.nodes.set(r.nodeId, (b.nodes.get(r.nodeId) ?? 0) + 1);
    if (r.at > b.lastAt) b.lastAt = r.at;
    for (const s of r.suggestions) b.suggested.set(s.answerId, Math.max(b.suggested.get(s.answerId) ?? 0, s.score));
  }
  const clusters: Bucket[] = [];
  for (const b of [...byKey.values()].sort((x, y) => y.count - x.count)) {
    const home = clusters.find((c) => jaccard(c.grams, b.grams) >= SIMILARITY);
    if (!home) {
      clusters.push(b);
      continue;
    }
    home.count += b.count;
    addAll(home.texts, b.texts);
    addAll(home.nodes, b.nodes);
    addAll(home.suggested, b.suggested, Math.max);
    if (b.lastAt > home.lastAt) home.lastAt = b.lastAt;
  }
  return clusters
    .sort((x, y) => y.count - x.count || (y.lastAt > x.lastAt ? 1 : y.lastAt < x.lastAt ? -1 : 0))
    .map((c) => {
      const text = mostFrequent(c.texts);
      return {
        text,
        count: c.count,
        variants: [...c.texts].filter(([t]) => t !== text).sort((a, b) => b[1] - a[1]).slice(0, VARIANTS).map(([t]) => t),
        nodeId: mostFrequent(c.nodes),
        lastAt: c.lastAt,
        suggested: [...c.suggested].sort((a, b) => b[1] - a[1]).slice(0, SUGGESTIONS).map(([answerId, score]) => ({ answerId, score })),
      };
    });
}
