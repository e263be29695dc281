// FAQ matching: scores a customer's free text against each answer's example phrases, for
// English and Korean, without a model or a dictionary.
//
// Two channels are scored per phrase and blended:
//  - word tokens, lightly stemmed (English suffixes, Korean particles and 하다-endings), matched
//    exactly or by prefix, because neither language has a stemmer we can ship and prefixes catch
//    most inflection ("returning" ~ "return", "환불은" ~ "환불");
//  - character n-grams (syllable bigrams over Hangul with spaces removed, trigrams inside other
//    words), because Korean spacing is loose ("배송기간" vs "배송 기간") and customers misspell.
// Every feature is weighted by its IDF across all phrases, so words that many phrases share count
// little. Each channel is a weighted geometric mean of precision (how much of the query the
// phrase explains) and recall (how much of the phrase the query mentions), leaning on precision
// because customers rarely restate a whole example phrase.

import { syllablePairs } from '../../hangul';

export interface FaqEntry { id: string; phrases: readonly string[] }
export interface FaqMatch { best?: { id: string; score: number } | undefined; candidates: { id: string; score: number }[]; ambiguous: boolean }

const MAX_CANDIDATES = 3;
const AMBIGUITY_MARGIN = 0.1;
// Subtracting two scores can land a hair above the margin (0.55 - 0.45 > 0.1 in floating point).
const EPSILON = 1e-9;

// A query longer than this is not an FAQ question; the caps bound the work per turn.
const MAX_QUERY_CHARS = 1000;
const MAX_QUERY_TOKENS = 64;
const MAX_QUERY_GRAMS = 256;

// Query words a phrase doesn't explain count half against it: customers add context, use
// synonyms no phrase has ("package" for "order"), or ask two things at once, and the part of the
// query that belongs to another answer shouldn't hide that this answer fits the rest.
const UNEXPLAINED_WEIGHT = 0.5;
const PRECISION_EXPONENT = 0.7;
// The better channel leads: tokens miss Korean compounds, n-grams miss nothing but are noisier.
const BEST_CHANNEL_WEIGHT = 0.8;

// Stopwords are function words and question frames that say nothing about which answer is meant.
const STOPWORDS = new Set([
  // English
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'you', 'your', 'yours', 'he', 'him', 'his',
  'she', 'her', 'it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'is', 'am', 'are', 'was',
  'were', 'be', 'been', 'being', 'do', 'does', 'did', 'doing', 'done', 'have', 'has', 'had', 'having', 'can', 'could',
  'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'to', 'of', 'in', 'on', 'at', 'by', 'for', 'with',
  'from', 'about', 'as', 'into', 'onto', 'over', 'up', 'out', 'off', 'and', 'or', 'but', 'if', 'then', 'so', 'than',
  'too', 'very', 'just', 'not', 'no', 'yes', 'please', 'pls', 'hi', 'hello', 'hey', 'thanks', 'thank', 'what',
  'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'there', 'here', 'any', 'some', 'all', 'also',
  'get', 'got', 'want', 'wanna', 'need', 'like', 'know', 'tell', 'let', 'im', 'ive', 'ill', 'dont', 'cant',
  'wont', 'didnt', 'doesnt', 'isnt', 'whats', 'hows', 'wheres', 'u', 'ur', 'much', 'many', 'again', 'still',
  // Korean (matched before and after particle stripping)
  '어떻게', '어떡해', '어떡하나요', '언제', '어디', '어디서', '어디로', '어디에', '뭐', '뭐가', '뭔가요', '무엇', '무엇인가요',
  '무슨', '왜', '얼마나', '몇', '하나요', '있나요', '있어요', '있을까요', '있는', '인가요', '건가요', '거예요', '주세요',
  '해주세요', '싶어요', '싶은데요', '싶습니다', '싶은데', '원해요', '원합니다', '하고', '해요', '하는', '하면', '되나요', '돼요',
  '되요', '되는', '가능한가요', '가능해요', '가능할까요', '할', '수', '좀', '제', '저', '저는', '제가', '내', '나', '나는', '내가',
  '그', '이', '그거', '이거', '저희', '우리', '혹시', '안녕하세요', '네', '예', '아니요', '요', '궁금해요', '궁금합니다',
  '알려주세요', '알려', '어때', '어때요', '어떤', '것', '거', '게', '때', '진짜', '너무', '정말', '그리고', '근데', '그런데', '또',
]);

// Particles and 하다/되다 endings glued to Korean words, longest first so "에서는" wins over "는".
// A one-syllable ending is only stripped from a word of three or more syllables: in two-syllable
// words it is usually part of the noun (물가, 휴가, 나이).
const KO_SUFFIXES = [
  '해주세요', '에서는', '으로는', '에게서', '하려면', '하나요', '할까요', '할게요', '했어요', '했는데', '합니다', '됩니다',
  '되나요', '인가요', '한가요', '이에요', '입니다', '에서', '으로', '에게', '한테', '까지', '부터', '이랑', '하고', '처럼',
  '보다', '해요', '하는', '하면', '하기', '나요', '는데', '이요', '예요', '은', '는', '이', '가', '을', '를', '에', '로', '의',
  '도', '만', '과', '와', '랑', '요', '할', '한',
];

const HANGUL = /\p{Script=Hangul}/u;
// Scripts written without spaces between words get n-grams across word boundaries.
const DENSE = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{Script=Hangul}]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|[^\s\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    // "don't" and "dont" should be the same word, not "don" + "t".
    .replace(/['’‘`´]/gu, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ');
}

function stripKorean(word: string): string {
  let w = word;
  // Two rounds handle a particle followed by 요 ("배송은요").
  for (let round = 0; round < 2; round++) {
    const suffix = KO_SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= (s.length === 1 ? 2 : 1));
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w;
}

function stemLatin(word: string): string {
  if (word.length <= 3 || !/^\p{Script=Latin}+$/u.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const verbal = /(ing|ed)$/.exec(w);
  // "speed" and "need" are not past tenses.
  if (verbal && w.length - verbal[0].length >= 3 && !w.endsWith('eed')) {
    w = w.slice(0, -verbal[0].length);
    // "shipping" -> "shipp" -> "ship"; l, s and z double in base forms too ("sell", "miss").
    if (/([b-df-hj-km-np-rtv-y])\1$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ment') && w.length >= 7) w = w.slice(0, -4);
  else if (/(al|ly)$/.test(w) && w.length >= 6) w = w.slice(0, -2);
  // A final e or y varies with the suffix ("arrive"/"arrival", "delivery"/"delivered").
  if (/[ey]$/.test(w) && w.length > 4) w = w.slice(0, -1);
  return w;
}

interface TextFeatures { tokens: string[]; grams: string[] }

function featuresOf(text: string): TextFeatures {
  const words = normalize(text).match(WORD) ?? [];
  const stems = words.map((w) => ({ word: w, stem: HANGUL.test(w) ? stripKorean(w) : stemLatin(w) }));
  let content = stems.filter((s) => !STOPWORDS.has(s.word) && !STOPWORDS.has(s.stem));
  // A phrase made only of stopwords ("hello") must still match itself, but by whole words only:
  // n-grams of function words hit everything ("how" inside "show").
  const onlyStopwords = content.length === 0;
  if (onlyStopwords) content = stems;

  const grams: string[] = [];
  let dense = '';
  const flushDense = () => {
    grams.push(...syllablePairs(dense));
    dense = '';
  };
  for (const { stem } of content) {
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
  return { tokens: [...new Set(content.map((s) => s.stem))], grams: onlyStopwords ? [] : [...new Set(grams)] };
}

// Prefix matches stand in for stemming; the shorter side must carry real content.
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (!long.startsWith(short)) return 0;
  // Two Hangul syllables say about as much as three Latin letters; one alone prefixes too much (배 / 배송).
  const minLength = HANGUL.test(short) ? 2 : 3;
  if (short.length < minLength) return 0;
  return 0.6 + 0.4 * (short.length / long.length);
}

interface Vocabulary { ids: Map<string, number>; idf: number[]; postings: number[][] }
interface PhraseFeatures { answer: number; tokens: number[]; tokenTotal: number; grams: number[]; gramTotal: number }
interface FaqIndex {
  tokens: Vocabulary & { terms: string[]; byHead: Map<string, number[]> };
  grams: Vocabulary;
  phrases: PhraseFeatures[];
  /** Weight of a query feature no phrase has. */
  unseen: number;
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

// BM25's IDF: close to zero for a feature in every phrase, and never negative.
function fillIdf(vocab: Vocabulary, phraseCount: number): void {
  vocab.idf = vocab.postings.map((p) => Math.log(1 + (phraseCount - p.length + 0.5) / (p.length + 0.5)));
}

function buildIndex(answers: readonly FaqEntry[]): FaqIndex {
  const tokens = { ...vocabulary(), terms: [] as string[], byHead: new Map<string, number[]>() };
  const grams = vocabulary();
  const phrases: PhraseFeatures[] = [];
  answers.forEach((answer, a) => {
    for (const text of answer.phrases) {
      const f = featuresOf(text);
      if (f.tokens.length === 0) continue;
      const p = phrases.length;
      phrases.push({ answer: a, tokens: f.tokens.map((t) => intern(tokens, t, p)), tokenTotal: 0, grams: f.grams.map((g) => intern(grams, g, p)), gramTotal: 0 });
    }
  });
  fillIdf(tokens, phrases.length);
  fillIdf(grams, phrases.length);
  for (const [term, id] of tokens.ids) {
    tokens.terms[id] = term;
    const head = term.slice(0, 1);
    const bucket = tokens.byHead.get(head);
    if (bucket) bucket.push(id);
    else tokens.byHead.set(head, [id]);
  }
  for (const p of phrases) {
    p.tokenTotal = p.tokens.reduce((sum, id) => sum + tokens.idf[id]!, 0);
    p.gramTotal = p.grams.reduce((sum, id) => sum + grams.idf[id]!, 0);
  }
  // An unseen feature is as informative as the rarest seen one, not more: its true IDF would be
  // unbounded and one typo would swamp the rest of the query.
  const unseen = Math.log(1 + (phrases.length - 0.5) / 1.5);
  return { tokens, grams, phrases, unseen };
}

// The same answers array is matched on every turn of a conversation; flows are parsed once and
// never mutated, so the array's identity is a safe cache key.
const indexes = new WeakMap<readonly FaqEntry[], FaqIndex>();

function indexFor(answers: readonly FaqEntry[]): FaqIndex {
  let index = indexes.get(answers);
  if (!index) {
    index = buildIndex(answers);
    indexes.set(answers, index);
  }
  return index;
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
  for (const term of query.tokens.slice(0, MAX_QUERY_TOKENS)) {
    let bestSim = 0;
    let weight = index.unseen;
    for (const id of tokens.byHead.get(term.slice(0, 1)) ?? []) {
      const sim = tokenSimilarity(term, tokens.terms[id]!);
      if (sim === 0) continue;
      (hits[id] ??= []).push({ query: queryWeights.length, sim });
      // A word known only by prefix is as informative as the term it most resembles.
      if (sim > bestSim || (sim === bestSim && tokens.idf[id]! > weight)) [bestSim, weight] = [sim, tokens.idf[id]!];
      touch(tokens.postings[id]!);
    }
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
    for (const id of phrase.tokens) {
      const termHits = hits[id];
      if (!termHits) continue;
      let best = 0;
      for (const hit of termHits) {
        if (hit.sim > best) best = hit.sim;
        if (hit.sim > bestPerQueryToken[hit.query]!) bestPerQueryToken[hit.query] = hit.sim;
      }
      tokenRecall += best * tokens.idf[id]!;
    }
    let tokenExplained = 0;
    for (let q = 0; q < queryWeights.length; q++) tokenExplained += bestPerQueryToken[q]! * queryWeights[q]!;

    let gramShared = 0;
    for (const id of phrase.grams) gramShared += gramWeights[id]!;

    const tokenScore = blend(precision(tokenExplained, tokenQueryTotal), ratio(tokenRecall, phrase.tokenTotal));
    const gramScore = blend(precision(gramShared, gramQueryTotal), ratio(gramShared, phrase.gramTotal));
    const high = Math.max(tokenScore, gramScore);
    const low = Math.min(tokenScore, gramScore);
    const score = Math.min(1, Math.max(0, BEST_CHANNEL_WEIGHT * high + (1 - BEST_CHANNEL_WEIGHT) * low));
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

export function matchFaq(answers: readonly FaqEntry[], query: string, opts: { threshold: number }): FaqMatch {
  const features = featuresOf(query.slice(0, MAX_QUERY_CHARS));
  if (features.tokens.length === 0 || answers.length === 0) return { candidates: [], ambiguous: false };

  const answerScores = scoreAnswers(indexFor(answers), answers.length, features);
  const candidates: { id: string; score: number; order: number }[] = [];
  answers.forEach((answer, a) => {
    const score = answerScores[a]!;
    // A zero score is no evidence at all, so it never qualifies, even at threshold 0.
    if (score > 0 && score >= opts.threshold) candidates.push({ id: answer.id, score, order: a });
  });
  // Ties keep the author's order so the result is stable across runs and engines.
  candidates.sort((x, y) => y.score - x.score || x.order - y.order);
  const top = candidates.slice(0, MAX_CANDIDATES).map(({ id, score }) => ({ id, score }));

  const [first, second] = top;
  return {
    best: first ? { ...first } : undefined,
    candidates: top,
    ambiguous: first !== undefined && second !== undefined && first.score - second.score <= AMBIGUITY_MARGIN + EPSILON,
  };
}
