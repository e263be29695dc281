import { lexiconFor, searchWords, splitHangul, type ArticleCard } from '@parley/shared';

export interface ArticleInput {
  externalId: string;
  title: string;
  bodyHtml: string;
  url: string;
  locale: string;
  labels: string[];
}

export interface ArticleHit extends ArticleCard {
  locale: string;
}

/**
 * Korean attaches particles to words (환불은, 환불을), so a whole-word index misses them. Hangul runs are
 * indexed and searched as overlapping two-syllable pieces, as FAQ matching compares them; other scripts go through
 * FTS5's porter stemmer.
 */
export const searchTerms = splitHangul;

const STOPWORDS = new Set(
  'a an and are can do does for how i in is it my of on or the to what when where which who why will with you your me we our'.split(' '),
);

/**
 * An FTS5 query from free text: every meaningful term, any of them, quoted so no input can be read as FTS syntax.
 * The text is read as FAQ matching reads it (shared's `searchWords`: Korean particles stripped, synonyms expanded to
 * every form of their group); PostgreSQL searches for the very same terms (`queryTerms`), so both stores agree.
 */
export function ftsQuery(text: string): string | null {
  const terms = searchTerms(searchWords(text.slice(0, 1000), lexiconFor()).join(' ').toLowerCase())
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t))
    .slice(0, 64);
  if (terms.length === 0) return null;
  return [...new Set(terms)].map((t) => `"${t}"`).join(' OR ');
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ArticleStore {
  /** Upserts by the source's id, so importing the same export twice changes nothing. */
  import(articles: readonly ArticleInput[], now: string): Promise<{ created: number; updated: number }>;
  search(text: string, locale: string, limit: number): Promise<ArticleHit[]>;
  recent(locale: string, limit: number): Promise<ArticleHit[]>;
  count(): Promise<number>;
}
