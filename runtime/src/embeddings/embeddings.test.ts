/**
 * Embeddings for FAQ matching against a local fake of an OpenAI-compatible `POST /v1/embeddings`, through the
 * runtime's address-guarded fetch: the blend answers what words miss, phrases are embedded once, and every failure
 * (HTTP error, timeout, malformed answer, refused address) falls back to the lexical score, logged without the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { faq as faqStep, type FaqData } from '@parley/shared';
import { createEmbeddingsClient, createSemanticScorer, embeddingsConfig, cosine, semanticFromEnv, type SemanticScorer } from '.';
import { LruCache } from './cache';
import { createGuardedFetch } from '../net/guardedFetch';
import { parseAllowHosts } from '../net/addressGuard';
import { faq } from '../steps/faq';
import type { EffectDeps } from '../steps';
import type { ArticleStore } from '../store/articles';

const KEY = 'sk-test-secret-key';
const MODEL = 'fake-embed-1';

// The fake model: one dimension per topic, counting the topic's cue words, plus a constant so no vector is zero.
const TOPICS: string[][] = [
  ['password', 'remember', 'get in', 'log', 'sign', 'locked'],
  ['refund', 'money', 'reimburse'],
  ['ship', 'deliver', 'arrive', 'parcel'],
];
function fakeEmbedding(text: string): number[] {
  const t = text.toLowerCase();
  return [...TOPICS.map((cues) => cues.filter((c) => t.includes(c)).length), 0.05];
}

type Mode = 'ok' | 'error' | 'hang' | 'short';
interface Fake {
  server: Server;
  port: number;
  mode: Mode;
  requests: string[][];
  problems: string[];
}

/** Checks each request the way a hosted API does: route, method, auth, JSON body, model, input list and bounds. */
function handle(fake: Fake, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') fake.problems.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${KEY}`) fake.problems.push('missing or wrong bearer token');
    if (!String(req.headers['content-type']).startsWith('application/json')) fake.problems.push('not JSON');
    let body: { model?: unknown; input?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      fake.problems.push('body is not JSON');
      res.statusCode = 400;
      return res.end();
    }
    if (body.model !== MODEL) fake.problems.push(`model ${String(body.model)}`);
    const input = body.input;
    if (!Array.isArray(input) || input.length === 0 || input.length > 2048 || !input.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 8000)) {
      fake.problems.push('input must be 1–2048 non-empty strings');
      res.statusCode = 400;
      return res.end();
    }
    fake.requests.push(input as string[]);
    if (fake.mode === 'hang') return; // never answers: the client's timeout must end it
    if (fake.mode === 'error') {
      res.statusCode = 503;
      return res.end('{"error":{"message":"overloaded"}}');
    }
    const data = (input as string[]).map((s, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(s) }));
    res.setHeader('content-type', 'application/json');
    // Listed in reverse: the client must order vectors by `index`, as OpenAI documents.
    res.end(JSON.stringify({ object: 'list', model: MODEL, data: fake.mode === 'short' ? data.slice(1) : [...data].reverse() }));
  });
}

const answers = [
  { id: 'password', title: 'Password', phrases: ['forgot my password', 'reset password'], reply: 'Use Forgot password.' },
  { id: 'refund', title: 'Refunds', phrases: ['when will I get my refund'], reply: 'In 5 days.' },
  { id: 'shipping', title: 'Shipping', phrases: ['how long does shipping take'], reply: '2–3 days.' },
];
const data: FaqData = faqStep.schema.parse({ answers });
// No word of this question is in any phrase; only its meaning is.
const PARAPHRASE = 'I cannot remember how to get in';

const noArticles: ArticleStore = { import: async () => ({ created: 0, updated: 0 }), search: async () => [], recent: async () => [], count: async () => 0 };

function capture() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { log, lines };
}

describe('FAQ embeddings against a fake OpenAI-compatible server', () => {
  const fake: Fake = { server: createServer(), port: 0, mode: 'ok', requests: [], problems: [] };
  let guarded: typeof fetch;

  beforeAll(async () => {
    fake.server.on('request', (req, res) => handle(fake, req, res));
    await new Promise<void>((ok) => fake.server.listen(0, '127.0.0.1', ok));
    fake.port = (fake.server.address() as AddressInfo).port;
    guarded = createGuardedFetch(parseAllowHosts(`127.0.0.1:${fake.port}`));
  });
  afterAll(() => {
    fake.server.closeAllConnections();
    return new Promise<void>((ok) => fake.server.close(() => ok()));
  });

  const setup = (mode: Mode, opts: { timeoutMs?: number; now?: () => number } = {}) => {
    fake.mode = mode;
    fake.requests = [];
    fake.problems = [];
    const { log, lines } = capture();
    const config = embeddingsConfig({ PARLEY_EMBEDDINGS_URL: `http://127.0.0.1:${fake.port}`, PARLEY_EMBEDDINGS_MODEL: MODEL, PARLEY_EMBEDDINGS_KEY: KEY })!;
    const scorer = createSemanticScorer(createEmbeddingsClient(config, guarded, opts.timeoutMs ?? 2000), log, { now: opts.now });
    return { scorer, lines };
  };
  const deps = (embeddings: SemanticScorer | undefined): EffectDeps => ({ http: { fetch: guarded, allow: parseAllowHosts('') }, articles: noArticles, log: pino({ level: 'silent' }), embeddings });
  const ask = (question: string, embeddings: SemanticScorer | undefined) => faq.perform!({ nodeId: 'f', data, vars: { last_message: question }, locale: 'en', deps: deps(embeddings) });

  it('answers a paraphrase the words alone miss, and embeds each phrase only once', async () => {
    const { scorer } = setup('ok');
    expect((await ask(PARAPHRASE, undefined)).outlet).toBe('noMatch');
    const first = await ask(PARAPHRASE, scorer);
    expect(first.outlet).toBe('password');
    expect(first.faq).toMatchObject({ outcome: 'answered', answerId: 'password' });
    // The question and the four phrases in one request, then only the next question.
    expect(fake.requests.map((r) => r.length)).toStrictEqual([5]);
    expect((await ask('when does my money come back', scorer)).outlet).toBe('refund');
    expect(fake.requests.map((r) => r.length)).toStrictEqual([5, 1]);
    expect(fake.problems).toStrictEqual([]);
  });

  it('still refuses an off-topic question', async () => {
    const { scorer } = setup('ok');
    expect((await ask('tell me a joke about cats', scorer)).outlet).toBe('noMatch');
    expect(fake.problems).toStrictEqual([]);
  });

  it.each([
    ['an HTTP error', 'error' as const, 'HTTP 503'],
    ['a malformed answer', 'short' as const, '4 vectors for 5 inputs'],
    ['no answer within the timeout', 'hang' as const, 'no answer within 100 ms'],
  ])('falls back to the words on %s, logs it without the key, and pauses', async (_name, mode, reason) => {
    let clock = 1_000;
    const { scorer, lines } = setup(mode, { timeoutMs: 100, now: () => clock });
    expect((await ask(PARAPHRASE, scorer)).outlet).toBe('noMatch');
    expect((await ask('forgot my password', scorer)).outlet).toBe('password');
    // One request: the second question came during the pause and went straight to the words.
    expect(fake.requests).toHaveLength(1);
    const warning = lines.find((l) => l.includes('embeddings unavailable'));
    expect(warning).toContain(reason);
    expect(lines.join('')).not.toContain(KEY);
    clock += 31_000;
    await ask(PARAPHRASE, scorer);
    expect(fake.requests).toHaveLength(2);
    expect(fake.problems).toStrictEqual([]);
  });

  it('goes through the address guard: a provider not on PARLEY_ALLOW_HOSTS is refused and the words decide', async () => {
    fake.requests = [];
    const { log, lines } = capture();
    const config = embeddingsConfig({ PARLEY_EMBEDDINGS_URL: `http://127.0.0.1:${fake.port}/v1/embeddings`, PARLEY_EMBEDDINGS_MODEL: MODEL, PARLEY_EMBEDDINGS_KEY: KEY })!;
    const refused = createSemanticScorer(createEmbeddingsClient(config, createGuardedFetch(parseAllowHosts(''))), log);
    expect((await ask('forgot my password', refused)).outlet).toBe('password');
    expect(fake.requests).toHaveLength(0);
    expect(lines.some((l) => l.includes('embeddings unavailable'))).toBe(true);
  });
});

describe('embeddings configuration', () => {
  it('is off without PARLEY_EMBEDDINGS_URL', () => {
    expect(embeddingsConfig({})).toBeNull();
    expect(semanticFromEnv({}, fetch, pino({ level: 'silent' }))).toBeUndefined();
  });

  it.each([
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434/v1/embeddings'],
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/embeddings'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1/embeddings'],
    ['http://vllm.internal:8000/v1/embeddings', 'http://vllm.internal:8000/v1/embeddings'],
  ])('reads %s as the endpoint %s', (url, endpoint) => {
    expect(embeddingsConfig({ PARLEY_EMBEDDINGS_URL: url })).toStrictEqual({ endpoint, model: 'text-embedding-3-small', key: undefined });
  });

  it('rejects what is not an http(s) URL, without echoing it', () => {
    expect(() => embeddingsConfig({ PARLEY_EMBEDDINGS_URL: 'not a url' })).toThrow('PARLEY_EMBEDDINGS_URL is not a URL');
    expect(() => embeddingsConfig({ PARLEY_EMBEDDINGS_URL: 'file:///etc/passwd' })).toThrow('must be http or https');
  });
});

describe('embedding helpers', () => {
  it('cosine: 1 for the same direction, 0 for orthogonal or zero vectors', () => {
    expect(cosine(Float32Array.of(1, 2), Float32Array.of(2, 4))).toBeCloseTo(1);
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 1))).toBe(0);
    expect(cosine(Float32Array.of(0, 0), Float32Array.of(0, 1))).toBe(0);
  });

  it('the phrase cache keeps a bounded number of entries, dropping the least recently used', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.size]).toStrictEqual([1, 3, 2]);
  });
});
