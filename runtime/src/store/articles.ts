import type { Db } from './db';
import type { ArticleCard } from '@parley/shared';

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

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;

/**
 * Korean attaches particles to words (환불은, 환불을), so a whole-word index misses them. Hangul runs are
 * indexed and searched as overlapping two-syllable pieces; other scripts go through FTS5's porter stemmer.
 */
export function searchTerms(text: string): string {
  return text.normalize('NFKC').replace(HANGUL, (run) => {
    if (run.length <= 2) return ` ${run} `;
    const pieces: string[] = [];
    for (let i = 0; i + 1 < run.length; i++) pieces.push(run.slice(i, i + 2));
    return ` ${pieces.join(' ')} `;
  });
}

const STOPWORDS = new Set(
  'a an and are can do does for how i in is it my of on or the to what when where which who why will with you your me we our'.split(' '),
);

/** An FTS5 query from free text: every meaningful term, any of them, quoted so no input can be read as FTS syntax. */
export function ftsQuery(text: string): string | null {
  const terms = searchTerms(text.toLowerCase())
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t))
    .slice(0, 32);
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

export class ArticleRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      find: db.prepare('SELECT id FROM articles WHERE external_id = ?'),
      insert: db.prepare(`INSERT INTO articles (external_id, title, body_html, body_text, url, locale, labels, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare(`UPDATE articles SET title = ?, body_html = ?, body_text = ?, url = ?, locale = ?, labels = ?, updated_at = ? WHERE id = ?`),
      ftsDelete: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
      ftsInsert: db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)'),
      search: db.prepare(`SELECT a.external_id AS id, a.title, a.url, a.locale, substr(a.body_text, 1, 200) AS snippet
        FROM articles_fts f JOIN articles a ON a.id = f.rowid
        WHERE articles_fts MATCH @query AND (@locale = '' OR a.locale = @locale OR a.locale LIKE @locale || '-%')
        ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT @limit`),
      recent: db.prepare(`SELECT external_id AS id, title, url, locale, substr(body_text, 1, 200) AS snippet FROM articles
        WHERE (@locale = '' OR locale = @locale OR locale LIKE @locale || '-%') ORDER BY updated_at DESC, id LIMIT @limit`),
      count: db.prepare('SELECT COUNT(*) AS n FROM articles'),
    };
  }

  /** Upserts by the source's id, so importing the same export twice changes nothing. */
  import(articles: readonly ArticleInput[], now: string): { created: number; updated: number } {
    return this.db.transaction(() => {
      let created = 0;
      let updated = 0;
      for (const a of articles) {
        const text = htmlToText(a.bodyHtml);
        const existing = this.stmts.find.get(a.externalId) as { id: number } | undefined;
        let rowid: number;
        if (existing) {
          this.stmts.update.run(a.title, a.bodyHtml, text, a.url, a.locale, JSON.stringify(a.labels), now, existing.id);
          this.stmts.ftsDelete.run(existing.id);
          rowid = existing.id;
          updated++;
        } else {
          rowid = Number(this.stmts.insert.run(a.externalId, a.title, a.bodyHtml, text, a.url, a.locale, JSON.stringify(a.labels), now).lastInsertRowid);
          created++;
        }
        this.stmts.ftsInsert.run(rowid, searchTerms(`${a.title} ${a.labels.join(' ')}`), searchTerms(text));
      }
      return { created, updated };
    })();
  }

  search(text: string, locale: string, limit: number): ArticleHit[] {
    const query = ftsQuery(text);
    if (query === null) return [];
    return this.stmts.search.all({ query, locale: locale.toLowerCase(), limit }) as ArticleHit[];
  }

  recent(locale: string, limit: number): ArticleHit[] {
    return this.stmts.recent.all({ locale: locale.toLowerCase(), limit }) as ArticleHit[];
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }
}
