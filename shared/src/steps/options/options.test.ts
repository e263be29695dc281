import { describe, expect, it } from 'vitest';
import { options } from './options';
import { phrases } from '../../phrases';
import { chat, issues, lastPayload, payloadOf, said, step, type FlowSpec } from '../../testing/flows';

const fruit = (withFreeText: boolean): FlowSpec => ({
  nodes: {
    start: step('start', {}),
    q: step('options', {
      text: 'Which fruit?',
      variable: 'fruit',
      options: [
        { id: 'a', label: 'Apples' },
        { id: 'p', label: 'Pears' },
        { id: 'site', label: 'Our site', action: 'link', url: 'https://example.com' },
      ],
    }),
    apples: step('message', { text: 'Apples it is ({{fruit}})' }),
    pears: step('message', { text: 'Pears it is' }),
    other: step('message', { text: 'You said {{last_message}}' }),
    bye: step('end', {}),
  },
  edges: ['start.next -> q', 'q.a -> apples', 'q.p -> pears', 'apples.next -> bye', 'pears.next -> bye', 'other.next -> bye', ...(withFreeText ? ['q.text -> other'] : [])],
});

describe('options step schema', () => {
  const option = { id: 'a', label: 'A' };

  it('accepts options, defaulting buttons to postback and an empty variable to none', () => {
    const data = options.schema.parse({ text: 'Pick', options: [option], variable: '' });
    expect(data.options[0]).toEqual({ id: 'a', label: 'A', action: 'postback' });
    expect(data.variable).toBeUndefined();
  });

  it.each([
    ['no question', { text: ' ', options: [option] }, 'text', 'Write the question'],
    ['no options', { text: 'Pick', options: [] }, 'options', 'Add at least one option'],
    ['eleven options', { text: 'Pick', options: Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, label: `O${i}` })) }, 'options', 'At most 10 options'],
    ['repeated ids', { text: 'Pick', options: [option, { id: 'a', label: 'B' }] }, 'options', 'Option ids must be unique'],
    ['a blank label', { text: 'Pick', options: [{ id: 'a', label: '  ' }] }, 'options.0.label', 'Give the button a label'],
    ['a link without a URL', { text: 'Pick', options: [{ id: 'a', label: 'Go', action: 'link' }] }, 'options.0.url', 'A link button needs an http(s) URL'],
    ['a javascript: link', { text: 'Pick', options: [{ id: 'a', label: 'Go', action: 'link', url: 'javascript:alert(1)' }] }, 'options.0.url', 'A link button needs an http(s) URL'],
    ['an option id with a colon', { text: 'Pick', options: [{ id: 'a:b', label: 'Go' }] }, 'options.0.id', 'Use 1–64 letters, digits, "-" or "_"'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(options.schema, data)).toContainEqual({ path, message });
  });

  it('rejects an option id that is the free-text outlet', () => {
    expect(issues(options.schema, { text: 'Pick', options: [{ id: 'text', label: 'Text' }] })).toEqual([
      expect.objectContaining({ path: 'options.0.id' }),
    ]);
  });
});

describe('options step outlets', () => {
  it('has one outlet per postback option plus an optional free-text outlet; links have none', () => {
    const data = options.schema.parse(fruit(false).nodes.q!.data);
    expect(options.outlets(data)).toEqual([
      { id: 'a', label: 'Apples' },
      { id: 'p', label: 'Pears' },
      { id: 'text', label: 'Free text', optional: true },
    ]);
    expect(options.waits(data, 'a')).toBe(true);
    expect(options.writes(data)).toEqual(['fruit']);
  });
});

describe('options step behaviour', () => {
  it('shows the question with its buttons and waits', () => {
    const first = chat(fruit(false)).start();
    expect(first.settled).toBe('wait');
    expect(first.nodeId).toBe('q');
    expect(lastPayload(first)).toEqual({
      type: 'options',
      text: 'Which fruit?',
      buttons: [
        { id: 'a', label: 'Apples', action: 'postback', payload: expect.any(String) },
        { id: 'p', label: 'Pears', action: 'postback', payload: expect.any(String) },
        { id: 'site', label: 'Our site', action: 'link', url: 'https://example.com' },
      ],
    });
  });

  it('takes the outlet of the clicked button and stores its label', () => {
    const c = chat(fruit(false));
    const pears = c.postback(payloadOf(c.start(), 'Pears'));
    expect(said(pears)).toEqual(['Pears it is']);
    expect(pears.settled).toBe('end');
    expect(c.vars.fruit).toBe('Pears');
  });

  it('takes the outlet of a typed label, ignoring case and spaces, and remembers the text', () => {
    const c = chat(fruit(false));
    c.start();
    const apples = c.text('  aPPLES ');
    expect(said(apples)).toEqual(['Apples it is (Apples)']);
    expect(c.vars.last_message).toBe('  aPPLES ');
  });

  it('re-shows the options after other text when free text is not connected', () => {
    const c = chat(fruit(false));
    c.start();
    const again = c.text('bananas');
    expect(again.settled).toBe('wait');
    expect(again.nodeId).toBe('q');
    expect(said(again)).toEqual([phrases.en.chooseOption, 'Which fruit?']);
    expect(lastPayload(again).type).toBe('options');
    // And the re-shown buttons still work.
    expect(said(c.postback(payloadOf(again, 'Apples')))).toEqual(['Apples it is (Apples)']);
  });

  it('takes the free-text outlet for other text when it is connected', () => {
    const c = chat(fruit(true));
    c.start();
    const other = c.text('bananas');
    expect(said(other)).toEqual(['You said bananas']);
    expect(c.vars.fruit).toBeUndefined();
  });

  it('still prefers a typed label over the free-text outlet', () => {
    const c = chat(fruit(true));
    c.start();
    expect(said(c.text('pears'))).toEqual(['Pears it is']);
  });

  it('ignores a stale postback from another step', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        q1: step('options', { text: 'First?', options: [{ id: 'a', label: 'Go on' }] }),
        q2: step('options', { text: 'Second?', options: [{ id: 'a', label: 'Finish' }] }),
        done: step('message', { text: 'Done' }),
        bye: step('end', {}),
      },
      edges: ['start.next -> q1', 'q1.a -> q2', 'q2.a -> done', 'done.next -> bye'],
    });
    const stale = payloadOf(c.start(), 'Go on');
    const second = c.postback(stale);
    expect(second.nodeId).toBe('q2');

    const before = c.state;
    const again = c.postback(stale);
    expect(again.messages).toEqual([]);
    expect(again.settled).toBe('wait');
    expect(again.nodeId).toBe('q2');
    expect(c.state).toEqual(before);

    expect(said(c.postback(payloadOf(second, 'Finish')))).toEqual(['Done']);
  });

  it('ends in a fault when the chosen option goes nowhere', () => {
    const spec = fruit(false);
    spec.edges = spec.edges!.filter((e) => e !== 'q.p -> pears');
    const c = chat(spec);
    expect(c.postback(payloadOf(c.start(), 'Pears')).settled).toBe('fault');
  });
});
