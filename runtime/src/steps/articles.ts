import { phrases, renderTemplate } from '@parley/shared';
import type { StepRuntime } from './step';

/** The `articles` step's search: the help center in the store's full-text index, in the flow's locale unless the step names one. */
export const articles: StepRuntime<'articles'> = {
  perform: async ({ data, vars, locale, deps }) => {
    const query = renderTemplate(data.query, vars);
    const hits = await deps.articles.search(query, data.locale || locale, data.limit);
    if (hits.length === 0) return { outlet: 'none' };
    return {
      outlet: 'found',
      say: [
        {
          type: 'articles',
          text: renderTemplate(data.intro, vars) || phrases[locale].articlesIntro,
          articles: hits.map(({ id, title, url, snippet }) => ({ id, title, url, snippet })),
        },
      ],
    };
  },
};
