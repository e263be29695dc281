import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, startOrderApi, startServer, type TestServer } from '../testing/harness';
import type { SemanticScorer } from './semantic';

/**
 * The semantic half reaches a real turn: with embeddings configured the FAQ step is matched by the runtime, and a
 * question no example phrase shares a word with is answered by meaning; when the provider fails, words alone decide.
 */
describe('FAQ matching with embeddings, through a turn', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let server: TestServer;
  const asked: string[] = [];
  let failing = false;
  // Stands in for the provider: this question means "shipping".
  const scorer: SemanticScorer = {
    score: async (_answers, question) => {
      asked.push(question);
      if (failing) return undefined;
      return question.includes('zebra quantum') ? new Map([['shipping', 0.99]]) : new Map();
    },
  };

  beforeAll(async () => {
    orders = await startOrderApi();
    server = await startServer({ origin: orders.origin, deps: { embeddings: scorer } });
  });
  afterAll(async () => {
    await server?.close();
    await orders?.close();
  });

  it('answers by meaning when the provider says so, and by words when it fails', async () => {
    const { customer } = await Customer.start(server, 'order-support');
    await customer.press('menu:question');
    const reply = await customer.say('zebra quantum marmalade');
    expect(asked).toContain('zebra quantum marmalade');
    expect(reply.body.messages.map((m: { payload: { text?: string } }) => m.payload.text).join(' ')).toContain('We ship within 1–2 business days');

    failing = true;
    const other = (await Customer.start(server, 'order-support')).customer;
    await other.press('menu:question');
    const lexical = await other.say('zebra quantum marmalade');
    expect(lexical.body.messages.map((m: { payload: { text?: string } }) => m.payload.text).join(' ')).not.toContain('We ship within 1–2 business days');
  });
});
