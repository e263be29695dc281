import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors, parseFlowDocument, validate, ArticlesImportRequest } from '@parley/shared';
import type { Store } from '../store';
import type { Logger } from '../log';

/**
 * First start only: every flow in `flows/` becomes a published bot, and `flows/articles/` fills the help center.
 * A marker in `meta` keeps a later start from resurrecting bots the admin deleted.
 */
export async function seed(store: Store, dir: string, opts: { origin: string; now: string; log: Logger }): Promise<{ bots: string[]; articles: number }> {
  if (await store.meta.get('seeded') === '1') return { bots: [], articles: 0 };
  const bots: string[] = [];
  let articles = 0;
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      // The example flows call the demo order API on this server, written as port 3000; point them at the real origin.
      const text = readFileSync(join(dir, file), 'utf8').replaceAll('http://127.0.0.1:3000', opts.origin);
      const parsed = parseFlowDocument(JSON.parse(text));
      if (!parsed.success) {
        opts.log.error({ file, issues: parsed.error.issues }, 'seed flow is not a flow document');
        continue;
      }
      const doc = parsed.data;
      const { diagnostics, flow } = validate(doc);
      // Processes starting together may both get here: only the one whose create lands publishes.
      if (!(await store.bots.create(doc.id, doc.name, doc, opts.now))) continue;
      if (flow && !hasErrors(diagnostics)) await store.bots.publish(doc.id, flow, opts.now);
      else opts.log.error({ file, diagnostics }, 'seed flow has errors; kept as an unpublished draft');
      bots.push(doc.id);
    }
    const articleDir = join(dir, 'articles');
    if (existsSync(articleDir)) {
      for (const file of readdirSync(articleDir).filter((f) => f.endsWith('.json')).sort()) {
        const parsed = ArticlesImportRequest.safeParse(JSON.parse(readFileSync(join(articleDir, file), 'utf8')));
        if (!parsed.success) {
          opts.log.error({ file }, 'seed articles are not in the Zendesk format');
          continue;
        }
        const result = await store.articles.import(
          parsed.data.articles.map((a) => ({ externalId: String(a.id), title: a.title, bodyHtml: a.body ?? '', url: a.html_url, locale: a.locale.toLowerCase(), labels: a.label_names })),
          opts.now,
        );
        articles += result.created + result.updated;
      }
    }
  }
  await store.meta.set('seeded', '1');
  return { bots, articles };
}
