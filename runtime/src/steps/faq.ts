import { faqQuestion, resolveFaq } from '@parley/shared';
import type { StepRuntime } from './step';


/**
 * Matching is pure and normally resolved inside the engine. With embeddings configured the runtime resolves the step
 * here instead: the same decision (shared's `resolveFaq`), with each answer's semantic similarity blended into its
 * score. A provider that fails or is slow gives undefined, and the words alone decide.
 */
export const faq: StepRuntime<'faq'> = {
  perform: async ({ nodeId, data, vars, locale, deps }) => {
    const semantic = await deps.embeddings?.score(data.answers, faqQuestion(vars));
    return resolveFaq(data, { vars, nodeId, locale }, semantic);
  },
};
