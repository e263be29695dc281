import type { Db } from './db';
import { ftsQuery, searchTerms, htmlToText, type ArticleHit, type ArticleInput, type ArticleStore } from '../articles';
export class SqliteArticleStore implements ArticleStore {
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
  async import(articles: readonly ArticleInput[], now: string): Promise<{ created: number; updated: number }> {
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

  async search(text: string, locale: string, limit: number): Promise<ArticleHit[]> {
    const query = ftsQuery(text);
    if (query === null) return [];
    return this.stmts.search.all({ query, locale: locale.toLowerCase(), limit }) as ArticleHit[];
  }

  async recent(locale: string, limit: number): Promise<ArticleHit[]> {
    return this.stmts.recent.all({ locale: locale.toLowerCase(), limit }) as ArticleHit[];
  }

  async count(): Promise<number> {
    return (this.stmts.count.get() as { n: number }).n;
  }
}
