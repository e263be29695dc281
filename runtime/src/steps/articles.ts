import { renderTemplate, type StepData, type StepResult, type Vars } from '@parley/shared';
import type { ArticleRepository } from '../store/articles';

/** The `articles` step's search: the help center in SQLite FTS5, in the flow's locale unless the step names one. */
export function performArticles(data: StepData<'articles'>, vars: Vars, articles: ArticleRepository, flowLocale: string, intro: string): StepResult {
  const query = renderTemplate(data.query, vars);
  const hits = articles.search(query, data.locale || flowLocale, data.limit);
  if (hits.length === 0) return { outlet: 'none' };
  return {
    outlet: 'found',
    say: [{ type: 'articles', text: renderTemplate(data.intro, vars) || intro, articles: hits.map(({ id, title, url, snippet }) => ({ id, title, url, snippet })) }],
  };
}
