import type { Logger } from '../log';
import { embeddingsConfig } from './config';
import { createEmbeddingsClient } from './client';
import { createSemanticScorer, type SemanticScorer } from './semantic';

export { embeddingsConfig, type EmbeddingsConfig } from './config';
export { createEmbeddingsClient, type EmbeddingsClient } from './client';
export { createSemanticScorer, cosine, type SemanticScorer } from './semantic';

/**
 * The semantic scorer the environment asks for (PARLEY_EMBEDDINGS_URL, _MODEL, _KEY), or undefined: embeddings are
 * off by default and everything works without them. `fetch` is the runtime's address-guarded fetch.
 */
export function semanticFromEnv(env: Readonly<Record<string, string | undefined>>, fetchImpl: typeof fetch, log: Logger): SemanticScorer | undefined {
  const config = embeddingsConfig(env);
  if (!config) return undefined;
  log.info({ endpoint: config.endpoint, model: config.model }, 'FAQ matching blends in embeddings');
  return createSemanticScorer(createEmbeddingsClient(config, fetchImpl), log);
}
