/** Where phrase embeddings come from; null when `PARLEY_EMBEDDINGS_URL` is unset (the default: lexical matching only). */
export interface EmbeddingsConfig {
  /** The OpenAI-compatible endpoint, ending in /embeddings. */
  endpoint: string;
  model: string;
  /** Sent as a bearer token; never logged. */
  key: string | undefined;
}

export const DEFAULT_EMBEDDINGS_MODEL = 'text-embedding-3-small';

/**
 * `PARLEY_EMBEDDINGS_URL` may be the endpoint itself (…/v1/embeddings) or the server's base (http://127.0.0.1:11434,
 * https://api.openai.com/v1), as Ollama, vLLM and hosted APIs document theirs either way.
 */
export function embeddingsConfig(env: Readonly<Record<string, string | undefined>>): EmbeddingsConfig | null {
  const raw = env.PARLEY_EMBEDDINGS_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('PARLEY_EMBEDDINGS_URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('PARLEY_EMBEDDINGS_URL must be http or https');
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/embeddings') ? path : path.endsWith('/v1') ? `${path}/embeddings` : `${path}/v1/embeddings`;
  return { endpoint: url.toString(), model: env.PARLEY_EMBEDDINGS_MODEL?.trim() || DEFAULT_EMBEDDINGS_MODEL, key: env.PARLEY_EMBEDDINGS_KEY?.trim() || undefined };
}
