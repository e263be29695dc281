import { phrases, type EffectRequest, type StepResult, type CompiledFlow } from '@parley/shared';
import { performApiCall, type HttpDeps } from './apiCall';
import { performArticles } from './articles';
import type { ArticleStore } from '../store/articles';
import type { Logger } from '../log';

export interface EffectDeps {
  http: HttpDeps;
  articles: ArticleStore;
  log: Logger;
}

/** The steps whose outcome needs I/O. Everything else is resolved inside the pure engine. */
export async function performEffect(request: EffectRequest, compiled: CompiledFlow, deps: EffectDeps): Promise<StepResult> {
  const { node, vars } = request;
  switch (node.type) {
    case 'apiCall': {
      const { result, trace } = await performApiCall(node.data, vars, deps.http);
      if (!trace.ok) deps.log.warn({ nodeId: node.id, url: trace.url, status: trace.status, error: trace.error, ms: trace.ms }, 'apiCall failed');
      return result;
    }
    case 'articles':
      return performArticles(node.data, vars, deps.articles, compiled.locale, phrases[compiled.locale].articlesIntro);
    default:
      // A kind that asks for I/O without a handler here is a programming error; the failure outlet keeps the conversation moving.
      deps.log.error({ nodeId: node.id, kind: node.type }, 'no effect handler');
      return { outlet: 'failure' };
  }
}
