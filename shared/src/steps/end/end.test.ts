import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { end } from './end';
import { phrases } from '../../phrases';
import { chat, lastPayload, payloadOf, said, step, type FlowSpec } from '../../testing/flows';

const ending = (data: z.input<typeof end.schema>): FlowSpec => ({
  nodes: { start: step('start', {}), bye: step('end', data) },
  edges: ['start.next -> bye'],
});

describe('end step schema', () => {
  it('defaults to a silent end that asks nothing', () => {
    expect(end.schema.parse({})).toEqual({ message: '', askResolved: false, question: '' });
  });

  it('rejects a bad variable name and a message that is too long', () => {
    expect(end.schema.safeParse({ variable: 'a b' }).success).toBe(false);
    expect(end.schema.safeParse({ message: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('end step', () => {
  it('has no outlets, and waits only when it asks whether the issue was resolved', () => {
    expect(end.outlets(end.schema.parse({}))).toEqual([]);
    expect(end.waits(end.schema.parse({}), '')).toBe(false);
    expect(end.waits(end.schema.parse({ askResolved: true }), '')).toBe(true);
    expect(end.writes(end.schema.parse({ askResolved: true, variable: 'resolved' }))).toEqual(['resolved']);
  });

  it('says its farewell and ends', () => {
    const turn = chat(ending({ message: 'Bye!' })).start();
    expect(turn.messages).toEqual([{ nodeId: 'bye', payload: { type: 'text', text: 'Bye!' } }]);
    expect(turn.settled).toBe('end');
  });

  it('ends silently without a message', () => {
    const turn = chat(ending({})).start();
    expect(turn.messages).toEqual([]);
    expect(turn.settled).toBe('end');
  });

  it('stays ended: later messages get no answer', () => {
    const c = chat(ending({ message: 'Bye!' }));
    c.start();
    const later = c.text('wait!');
    expect(later.messages).toEqual([]);
    expect(later.settled).toBe('end');
  });

  describe('asking whether the issue was resolved', () => {
    const asking = ending({ message: 'Thanks!', askResolved: true, variable: 'resolved' });

    it('says its farewell, asks, and waits', () => {
      const turn = chat(asking).start();
      expect(said(turn)).toEqual(['Thanks!', phrases.en.resolvedQuestion]);
      expect(lastPayload(turn)).toMatchObject({ type: 'options', buttons: [{ label: 'Yes' }, { label: 'No' }] });
      expect(turn.settled).toBe('wait');
      expect(turn.nodeId).toBe('bye');
    });

    it('asks its own question when it has one', () => {
      expect(said(chat(ending({ askResolved: true, question: 'All good?' })).start())).toEqual(['All good?']);
    });

    it.each([
      ['Yes', 'yes'],
      ['No', 'no'],
    ])('ends on a click on %s, keeping the answer', (label, value) => {
      const c = chat(asking);
      const turn = c.postback(payloadOf(c.start(), label));
      expect(turn.settled).toBe('end');
      expect(turn.nodeId).toBeNull();
      expect(c.vars.resolved).toBe(value);
    });

    it.each([
      [' yes ', 'yes'],
      ['NO', 'no'],
    ])('ends on typed "%s", keeping the answer', (typed, value) => {
      const c = chat(asking);
      c.start();
      expect(c.text(typed).settled).toBe('end');
      expect(c.vars.resolved).toBe(value);
    });

    it('ends on any other text, keeping no answer', () => {
      const c = chat(asking);
      c.start();
      expect(c.text('whatever').settled).toBe('end');
      expect(c.vars.resolved).toBeUndefined();
      expect(c.vars.last_message).toBe('whatever');
    });

    it('ignores a stale postback', () => {
      const c = chat(asking);
      c.start();
      const turn = c.postback('elsewhere:yes');
      expect(turn.settled).toBe('wait');
      expect(c.vars.resolved).toBeUndefined();
    });
  });
});
