import { describe, expect, it } from 'vitest';
import { start } from './start';
import { chat, said, step } from '../../testing/flows';

describe('start step', () => {
  it('takes no settings but must be an object', () => {
    expect(start.schema.safeParse({}).success).toBe(true);
    expect(start.schema.safeParse('go').success).toBe(false);
  });

  it('has one outlet and never waits', () => {
    expect(start.outlets({})).toEqual([{ id: 'next', label: 'Next' }]);
    expect(start.waits({}, 'next')).toBe(false);
  });

  it('begins every conversation, wherever it sits in the document', () => {
    const c = chat({
      nodes: { hi: step('message', { text: 'Hi' }), bye: step('end', {}), begin: step('start', {}) },
      edges: ['begin.next -> hi', 'hi.next -> bye'],
    });
    const first = c.start();
    expect(said(first)).toEqual(['Hi']);
    expect(first.settled).toBe('end');
  });

  it('ends in a fault when its outlet goes nowhere', () => {
    const first = chat({ nodes: { begin: step('start', {}) } }).start();
    expect(first.settled).toBe('fault');
    expect(first.messages).toEqual([]);
  });
});
