import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { articles } from './articles';
import { phrases } from '../../phrases';
import type { EffectRequest, TurnOutcome } from '../../engine';
import type { MessagePayload } from '../../messages';
import type { StepResult } from '../step';
import { chat, lastPayload, payloadOf, said, step, type Chat, type FlowSpec } from '../../testing/flows';

const cards: MessagePayload = {
  type: 'articles',
  text: 'These might help:',
  articles: [{ id: 'a1', title: 'Resetting your password', url: 'https://help.example.com/a1', snippet: 'Go to settings' }],
};

/** start -> ask the question -> articles -> resolved / not resolved / none. */
function articlesFlow(data: z.input<typeof articles.schema> = {}): FlowSpec {
  return {
    nodes: {
      start: step('start', {}),
      q: step('ask', { prompt: 'What do you need?', variable: 'question' }),
      kb: step('articles', data),
      glad: step('end', { message: 'Glad it helped' }),
      human: step('handoff', { subject: 'Not resolved', message: 'Passing you to an agent' }),
      nothing: step('end', { message: 'Found nothing' }),
    },
    edges: ['start.next -> q', 'q.next -> kb', 'kb.resolved -> glad', 'kb.notResolved -> human', 'kb.none -> nothing'],
  };
}

/** The runtime's search, faked: records what it was asked and answers with `result`. */
function search(result: StepResult) {
  const requests: EffectRequest[] = [];
  return { requests, effect: (req: EffectRequest) => (requests.push(req), result) };
}

describe('articles step schema and outlets', () => {
  it('searches for the last message by default', () => {
    expect(articles.schema.parse({})).toEqual({ query: '{{last_message}}', limit: 3, locale: '', intro: '', question: '' });
  });

  it('rejects a blank query and a limit outside 1–6', () => {
    expect(articles.schema.safeParse({ query: '  ' }).success).toBe(false);
    expect(articles.schema.safeParse({ limit: 0 }).success).toBe(false);
    expect(articles.schema.safeParse({ limit: 7 }).success).toBe(false);
  });

  it('has resolved, not resolved and none; only none leaves without waiting', () => {
    const data = articles.schema.parse({ query: '{{question}} {{product}}' });
    expect(articles.outlets(data).map((o) => o.id)).toEqual(['resolved', 'notResolved', 'none']);
    expect(articles.waits(data, 'resolved')).toBe(true);
    expect(articles.waits(data, 'notResolved')).toBe(true);
    expect(articles.waits(data, 'none')).toBe(false);
    expect(articles.reads(data)).toEqual(['question', 'product']);
  });
});

describe('articles step behaviour', () => {
  it('asks the runtime to search, with the step and the variables', () => {
    const s = search({ outlet: 'none' });
    const c = chat(articlesFlow({ query: '{{question}}', limit: 2 }), { effect: s.effect });
    c.start();
    c.text('reset password');
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.node).toMatchObject({ id: 'kb', type: 'articles', data: { query: '{{question}}', limit: 2 } });
    expect(s.requests[0]!.vars).toMatchObject({ question: 'reset password', last_message: 'reset password' });
  });

  it('shows what was found, then asks whether it helped, and waits', () => {
    const c = chat(articlesFlow(), search({ outlet: 'found', say: [cards] }));
    c.start();
    const turn = c.text('reset password');
    expect(turn.messages.map((m) => [m.nodeId, m.payload.type])).toEqual([
      ['kb', 'articles'],
      ['kb', 'options'],
    ]);
    expect(turn.messages[0]!.payload).toEqual(cards);
    expect(lastPayload(turn)).toMatchObject({ text: phrases.en.helped, buttons: [{ label: 'Yes' }, { label: 'No' }] });
    expect(turn.settled).toBe('wait');
    expect(turn.nodeId).toBe('kb');
  });

  it('asks its own feedback question when it has one', () => {
    const c = chat(articlesFlow({ question: 'Sorted?' }), search({ outlet: 'found', say: [cards] }));
    c.start();
    expect(said(c.text('reset password')).at(-1)).toBe('Sorted?');
  });

  it.each<[string, (c: Chat, shown: TurnOutcome) => TurnOutcome, string, string]>([
    ['clicking yes', (c, shown) => c.postback(payloadOf(shown, 'Yes')), 'end', 'Glad it helped'],
    ['clicking no', (c, shown) => c.postback(payloadOf(shown, 'No')), 'handoff', 'Passing you to an agent'],
    ['typing yes', (c) => c.text(' yes '), 'end', 'Glad it helped'],
    ['typing anything else', (c) => c.text('still broken'), 'handoff', 'Passing you to an agent'],
  ])('after %s, leaves through the matching outlet', (_name, answer, settled, text) => {
    const c = chat(articlesFlow(), search({ outlet: 'found', say: [cards] }));
    c.start();
    const shown = c.text('reset password');
    const turn = answer(c, shown);
    expect(turn.settled).toBe(settled);
    expect(said(turn)).toEqual([text]);
  });

  it('ignores a stale postback while waiting for feedback', () => {
    const c = chat(articlesFlow(), search({ outlet: 'found', say: [cards] }));
    c.start();
    c.text('reset password');
    const turn = c.postback('q:yes');
    expect(turn.messages).toEqual([]);
    expect(turn.nodeId).toBe('kb');
    expect(turn.settled).toBe('wait');
  });

  it('leaves through none, without a question, when nothing is found', () => {
    const c = chat(articlesFlow(), search({ outlet: 'none' }));
    c.start();
    const turn = c.text('reset password');
    expect(said(turn)).toEqual(['Found nothing']);
    expect(turn.settled).toBe('end');
  });
});
