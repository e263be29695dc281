import { fold, HANGUL, WORD } from './fold';
import { ENGLISH_STOPWORDS, ENGLISH_WEAK_WORDS, stemEnglish } from './english';
import { KOREAN_STOPWORDS, KOREAN_WEAK_WORDS, stripKorean } from './korean';
import { applyInText, canonicalWord, type Lexicon } from './lexicon';

export interface Term {
  /** The word as written (folded). */
  word: string;
  /** What is compared: synonyms made canonical, then Korean particles stripped or English stemmed. */
  stem: string;
  /** A function word or question frame: says nothing about which answer is meant. */
  stop: boolean;
}

// By stem, so "times" is as weak as "time".
const WEAK = new Set([...ENGLISH_WEAK_WORDS.map(stemEnglish), ...KOREAN_WEAK_WORDS]);

/** An everyday word that counts for less than a word about the business (see ENGLISH_WEAK_WORDS). */
export function isWeak(stem: string): boolean {
  return WEAK.has(stem);
}

const STOPWORDS = new Set([...ENGLISH_STOPWORDS, ...KOREAN_STOPWORDS]);

/**
 * One text's terms, in order, for FAQ matching and article search alike: folded, synonyms read as their canonical
 * form (the bot's groups, then the built-in lexicon), Korean particles and endings stripped, English stemmed.
 */
export function analyze(text: string, lexicon: Lexicon): Term[] {
  const words = applyInText(fold(text), lexicon).match(WORD) ?? [];
  return words.map((word) => {
    if (HANGUL.test(word)) {
      const stripped = stripKorean(word);
      const stem = canonicalWord(stripped, lexicon);
      return { word, stem, stop: STOPWORDS.has(word) || STOPWORDS.has(stripped) };
    }
    const canonical = canonicalWord(word, lexicon);
    return { word, stem: stemEnglish(canonical), stop: canonical === word && STOPWORDS.has(word) };
  });
}

// Bounds on what one search sends: the customer's own words first, then the other forms of their synonyms.
const MAX_SEARCH_WORDS = 48;
const MAX_FORMS_PER_WORD = 12;

/**
 * The words to search help-center articles for: the query's content words (Korean particles and endings stripped,
 * English left unstemmed because both stores' indexes stem it the same way: FTS5 porter, PostgreSQL snowball), then
 * every one-word form of each word's synonym group (parcel → order, package, shipment…; 비번 → 비밀번호, 패스워드…),
 * so an article that says "delivery" is found for "shipping".
 */
export function searchWords(text: string, lexicon: Lexicon): string[] {
  const content = analyze(text, lexicon).filter((t) => !t.stop);
  const own = content.map((t) => (HANGUL.test(t.word) ? stripKorean(t.word) : t.word));
  const canonical = content.map((t) => (HANGUL.test(t.word) ? t.stem : canonicalWord(t.word, lexicon)));
  const forms = canonical.flatMap((c) => (lexicon.members.get(c) ?? []).slice(0, MAX_FORMS_PER_WORD));
  return [...new Set([...own, ...canonical, ...forms])].filter((w) => w.length > 0).slice(0, MAX_SEARCH_WORDS);
}
