import { renderTemplate, type StepData, type StepResult, type Vars } from '@parley/shared';
import type { ArticleStore } from '../store/articles';

/** The `articles` step's search: the help center in the store's full-text index, in the flow's locale unless the step names one. */
export async function performArticles(data: StepData<'articles'>, vars: Vars, articles: ArticleStore, flowLocale: string, intro: string): Promise<StepResult> {
  const query = renderTemplate(data.query, vars);
  const hits = await articles.search(query, data.locale || flowLocale, data.limit);
  if (hits.length === 0) return { outlet: 'none' };
  return {
    outlet: 'found',
    say: [{ type: 'articles', text: renderTemplate(data.intro, vars) || intro, articles: hits.map(({ id, title, url, snippet }) => ({ id, title, url, snippet })) }],
  };
}
