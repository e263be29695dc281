// FAQ matching: scores a customer's free text against each answer's example phrases, for English and Korean,
// without a model.
//
// Both sides go through the same analysis (shared/src/nlp): synonyms read as one canonical word (the bot's own groups,
// then a built-in customer-service lexicon: ship/deliver/parcel, 비번/비밀번호…), Korean particles and endings
// stripped, English stemmed (Porter). Then two channels are scored per phrase and blended:
//  - word tokens, matched exactly, by prefix (inflection the stemmer missed), or within one or two edits (typos; in
//    Hangul counted in letters, 환뷸 ~ 환불); a query word that is two phrase words run together (배송조회) is split,
//    and two query words that are one phrase word (기프트 카드) are joined;
//  - character n-grams (syllable pairs over Hangul with spaces removed, trigrams inside other words), because
//    Korean spacing is loose and customers misspell.
// Every feature is weighted by its IDF across all phrases, so words that many phrases share count little. Each
// channel is a weighted geometric mean of precision (how much of the query the phrase explains) and recall (how much
// of the phrase the query mentions), leaning on precision because customers rarely restate a whole example phrase.
// A query that contains a whole phrase, plus context, scores at least CONTAINED_BASE.

import { syllablePairs } from '../../hangul';
import { analyze, isWeak, jamo, lexiconFor, withinEdits, type SynonymGroup } from '../../nlp';
import { DENSE, HANGUL } from '../../nlp/fold';

export interface FaqEntry { id: string; phrases: readonly string[] }
export interface ScoredAnswer { id: string; score: number }
export interface FaqMatch {
  /** The best answer at or above the threshold. */
  best?: ScoredAnswer | undefined;
  /** Up to three answers at or above the threshold, best first. */
  candidates: ScoredAnswer[];
  /** Two candidates within AMBIGUITY_MARGIN of each other. */
  ambiguous: boolean;
  /** When nothing reaches the threshold: up to three answers at or above the suggestion floor, for "did you mean". */
  suggestions: ScoredAnswer[];
}

export interface MatchOptions {
  threshold: number;
  /** Below the threshold but at or above this, answers are suggested rather than dropped. Defaults to the threshold (no suggestions). */
  floor?: number | undefined;
  /** The bot's own synonym groups, read before the built-in lexicon. */
  synonyms?: readonly SynonymGroup[] | undefined;
  /** Semantic similarity per answer id in [0, 1] (embeddings, computed by the runtime), blended into the lexical score. */
  semantic?: ReadonlyMap<string, number> | undefined;
}

const MAX_CANDIDATES = 3;
const AMBIGUITY_MARGIN = 0.1;
// Subtracting two scores can land a hair above the margin (0.55 - 0.45 > 0.1 in floating point).
const EPSILON = 1e-9;
/** The weight of the semantic score when the runtime supplies one; the lexical score keeps the rest. */
export const SEMANTIC_WEIGHT = 0.5;

// A query longer than this is not an FAQ question; the caps bound the work per turn.
const MAX_QUERY_CHARS = 1000;
const MAX_QUERY_TOKENS = 64;
const MAX_QUERY_GRAMS = 256;
// A word longer than this is not split into phrase words: the split tries every cut.
const MAX_SPLIT_LENGTH = 24;

// Query words a phrase doesn't explain count half against it: customers add context or ask two things at once, and
// the part of the query that belongs to another answer shouldn't hide that this answer fits the rest.
const UNEXPLAINED_WEIGHT = 0.5;
const PRECISION_EXPONENT = 0.7;
// The better channel leads: tokens miss Korean compounds, n-grams miss nothing but are noisier.
const BEST_CHANNEL_WEIGHT = 0.8;
// A typo is good evidence, but less than the word itself.
const TYPO_SIMILARITY = 0.75;
// A query holding every word of a phrase (of two or more content words) is about that phrase, whatever else it says.
const CONTAINED_BASE = 0.5;
const COUNT_RECALL_WEIGHT = 0.3;
// How much an everyday word ("time", "today") counts against a word about the business.
const WEAK_WEIGHT = 0.5;

interface TextFeatures { tokens: string[]; grams: string[] }

function gramsOf(stems: readonly string[]): string[] {
  const grams: string[] = [];
  let dense = '';
  const flushDense = () => {
    grams.push(...syllablePairs(dense));
    dense = '';
  };
  for (const stem of stems) {
    if (DENSE.test(stem)) {
      dense += stem;
      continue;
    }
    flushDense();
    const padded = '^' + stem;
    if (padded.length <= 3) grams.push(padded);
    for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  }
  flushDense();
  return [...new Set(grams)];
}

function stemsOf(text: string, synonyms: readonly SynonymGroup[]): { stems: string[]; onlyStopwords: boolean } {
  const terms = analyze(text, lexiconFor(synonyms)).filter((t) => t.stem.length > 0);
  const content = terms.filter((t) => !t.stop);
  // A phrase made only of stopwords ("hello") must still match itself, but by whole words only: n-grams of function
  // words hit everything ("how" inside "show").
  if (content.length === 0) return { stems: terms.map((t) => t.stem), onlyStopwords: true };
  return { stems: content.map((t) => t.stem), onlyStopwords: false };
}

function featuresOf(text: string, synonyms: readonly SynonymGroup[]): TextFeatures {
  const { stems, onlyStopwords } = stemsOf(text, synonyms);
  // Everyday words are left out of the n-grams, where they could not be made to count less.
  return { tokens: [...new Set(stems)], grams: onlyStopwords ? [] : gramsOf(stems.filter((s) => !isWeak(s))) };
}

/** Two Hangul syllables say about as much as three Latin letters; one alone prefixes too much (배 / 배송). */
const minPrefix = (s: string) => (HANGUL.test(s) ? 2 : 3);

/** Prefix matches stand in for inflection the stemmer missed; the shorter side must carry real content. */
function prefixSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (!long.startsWith(short) || short.length < minPrefix(short)) return 0;
  // English has a stemmer, so a prefix left over is more often another word ("take" / "taken") than inflection.
  return HANGUL.test(short) ? 0.6 + 0.4 * (short.length / long.length) : 0.5 + 0.3 * (short.length / long.length);
}

/** Within one edit (two for long words); Hangul compared letter by letter, so a typo is one letter, not a syllable. */
function typoSimilarity(query: string, term: string, queryJamo: string | undefined, termJamo: string | undefined): number {
  if (queryJamo !== undefined && termJamo !== undefined) {
    return queryJamo.length >= 5 && withinEdits(queryJamo, termJamo, 1) ? TYPO_SIMILARITY : 0;
  }
  if (query.length < 4 || term.length < 4) return 0;
  // Short words one letter apart are usually other words (state / statu(s)); a dropped, doubled or swapped letter
  // is still a typo at that length (trak, refnd).
  if (query.length === term.length && query.length < 6 && !isSwap(query, term)) return 0;
  return withinEdits(query, term, query.length >= 9 ? 2 : 1) ? TYPO_SIMILARITY : 0;
}

function isSwap(a: string, b: string): boolean {
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i >= 0 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

interface Vocabulary { ids: Map<string, number>; idf: number[]; postings: number[][] }
interface PhraseFeatures { answer: number; tokens: number[]; tokenTotal: number; grams: number[]; gramTotal: number }
interface FaqIndex {
  tokens: Vocabulary & { terms: string[]; jamo: (string | undefined)[]; byHead: Map<string, number[]> };
  grams: Vocabulary;
  phrases: PhraseFeatures[];
  /** Weight of a query feature no phrase has. */
  unseen: number;
  synonyms: readonly SynonymGroup[];
}

function vocabulary(): Vocabulary { return { ids: new Map(), idf: [], postings: [] }; }

function intern(vocab: Vocabulary, term: string, phrase: number): number {
  let id = vocab.ids.get(term);
  if (id === undefined) {
    id = vocab.postings.length;
    vocab.ids.set(term, id);
    vocab.postings.push([]);
  }
  vocab.postings[id]!.push(phrase);
  return id;
}

// BM25's IDF over answers, not phrases: a word in every phrase of one answer is that answer's best evidence, not a
// common word. Close to zero for a feature in every answer, and never negative.
function fillIdf(vocab: Vocabulary, phrases: readonly PhraseFeatures[], answerCount: number): void {
  vocab.idf = vocab.postings.map((postings) => {
    const answers = new Set(postings.map((p) => phrases[p]!.answer)).size;
    return Math.log(1 + (answerCount - answers + 0.5) / (answers + 0.5));
  });
}

function buildIndex(answers: readonly FaqEntry[], synonyms: readonly SynonymGroup[]): FaqIndex {
  const tokens = { ...vocabulary(), terms: [] as string[], jamo: [] as (string | undefined)[], byHead: new Map<string, number[]>() };
  const grams = vocabulary();
  const phrases: PhraseFeatures[] = [];
  answers.forEach((answer, a) => {
    for (const text of answer.phrases) {
      const f = featuresOf(text, synonyms);
      if (f.tokens.length === 0) continue;
      const p = phrases.length;
      phrases.push({ answer: a, tokens: f.tokens.map((t) => intern(tokens, t, p)), tokenTotal: 0, grams: f.grams.map((g) => intern(grams, g, p)), gramTotal: 0 });
    }
  });
  fillIdf(tokens, phrases, answers.length);
  fillIdf(grams, phrases, answers.length);
  for (const [term, id] of tokens.ids) if (isWeak(term)) tokens.idf[id] = tokens.idf[id]! * WEAK_WEIGHT;
  for (const [term, id] of tokens.ids) {
    tokens.terms[id] = term;
    tokens.jamo[id] = HANGUL.test(term) ? jamo(term) : undefined;
    const head = term.slice(0, 1);
    const bucket = tokens.byHead.get(head);
    if (bucket) bucket.push(id);
    else tokens.byHead.set(head, [id]);
  }
  for (const p of phrases) {
    p.tokenTotal = p.tokens.reduce((sum, id) => sum + tokens.idf[id]!, 0);
    p.gramTotal = p.grams.reduce((sum, id) => sum + grams.idf[id]!, 0);
  }
  // An unseen feature is as informative as the rarest seen one, not more: its true IDF would be unbounded and one
  // typo would swamp the rest of the query.
  const unseen = Math.log(1 + (answers.length - 0.5) / 1.5);
  return { tokens, grams, phrases, unseen, synonyms };
}

// The same answers array is matched on every turn of a conversation; flows are parsed once and never mutated, so the
// arrays' identity is a safe cache key (per synonyms array too: one step's answers with its own groups).
const NO_SYNONYMS: readonly SynonymGroup[] = [];
const indexes = new WeakMap<readonly FaqEntry[], WeakMap<readonly SynonymGroup[], FaqIndex>>();

function indexFor(answers: readonly FaqEntry[], synonyms: readonly SynonymGroup[]): FaqIndex {
  let bySynonyms = indexes.get(answers);
  if (!bySynonyms) {
    bySynonyms = new WeakMap();
    indexes.set(answers, bySynonyms);
  }
  let index = bySynonyms.get(synonyms);
  if (!index) {
    index = buildIndex(answers, synonyms);
    bySynonyms.set(synonyms, index);
  }
  return index;
}

/**
 * A word the phrases do not have, split into words they do (배송조회 → 배송 + 조회, giftcard → gift + card), fewest
 * pieces first; undefined when it cannot be.
 */
function split(word: string, known: ReadonlyMap<string, number>): string[] | undefined {
  if (word.length > MAX_SPLIT_LENGTH || word.length < 2 * minPrefix(word)) return undefined;
  // best[i]: the fewest known pieces covering word[0, i).
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    for (let start = 0; start < end; start++) {
      const head = best[start];
      const piece = word.slice(start, end);
      if (!head || piece.length < minPrefix(piece) || !known.has(piece)) continue;
      if (!best[end] || best[end]!.length > head.length + 1) best[end] = [...head, piece];
    }
  }
  const pieces = best[word.length];
  return pieces && pieces.length > 1 ? pieces : undefined;
}

/** Query tokens reshaped toward the phrases' words: unknown compounds split, neighbours that form a known word joined. */
function alignTokens(tokens: readonly string[], known: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (next !== undefined && !known.has(token) && known.has(token + next)) {
      out.push(token + next);
      i++;
      continue;
    }
    out.push(...(known.has(token) ? [token] : (split(token, known) ?? [token])));
  }
  return [...new Set(out)];
}

function blend(precision: number, recall: number): number {
  if (precision <= 0 || recall <= 0) return 0;
  return Math.pow(precision, PRECISION_EXPONENT) * Math.pow(recall, 1 - PRECISION_EXPONENT);
}

/** Each answer's score: the best over its phrases. */
function scoreAnswers(index: FaqIndex, answerCount: number, query: TextFeatures): Float64Array {
  const { tokens, grams, phrases } = index;
  const isTouched = new Uint8Array(phrases.length);
  const touched: number[] = [];
  const touch = (postings: readonly number[]) => {
    for (const p of postings) {
      if (isTouched[p]) continue;
      isTouched[p] = 1;
      touched.push(p);
    }
  };

  // For each vocabulary term some query token resembles: which query tokens, and how well.
  const hits: ({ query: number; sim: number }[] | undefined)[] = new Array(tokens.postings.length);
  const queryWeights: number[] = [];
  let tokenQueryTotal = 0;
  for (const term of alignTokens(query.tokens, tokens.ids).slice(0, MAX_QUERY_TOKENS)) {
    let bestSim = 0;
    let weight = index.unseen;
    const bucket = tokens.byHead.get(term.slice(0, 1)) ?? [];
    const record = (id: number, sim: number) => {
      (hits[id] ??= []).push({ query: queryWeights.length, sim });
      // A word known only by prefix or a typo is as informative as the term it most resembles.
      if (sim > bestSim || (sim === bestSim && tokens.idf[id]! > weight)) [bestSim, weight] = [sim, tokens.idf[id]!];
      touch(tokens.postings[id]!);
    };
    for (const id of bucket) {
      const sim = prefixSimilarity(term, tokens.terms[id]!);
      if (sim > 0) record(id, sim);
    }
    // Typos only where the word is not known at all: a known word is what the customer meant.
    if (bestSim === 0) {
      const termJamo = HANGUL.test(term) ? jamo(term) : undefined;
      for (const id of bucket) {
        const sim = typoSimilarity(term, tokens.terms[id]!, termJamo, tokens.jamo[id]);
        if (sim > 0) record(id, sim);
      }
    }
    if (isWeak(term)) weight *= bestSim > 0 ? 1 : WEAK_WEIGHT;
    queryWeights.push(weight);
    tokenQueryTotal += weight;
  }

  const gramWeights = new Float64Array(grams.postings.length);
  let gramQueryTotal = 0;
  for (const gram of query.grams.slice(0, MAX_QUERY_GRAMS)) {
    const id = grams.ids.get(gram);
    if (id === undefined) {
      gramQueryTotal += index.unseen;
      continue;
    }
    gramWeights[id] = grams.idf[id]!;
    gramQueryTotal += grams.idf[id]!;
    touch(grams.postings[id]!);
  }

  const answerScores = new Float64Array(answerCount);
  const bestPerQueryToken = new Float64Array(queryWeights.length);
  for (const p of touched) {
    const phrase = phrases[p]!;
    bestPerQueryToken.fill(0);
    let tokenRecall = 0;
    let matchedTokens = 0;
    for (const id of phrase.tokens) {
      const termHits = hits[id];
      if (!termHits) continue;
      let best = 0;
      for (const hit of termHits) {
        if (hit.sim > best) best = hit.sim;
        if (hit.sim > bestPerQueryToken[hit.query]!) bestPerQueryToken[hit.query] = hit.sim;
      }
      tokenRecall += best * tokens.idf[id]!;
      if (best >= TYPO_SIMILARITY) matchedTokens++;
    }
    let tokenExplained = 0;
    for (let q = 0; q < queryWeights.length; q++) tokenExplained += bestPerQueryToken[q]! * queryWeights[q]!;

    let gramShared = 0;
    for (const id of phrase.grams) gramShared += gramWeights[id]!;

    const tokenPrecision = precision(tokenExplained, tokenQueryTotal);
    // Recall by weight and by count: one rare word of a two-word phrase is half the phrase, however rare it is.
    const recall = (1 - COUNT_RECALL_WEIGHT) * ratio(tokenRecall, phrase.tokenTotal) + COUNT_RECALL_WEIGHT * ratio(matchedTokens, phrase.tokens.length);
    const tokenScore = blend(tokenPrecision, recall);
    const gramScore = blend(precision(gramShared, gramQueryTotal), ratio(gramShared, phrase.gramTotal));
    const high = Math.max(tokenScore, gramScore);
    const low = Math.min(tokenScore, gramScore);
    let score = BEST_CHANNEL_WEIGHT * high + (1 - BEST_CHANNEL_WEIGHT) * low;
    if (phrase.tokens.length >= 2 && matchedTokens === phrase.tokens.length) score = Math.max(score, CONTAINED_BASE + (1 - CONTAINED_BASE) * tokenPrecision);
    score = Math.min(1, Math.max(0, score));
    if (score > answerScores[phrase.answer]!) answerScores[phrase.answer] = score;
  }
  return answerScores;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, part / whole) : 0;
}

function precision(explained: number, queryTotal: number): number {
  return ratio(explained, explained + UNEXPLAINED_WEIGHT * Math.max(0, queryTotal - explained));
}

/**
 * Every answer with its score, best first (ties in the author's order), zero scores left out: what the editor's
 * threshold preview shows, and what `matchFaq` decides from.
 */
export function rankFaq(answers: readonly FaqEntry[], query: string, opts: Pick<MatchOptions, 'synonyms' | 'semantic'> = {}): ScoredAnswer[] {
  const synonyms = opts.synonyms && opts.synonyms.length > 0 ? opts.synonyms : NO_SYNONYMS;
  const features = featuresOf(query.slice(0, MAX_QUERY_CHARS), synonyms);
  if (features.tokens.length === 0 || answers.length === 0) return [];
  const lexical = scoreAnswers(indexFor(answers, synonyms), answers.length, features);
  const ranked: (ScoredAnswer & { order: number })[] = [];
  answers.forEach((answer, a) => {
    const semantic = opts.semantic?.get(answer.id);
    // The semantic score can lift a paraphrase the words miss, but a question with no word in common with any phrase
    // still needs the model to be sure: both halves count.
    const score = semantic === undefined ? lexical[a]! : (1 - SEMANTIC_WEIGHT) * lexical[a]! + SEMANTIC_WEIGHT * Math.min(1, Math.max(0, semantic));
    // A zero score is no evidence at all, so it never qualifies, even at threshold 0.
    if (score > 0) ranked.push({ id: answer.id, score, order: a });
  });
  // Ties keep the author's order so the result is stable across runs and engines.
  ranked.sort((x, y) => y.score - x.score || x.order - y.order);
  return ranked.map(({ id, score }) => ({ id, score }));
}

export function matchFaq(answers: readonly FaqEntry[], query: string, opts: MatchOptions): FaqMatch {
  const ranked = rankFaq(answers, query, opts);
  const top = ranked.filter((r) => r.score >= opts.threshold).slice(0, MAX_CANDIDATES);
  const [first, second] = top;
  const floor = Math.min(opts.floor ?? opts.threshold, opts.threshold);
  return {
    best: first ? { ...first } : undefined,
    candidates: top,
    ambiguous: first !== undefined && second !== undefined && first.score - second.score <= AMBIGUITY_MARGIN + EPSILON,
    suggestions: first ? [] : ranked.filter((r) => r.score >= floor).slice(0, MAX_CANDIDATES),
  };
}
