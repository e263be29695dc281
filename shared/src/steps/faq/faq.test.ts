import { describe, expect, it } from 'vitest';
import { faq, NO_MATCH } from './faq';
import { runTurnSync, type PersistedState } from '../../engine';
import { chat, compileSpec, issues, NOW, said, step, type FlowSpec } from '../../testing/flows';

const answers = [
  { id: 'shipping', title: 'Shipping', phrases: ['how long does shipping take', 'when will my order arrive'], reply: 'Shipping takes 2-3 days.' },
  { id: 'refund', title: 'Refunds', phrases: ['how do I get a refund', 'return an item for my money back'], reply: 'Refunds take 5 days.' },
];

/** start -> faq (asking first when `prompt` is set) -> per-answer follow-ups; no match -> handoff. */
function faqFlow(prompt: string): FlowSpec {
  return {
    nodes: {
      start: step('start', {}),
      f: step('faq', { prompt, answers }),
      shipped: step('end', { message: 'Anything else about shipping?' }),
      refunded: step('end', { message: 'Anything else about refunds?' }),
      human: step('handoff', { subject: 'FAQ miss', message: 'Let me get someone' }),
    },
    edges: ['start.next -> f', 'f.shipping -> shipped', 'f.refund -> refunded', `f.${NO_MATCH} -> human`],
  };
}

describe('faq step schema', () => {
  const answer = answers[0]!;

  it('accepts answers and defaults the prompt and threshold', () => {
    expect(faq.schema.parse({ answers: [answer] })).toMatchObject({ prompt: '', threshold: 0.45 });
  });

  it.each([
    ['no answers', { answers: [] }, 'answers', 'Add at least one answer'],
    ['repeated answer ids', { answers: [answer, { ...answer, title: 'Again' }] }, 'answers', 'Answer ids must be unique'],
    ['an answer without phrases', { answers: [{ ...answer, phrases: [] }] }, 'answers.0.phrases', 'Add at least one example phrase'],
    ['an answer without a title', { answers: [{ ...answer, title: '' }] }, 'answers.0.title', 'Give the answer a title'],
    ['an answer without a reply', { answers: [{ ...answer, reply: ' ' }] }, 'answers.0.reply', 'Write the reply'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(faq.schema, data)).toContainEqual({ path, message });
  });

  it('rejects a threshold outside 0.05–1', () => {
    expect(issues(faq.schema, { answers: [answer], threshold: 0 }).map((i) => i.path)).toEqual(['threshold']);
    expect(issues(faq.schema, { answers: [answer], threshold: 1.5 }).map((i) => i.path)).toEqual(['threshold']);
  });

  it.each([NO_MATCH, 'clarify'])('rejects the reserved answer id "%s"', (id) => {
    expect(issues(faq.schema, { answers: [{ ...answer, id }] }).map((i) => i.path)).toEqual(['answers.0.id']);
  });
});

describe('faq step outlets', () => {
  it('has one outlet per answer plus no match', () => {
    const data = faq.schema.parse({ answers });
    expect(faq.outlets(data)).toEqual([
      { id: 'shipping', label: 'Shipping' },
      { id: 'refund', label: 'Refunds' },
      { id: NO_MATCH, label: 'No match' },
    ]);
  });

  it('waits only when it asks its own question', () => {
    expect(faq.waits(faq.schema.parse({ answers }), 'shipping')).toBe(false);
    expect(faq.waits(faq.schema.parse({ answers, prompt: 'Ask away' }), 'shipping')).toBe(true);
  });
});

describe('faq step behaviour', () => {
  it('asks its prompt and waits', () => {
    const first = chat(faqFlow('What is your question?')).start();
    expect(said(first)).toEqual(['What is your question?']);
    expect(first.settled).toBe('wait');
    expect(first.nodeId).toBe('f');
  });

  it('answers a question equal to an example phrase and leaves through that answer', () => {
    const c = chat(faqFlow('What is your question?'));
    c.start();
    const turn = c.text('how long does shipping take');
    expect(said(turn)).toEqual(['Shipping takes 2-3 days.', 'Anything else about shipping?']);
    expect(turn.messages[0]!.nodeId).toBe('f');
    expect(turn.settled).toBe('end');
  });

  it('leaves through no match when nothing is close', () => {
    const c = chat(faqFlow('What is your question?'));
    c.start();
    const turn = c.text('xylophone quartz zebra');
    expect(said(turn)).toEqual(['Let me get someone']);
    expect(turn.settled).toBe('handoff');
  });

  it('without a prompt, answers the last message the customer sent', () => {
    const spec = faqFlow('');
    spec.nodes.menu = step('options', { text: 'Pick or type', options: [{ id: 'agent', label: 'Agent' }] });
    spec.edges = ['start.next -> menu', 'menu.text -> f', 'menu.agent -> human', ...spec.edges!.slice(1)];
    const c = chat(spec);
    c.start();
    expect(said(c.text('how do I get a refund'))).toEqual(['Refunds take 5 days.', 'Anything else about refunds?']);
  });

  describe('after offering "did you mean"', () => {
    const compiled = compileSpec(faqFlow(''));
    const clarifying: PersistedState = { value: { f: 'clarify' }, context: { vars: { last_message: 'money' }, retries: 0 } };

    it('a click on a candidate gives its reply, from the faq step, and takes its outlet', () => {
      const turn = runTurnSync(compiled, clarifying, { type: 'POSTBACK', payload: 'f:refund' }, { now: NOW });
      expect(turn.messages).toEqual([
        { nodeId: 'f', payload: { type: 'text', text: 'Refunds take 5 days.' } },
        { nodeId: 'refunded', payload: { type: 'text', text: 'Anything else about refunds?' } },
      ]);
      expect(turn.settled).toBe('end');
    });

    it('"none of these" takes the no-match outlet', () => {
      const turn = runTurnSync(compiled, clarifying, { type: 'POSTBACK', payload: `f:${NO_MATCH}` }, { now: NOW });
      expect(turn.settled).toBe('handoff');
    });

    it('a stale postback is ignored', () => {
      const turn = runTurnSync(compiled, clarifying, { type: 'POSTBACK', payload: 'menu:refund' }, { now: NOW });
      expect(turn.messages).toEqual([]);
      expect(turn.settled).toBe('wait');
      expect(turn.state.value).toEqual({ f: 'clarify' });
    });

    it('new text is matched again', () => {
      const turn = runTurnSync(compiled, clarifying, { type: 'TEXT', text: 'when will my order arrive' }, { now: NOW });
      expect(turn.state.context.vars.last_message).toBe('when will my order arrive');
      expect(said(turn)).toEqual(['Shipping takes 2-3 days.', 'Anything else about shipping?']);
    });
  });
});
