import type { FaqEntry } from '@parley/shared';
import type { Logger } from '../log';
import { LruCache } from './cache';
import type { EmbeddingsClient } from './client';

/** Semantic similarity of a question to each FAQ answer, in [0, 1], or undefined when it cannot be had right now. */
export interface SemanticScorer {
  score(answers: readonly FaqEntry[], question: string): Promise<ReadonlyMap<string, number> | undefined>;
}

export interface SemanticOptions {
  /** Phrase vectors kept in memory. At 1,536 dimensions (float32) 4,096 phrases take about 25 MB. */
  cacheEntries?: number;
  /** After a failure, matching is lexical only for this long, so a provider that is down does not slow every turn. */
  cooldownMs?: number;
  now?: () => number;
}

// Cosine similarity between unrelated texts is rarely near zero with embedding models (0.2–0.5 is common), so the
// score the matcher blends in starts at this similarity and reaches 1 at identical meaning.
const COSINE_BASELINE = 0.3;

/**
 * Embeddings for FAQ matching: every example phrase embedded once and kept (LRU, by model and text), the question
 * embedded per turn in the same request as any phrase not yet cached. Any failure is logged and answered with
 * undefined, and the step matches by words alone.
 */
export function createSemanticScorer(client: EmbeddingsClient, log: Logger, opts: SemanticOptions = {}): SemanticScorer {
  const cache = new LruCache<string, Float32Array>(opts.cacheEntries ?? 4096);
  const now = opts.now ?? Date.now;
  const cooldownMs = opts.cooldownMs ?? 30_000;
  let pausedUntil = 0;

  return {
    async score(answers, question) {
      if (question.trim() === '' || now() < pausedUntil) return undefined;
      const phrases = [...new Set(answers.flatMap((a) => a.phrases))];
      const missing = phrases.filter((p) => cache.get(p) === undefined);
      let vectors: Float32Array[];
      try {
        vectors = await client.embed([question, ...missing]);
      } catch (e) {
        pausedUntil = now() + cooldownMs;
        log.warn({ err: (e as Error).message, cooldownMs }, 'embeddings unavailable; FAQ matching by words only');
        return undefined;
      }
      const [q, ...fresh] = vectors;
      missing.forEach((p, i) => cache.set(p, fresh[i]!));
      const scores = new Map<string, number>();
      for (const answer of answers) {
        let best = 0;
        for (const phrase of answer.phrases) {
          const v = cache.get(phrase);
          if (!v || v.length !== q!.length) continue;
          best = Math.max(best, (cosine(q!, v) - COSINE_BASELINE) / (1 - COSINE_BASELINE));
        }
        scores.set(answer.id, Math.min(1, Math.max(0, best)));
      }
      return scores;
    },
  };
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
