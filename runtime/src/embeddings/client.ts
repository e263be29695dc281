import type { EmbeddingsConfig } from './config';

export interface EmbeddingsClient {
  /** One vector per text, in order. Rejects on any failure: a timeout, an HTTP error, a malformed answer. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** Inputs per request: what hosted APIs accept (OpenAI takes 2,048) with room to spare, and a bounded body. */
export const MAX_INPUTS_PER_REQUEST = 256;
/** Characters per input: FAQ phrases are ≤ 300 and questions are cut at 1,000 by the matcher too. */
export const MAX_INPUT_CHARS = 1000;
const MAX_DIMENSIONS = 8192;

/**
 * An OpenAI-compatible `POST /v1/embeddings` client: `{ model, input: string[] }` → `{ data: [{ embedding, index }] }`.
 * `fetch` is the runtime's address-guarded one, so the provider must be on PARLEY_ALLOW_HOSTS when it is private
 * (a local Ollama); each request is cut off after `timeoutMs`.
 */
export function createEmbeddingsClient(config: EmbeddingsConfig, fetchImpl: typeof fetch, timeoutMs = 2000): EmbeddingsClient {
  return {
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += MAX_INPUTS_PER_REQUEST) {
        out.push(...(await request(texts.slice(i, i + MAX_INPUTS_PER_REQUEST).map((t) => t.slice(0, MAX_INPUT_CHARS)))));
      }
      return out;
    },
  };

  async function request(input: string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.key) headers.authorization = `Bearer ${config.key}`;
    let res: Response;
    try {
      res = await fetchImpl(config.endpoint, { method: 'POST', headers, body: JSON.stringify({ model: config.model, input }), signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      // The cause may name the address; it never holds the key.
      throw new Error(`embeddings request failed: ${(e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e as Error).message}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`embeddings provider answered HTTP ${res.status}`);
    }
    return parse(await res.json(), input.length);
  }
}

function parse(body: unknown, expected: number): Float32Array[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== expected) throw new Error(`embeddings provider answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${expected} inputs`);
  const vectors: Float32Array[] = new Array(expected);
  let dimensions: number | undefined;
  data.forEach((item: unknown, position) => {
    const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    // OpenAI lists vectors by `index`; servers that leave it out list them in input order.
    const at = typeof index === 'number' ? index : position;
    if (!Array.isArray(embedding) || embedding.length === 0 || embedding.length > MAX_DIMENSIONS || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error('embeddings provider answered a malformed vector');
    }
    if (dimensions !== undefined && embedding.length !== dimensions) throw new Error('embeddings provider answered vectors of different lengths');
    if (!Number.isInteger(at) || at < 0 || at >= expected || vectors[at]) throw new Error('embeddings provider answered a bad index');
    dimensions = embedding.length;
    vectors[at] = Float32Array.from(embedding as number[]);
  });
  return vectors;
}
