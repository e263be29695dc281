import { describe, expect, it } from 'vitest';
import { faq, NO_MATCH } from './faq';
import { runTurnSync, type PersistedState } from '../../engine';
import { buttons, chat, compileSpec, issues, NOW, payloadOf, said, step, type FlowSpec } from '../../testing/flows';

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

describe('faq step: did you mean, below the threshold', () => {
  const four = [
    ...answers,
    { id: 'tracking', title: 'Tracking', phrases: ['track my order', 'order status'], reply: 'Track it under My orders.' },
    { id: 'cancel', title: 'Cancel', phrases: ['cancel my order'], reply: 'Cancel it under My orders.' },
  ];
  /** Every answer ends the conversation; no match hands off. `order` alone scores about 0.69 on three answers. */
  const spec = (threshold: number, suggestionFloor: number): FlowSpec => ({
    nodes: {
      start: step('start', {}),
      f: step('faq', { prompt: 'Ask away', answers: four, threshold, suggestionFloor }),
      done: step('end', { message: 'Bye' }),
      human: step('handoff', { subject: 'FAQ miss', message: 'Let me get someone' }),
    },
    edges: ['start.next -> f', ...four.map((a) => `f.${a.id} -> done`), `f.${NO_MATCH} -> human`],
  });

  it('defaults the floor to 0.35 and the bot synonyms to none', () => {
    expect(faq.schema.parse({ answers })).toMatchObject({ threshold: 0.45, suggestionFloor: 0.35, synonyms: [] });
  });

  it('bounds bot synonym groups and warns when the floor is not below the threshold', () => {
    expect(issues(faq.schema, { answers, synonyms: [{ words: ['only one'] }] }).map((i) => i.message)).toContain('Give at least two words');
    expect(issues(faq.schema, { answers, synonyms: Array.from({ length: 51 }, () => ({ words: ['a', 'b'] })) }).map((i) => i.path)).toContain('synonyms');
    expect(issues(faq.schema, { answers, synonyms: [{ words: ['a', 'x'.repeat(61)] }] }).map((i) => i.path)).toContain('synonyms.0.words.1');
    expect(faq.warnings!(faq.schema.parse({ answers, threshold: 0.4, suggestionFloor: 0.4 })).map((w) => w.field)).toStrictEqual(['suggestionFloor']);
    expect(faq.warnings!(faq.schema.parse({ answers }))).toStrictEqual([]);
  });

  it('offers the best three as buttons, then "none of these", when the best is under the threshold but over the floor', () => {
    const c = chat(spec(0.8, 0.3));
    c.start();
    const turn = c.text('order');
    expect(turn.settled).toBe('wait');
    expect(said(turn)).toStrictEqual(['Did you mean one of these?']);
    expect(buttons(turn).map((b) => b.label)).toStrictEqual(['Shipping', 'Tracking', 'Cancel', 'None of these']);
  });

  it('a pressed suggestion answers with that answer and leaves by its outlet', () => {
    const c = chat(spec(0.8, 0.3));
    c.start();
    const offered = c.text('order');
    const turn = c.postback(payloadOf(offered, 'Tracking'));
    expect(said(turn)).toStrictEqual(['Track it under My orders.', 'Bye']);
    expect(turn.settled).toBe('end');
  });

  it('"none of these" leaves by no match', () => {
    const c = chat(spec(0.8, 0.3));
    c.start();
    const offered = c.text('order');
    expect(said(c.postback(payloadOf(offered, 'None of these')))).toStrictEqual(['Let me get someone']);
  });

  it('an off-topic question still gets no match, not suggestions', () => {
    const c = chat(spec(0.8, 0.3));
    c.start();
    const turn = c.text("what's the weather like today");
    expect(said(turn)).toStrictEqual(['Let me get someone']);
    expect(turn.settled).toBe('handoff');
  });

  it('offers nothing when the best is under the floor too', () => {
    const c = chat(spec(0.8, 0.75));
    c.start();
    expect(c.text('order').settled).toBe('handoff');
  });

  it('says it in Korean in a Korean flow', () => {
    const result = faq.resolve!(faq.schema.parse({ answers: four, threshold: 0.8, suggestionFloor: 0.3 }), { vars: { last_message: 'order' }, now: NOW, nodeId: 'f', locale: 'ko' });
    expect(result.outlet).toBe('clarify');
    const message = result.say![0]!;
    expect(message.type === 'options' && message.text).toBe('혹시 이 중 하나를 찾으셨나요?');
    expect(message.type === 'options' && message.buttons.at(-1)!.label).toBe('해당 없음');
  });

  it('reads the step’s own synonyms', () => {
    const data = faq.schema.parse({ answers, synonyms: [{ words: ['refund', 'dosh'] }] });
    const input = { vars: { last_message: 'I want my dosh' }, now: NOW, nodeId: 'f', locale: 'en' as const };
    expect(faq.resolve!(data, input).outlet).toBe('refund');
    expect(faq.resolve!(faq.schema.parse({ answers }), input).outlet).toBe(NO_MATCH);
  });
});
