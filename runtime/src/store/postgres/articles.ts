import { statement, type Db } from './pool';
import { ftsQuery, searchTerms, htmlToText, type ArticleHit, type ArticleInput, type ArticleStore } from '../articles';

/**
 * What FTS5's `unicode61 remove_diacritics 2` tokenizer does before PostgreSQL sees the text: lower case, accents
 * dropped (é → e; Hangul syllables survive the NFD/NFC round trip unchanged) and every run of characters that are not
 * letters or digits a plain space, so PostgreSQL's parser finds the same tokens FTS5 does (no e-mail, URL or
 * hyphenated-word tokens of its own).
 */
export function foldForIndex(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The terms of `ftsQuery` (the same terms SQLite searches for), folded like the index. */
export function queryTerms(text: string): string[] {
  const query = ftsQuery(text);
  if (query === null) return [];
  // ftsQuery quotes terms made of letters and digits only and joins them with OR.
  const terms = query.split(' OR ').map((t) => foldForIndex(t.slice(1, -1)));
  return [...new Set(terms.filter((t) => t.length > 0))];
}

// SQLite's filter: the locale itself (case-sensitive), or any region of it (LIKE: ASCII case-insensitive, no escape).
const LOCALE = `($2 = '' OR a.locale = $2 OR a.locale ILIKE ($2 || '-%') ESCAPE '')`;

const S = {
  upsert: statement(
    'articles_upsert',
    `INSERT INTO articles AS a (external_id, title, body_html, body_text, url, locale, labels, updated_at, search)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
       setweight(to_tsvector('parley_search', $9), 'A') || setweight(to_tsvector('parley_search', $10), 'D'))
     ON CONFLICT (external_id) DO UPDATE SET title = excluded.title, body_html = excluded.body_html, body_text = excluded.body_text,
       url = excluded.url, locale = excluded.locale, labels = excluded.labels, updated_at = excluded.updated_at, search = excluded.search
     RETURNING (xmax = 0) AS created`,
  ),
  // Each term through plainto_tsquery (stemmed like the index, never read as tsquery syntax), ORed together. Ranked
  // like FTS5's bm25(4.0, 1.0): a title or label hit (weight A) counts four times a body hit (weight D).
  search: statement(
    'articles_search',
    `WITH q AS (SELECT parley_tsquery_or(plainto_tsquery('parley_search', t)) AS query FROM unnest($1::text[]) AS t)
     SELECT a.external_id AS id, a.title, a.url, a.locale, substr(a.body_text, 1, 200) AS snippet
     FROM articles a, q
     WHERE a.search @@ q.query AND ${LOCALE}
     ORDER BY ts_rank('{0.25, 0.25, 0.25, 1.0}', a.search, q.query, 1) DESC, a.id
     LIMIT $3`,
  ),
  recent: statement(
    'articles_recent',
    `SELECT a.external_id AS id, a.title, a.url, a.locale, substr(a.body_text, 1, 200) AS snippet FROM articles a
     WHERE ${LOCALE.replaceAll('$2', '$1')} ORDER BY a.updated_at DESC, a.id LIMIT $2`,
  ),
  count: statement('articles_count', 'SELECT COUNT(*) AS n FROM articles'),
};

export class PgArticleStore implements ArticleStore {
  constructor(private readonly db: Db) {}

  async import(articles: readonly ArticleInput[], now: string): Promise<{ created: number; updated: number }> {
    return this.db.tx(async (q) => {
      let created = 0;
      let updated = 0;
      for (const a of articles) {
        const text = htmlToText(a.bodyHtml);
        // Indexed as SQLite indexes it: title and labels in one field, the body in the other.
        const row = await q.row<{ created: boolean }>(S.upsert, [
          a.externalId,
          a.title,
          a.bodyHtml,
          text,
          a.url,
          a.locale,
          JSON.stringify(a.labels),
          now,
          foldForIndex(searchTerms(`${a.title} ${a.labels.join(' ')}`)),
          foldForIndex(searchTerms(text)),
        ]);
        // xmax is 0 on a freshly inserted row version and set on one the conflict branch updated.
        if (row!.created) created++;
        else updated++;
      }
      return { created, updated };
    });
  }

  async search(text: string, locale: string, limit: number): Promise<ArticleHit[]> {
    const terms = queryTerms(text);
    if (terms.length === 0) return [];
    return this.db.rows<ArticleHit>(S.search, [terms, locale.toLowerCase(), limit]);
  }

  async recent(locale: string, limit: number): Promise<ArticleHit[]> {
    return this.db.rows<ArticleHit>(S.recent, [locale.toLowerCase(), limit]);
  }

  async count(): Promise<number> {
    return (await this.db.row<{ n: number }>(S.count))!.n;
  }
}
