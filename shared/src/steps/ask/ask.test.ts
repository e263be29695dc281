import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ask } from './ask';
import { phrases } from '../../phrases';
import { chat, issues, lastPayload, payloadOf, said, step, type FlowSpec } from '../../testing/flows';

type AskInput = z.input<typeof ask.schema>;

/** start -> ask -> "Got {{answer}}" -> end, with the invalid outlet optionally leading to "Giving up". */
function askFlow(data: Partial<AskInput>, { invalidOutlet = false } = {}): FlowSpec {
  return {
    nodes: {
      start: step('start', {}),
      q: step('ask', { prompt: 'Your answer?', variable: 'answer', ...data }),
      got: step('message', { text: 'Got {{answer}}' }),
      giveUp: step('message', { text: 'Giving up' }),
      bye: step('end', {}),
    },
    edges: ['start.next -> q', 'q.next -> got', 'got.next -> bye', 'giveUp.next -> bye', ...(invalidOutlet ? ['q.invalid -> giveUp'] : [])],
  };
}

describe('ask step schema', () => {
  const base = { prompt: 'Email?', variable: 'email' };

  it('fills in defaults', () => {
    expect(ask.schema.parse(base)).toMatchObject({ inputType: 'text', choices: [], invalidMessage: '', maxRetries: 2 });
  });

  it.each([
    ['no prompt', { ...base, prompt: ' ' }, 'prompt', 'Write the question'],
    ['a bad variable name', { ...base, variable: '1st' }, 'variable', 'Start with a letter or "_", then letters, digits or "_" (at most 64)'],
    ['a choice question without choices', { ...base, inputType: 'choice' }, 'choices', 'A choice question needs choices'],
    ['a minimum above the maximum', { ...base, min: 5, max: 2 }, 'min', 'Minimum is above maximum'],
    ['an invalid pattern', { ...base, pattern: '([a-z' }, 'pattern', 'Not a valid regular expression'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(ask.schema, data)).toContainEqual({ path, message });
  });

  it('rejects an unknown input type and too many retries', () => {
    expect(issues(ask.schema, { ...base, inputType: 'colour' }).map((i) => i.path)).toEqual(['inputType']);
    expect(issues(ask.schema, { ...base, maxRetries: 11 }).map((i) => i.path)).toEqual(['maxRetries']);
  });
});

describe('ask step outlets', () => {
  it('has next, and an optional invalid outlet; it waits and writes its variable', () => {
    const data = ask.schema.parse({ prompt: 'Hi {{name}}?', variable: 'email', invalidMessage: 'Try {{hint}}' });
    expect(ask.outlets(data)).toEqual([
      { id: 'next', label: 'Answered' },
      { id: 'invalid', label: 'Invalid after retries', optional: true },
    ]);
    expect(ask.waits(data, 'next')).toBe(true);
    expect(ask.waits(data, 'invalid')).toBe(true);
    expect(ask.writes(data)).toEqual(['email']);
    expect(ask.reads(data)).toEqual(['name', 'hint']);
  });
});

describe('ask step input types', () => {
  it.each<[string, Partial<AskInput>, string, string | number]>([
    ['text', {}, '  hello there  ', 'hello there'],
    ['text within length bounds', { min: 2, max: 5 }, 'abc', 'abc'],
    ['text when the pattern is left empty', { pattern: '' }, 'anything', 'anything'],
    ['text matching a pattern', { pattern: '^[A-Z]{3}-\\d+$' }, 'ABC-123', 'ABC-123'],
    ['email, lowercased', { inputType: 'email' }, ' Ann.Lee@Example.COM ', 'ann.lee@example.com'],
    ['phone, punctuation removed', { inputType: 'phone' }, '+1 (555) 123-4567', '+15551234567'],
    ['number, parsed', { inputType: 'number' }, '1,234.5', 1234.5],
    ['negative number', { inputType: 'number', min: -10 }, '-3', -3],
    ['number within bounds', { inputType: 'number', min: 1, max: 10 }, '10', 10],
    ['date', { inputType: 'date' }, '2024-02-29', '2024-02-29'],
    ['date with slashes', { inputType: 'date' }, '2024/03/01', '2024-03-01'],
    ['choice, as written in the choices', { inputType: 'choice', choices: ['Red', 'Green'] }, 'green', 'Green'],
  ])('accepts %s and stores the normalised value', (_name, data, typed, stored) => {
    const c = chat(askFlow(data));
    c.start();
    const turn = c.text(typed);
    expect(turn.settled).toBe('end');
    expect(said(turn)).toEqual([`Got ${stored}`]);
    expect(c.vars.answer).toStrictEqual(stored);
    expect(c.vars.last_message).toBe(typed);
  });

  it.each<[string, Partial<AskInput>, string]>([
    ['blank text', {}, '   '],
    ['text too short', { min: 2 }, 'a'],
    ['text too long', { max: 3 }, 'abcd'],
    ['text not matching the pattern', { pattern: '^\\d+$' }, '12a'],
    ['an email without a domain', { inputType: 'email' }, 'ann@'],
    ['an email with a space', { inputType: 'email' }, 'ann lee@example.com'],
    ['a phone number with letters', { inputType: 'phone' }, 'call me'],
    ['a phone number too short', { inputType: 'phone' }, '12345'],
    ['a number with letters', { inputType: 'number' }, '12abc'],
    ['a number out of bounds', { inputType: 'number', max: 10 }, '11'],
    ['an impossible date', { inputType: 'date' }, '2023-02-29'],
    ['a date in another format', { inputType: 'date' }, '29 Feb 2024'],
    ['a choice not offered', { inputType: 'choice', choices: ['Red', 'Green'] }, 'Blue'],
  ])('rejects %s and asks again', (_name, data, typed) => {
    const c = chat(askFlow(data));
    c.start();
    const turn = c.text(typed);
    expect(turn.settled).toBe('wait');
    expect(turn.nodeId).toBe('q');
    expect(c.vars.answer).toBeUndefined();
  });
});

describe('ask step behaviour', () => {
  it('asks with its prompt, typed for the widget, and waits', () => {
    const first = chat(askFlow({ inputType: 'email' })).start();
    expect(first.settled).toBe('wait');
    expect(first.nodeId).toBe('q');
    expect(lastPayload(first)).toEqual({ type: 'input', text: 'Your answer?', inputType: 'email' });
  });

  it('re-prompts with the default error, or its own message', () => {
    const plain = chat(askFlow({ inputType: 'email' }));
    plain.start();
    expect(lastPayload(plain.text('nope'))).toEqual({ type: 'input', text: 'Your answer?', inputType: 'email', error: phrases.en.invalidInput });

    const custom = chat(askFlow({ inputType: 'email', invalidMessage: 'An email like ann@example.com, please' }));
    custom.start();
    const turn = custom.text('nope');
    expect(turn.messages).toHaveLength(1);
    expect(lastPayload(turn)).toMatchObject({ error: 'An email like ann@example.com, please' });
  });

  it('takes the invalid outlet once the retries are used up', () => {
    const c = chat(askFlow({ inputType: 'number', maxRetries: 2 }, { invalidOutlet: true }));
    c.start();
    expect(c.text('one').settled).toBe('wait');
    expect(c.text('two').settled).toBe('wait');
    const third = c.text('three');
    expect(said(third)).toEqual(['Giving up']);
    expect(third.settled).toBe('end');
    expect(c.vars.answer).toBeUndefined();
  });

  it('with no retries allowed, leaves through invalid at the first bad answer', () => {
    const c = chat(askFlow({ inputType: 'number', maxRetries: 0 }, { invalidOutlet: true }));
    c.start();
    expect(said(c.text('one'))).toEqual(['Giving up']);
  });

  it('keeps asking past the limit when the invalid outlet is not connected', () => {
    const c = chat(askFlow({ inputType: 'number', maxRetries: 1 }));
    c.start();
    for (const typed of ['a', 'b', 'c', 'd']) {
      const turn = c.text(typed);
      expect(turn.settled).toBe('wait');
      expect(lastPayload(turn)).toMatchObject({ type: 'input', error: phrases.en.invalidInput });
    }
    expect(said(c.text('4'))).toEqual(['Got 4']);
  });

  it('counts retries afresh each time the step is entered', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        q: step('ask', { prompt: 'A number?', variable: 'n', inputType: 'number', maxRetries: 1 }),
        again: step('options', { text: 'Again?', options: [{ id: 'yes', label: 'Yes' }] }),
        giveUp: step('end', { message: 'Giving up' }),
      },
      edges: ['start.next -> q', 'q.next -> again', 'again.yes -> q', 'q.invalid -> giveUp'],
    });
    c.start();
    c.text('x'); // one retry used
    expect(c.text('7').nodeId).toBe('again');
    expect(c.text('yes').nodeId).toBe('q');
    expect(c.text('y').nodeId).toBe('q'); // a fresh retry, not the exhausted count
    expect(said(c.text('z'))).toEqual(['Giving up']);
  });

  it('offers choices as buttons, and a click answers', () => {
    const c = chat(askFlow({ inputType: 'choice', choices: ['Red', 'Green'] }));
    const first = c.start();
    expect(lastPayload(first)).toMatchObject({ type: 'input', inputType: 'choice', choices: [{ label: 'Red' }, { label: 'Green' }] });
    const turn = c.postback(payloadOf(first, 'Green'));
    expect(said(turn)).toEqual(['Got Green']);
    expect(c.vars.answer).toBe('Green');
  });

  it('ignores a stale postback from an earlier step instead of storing it as the answer', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        menu: step('options', { text: 'Help with?', options: [{ id: 'billing', label: 'Billing' }] }),
        name: step('ask', { prompt: 'Your name?', variable: 'name' }),
        hi: step('end', { message: 'Hi {{name}}' }),
      },
      edges: ['start.next -> menu', 'menu.billing -> name', 'name.next -> hi'],
    });
    const stale = payloadOf(c.start(), 'Billing');
    expect(c.postback(stale).nodeId).toBe('name');
    const turn = c.postback(stale);
    expect(turn.messages).toEqual([]);
    expect(turn.nodeId).toBe('name');
    expect(c.vars.name).toBeUndefined();
  });

  it('ignores a choice button of an earlier choice question', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        first: step('ask', { prompt: 'Happy?', variable: 'happy', inputType: 'choice', choices: ['Yes', 'No'] }),
        second: step('ask', { prompt: 'Recommend us?', variable: 'recommend', inputType: 'choice', choices: ['Yes', 'No'] }),
        bye: step('end', {}),
      },
      edges: ['start.next -> first', 'first.next -> second', 'second.next -> bye'],
    });
    const staleYes = payloadOf(c.start(), 'Yes');
    expect(c.postback(staleYes).nodeId).toBe('second');
    expect(c.postback(staleYes).nodeId).toBe('second');
    expect(c.vars.recommend).toBeUndefined();
  });
});
