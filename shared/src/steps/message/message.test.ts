import { describe, expect, it } from 'vitest';
import { message } from './message';
import { chat, issues, said, step } from '../../testing/flows';

describe('message step', () => {
  it('accepts a text and trims it', () => {
    expect(message.schema.parse({ text: '  Hello  ' })).toEqual({ text: 'Hello' });
  });

  it('rejects an empty or blank text, and one that is too long', () => {
    expect(issues(message.schema, { text: '   ' })).toEqual([{ path: 'text', message: 'Write the message' }]);
    expect(issues(message.schema, {})).toHaveLength(1);
    expect(issues(message.schema, { text: 'x'.repeat(4097) })).toEqual([expect.objectContaining({ path: 'text' })]);
  });

  it('has one outlet, never waits and reads the variables in its text', () => {
    const data = message.schema.parse({ text: 'Hi {{name}}, about {{ topic }} and {{name}}' });
    expect(message.outlets(data).map((o) => o.id)).toEqual(['next']);
    expect(message.waits(data, 'next')).toBe(false);
    expect(message.reads(data)).toEqual(['name', 'topic']);
  });

  it('says its text with variables filled in, then moves on without waiting', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        one: step('message', { text: 'Hi {{name}}!' }),
        two: step('message', { text: 'Second' }),
        bye: step('end', {}),
      },
      edges: ['start.next -> one', 'one.next -> two', 'two.next -> bye'],
      variables: [{ name: 'name', defaultValue: 'Ann' }],
    });
    const first = c.start();
    expect(first.messages).toEqual([
      { nodeId: 'one', payload: { type: 'text', text: 'Hi Ann!' } },
      { nodeId: 'two', payload: { type: 'text', text: 'Second' } },
    ]);
    expect(first.settled).toBe('end');
  });

  it('ends in a fault after speaking when its outlet goes nowhere', () => {
    const first = chat({ nodes: { start: step('start', {}), one: step('message', { text: 'Hi' }) }, edges: ['start.next -> one'] }).start();
    expect(said(first)).toEqual(['Hi']);
    expect(first.settled).toBe('fault');
  });
});
