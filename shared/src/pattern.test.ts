import { describe, expect, it } from 'vitest';
import { MAX_INPUT, matchesPattern, patternProblem } from './pattern';
import { validate } from './validate';
import { parseAnswer } from './steps/ask/answer';
import { evaluateClause } from './steps/condition/rules';
import { flowDoc, step } from './testing/flows';

const HOSTILE = '^([a-zA-Z0-9]+\\s?)*$';

describe('patterns', () => {
  it('matches like a regular expression, Korean included', () => {
    expect(matchesPattern('^\\d{5}$', '10001')).toBe(true);
    expect(matchesPattern('^\\d{5}$', '1000')).toBe(false);
    expect(matchesPattern('주문', '제 주문 어디 있어요')).toBe(true);
    expect(matchesPattern('^[가-힣]+$', '홍길동')).toBe(true);
    expect(matchesPattern('refund', 'REFUND please')).toBe(false);
    expect(matchesPattern('refund', 'REFUND please', { ignoreCase: true })).toBe(true);
  });

  it('answers the catastrophic-backtracking message (a×31 then !) without backtracking: no match', () => {
    // Backtracking engines take seconds on this input; RE2 reads it once.
    expect(matchesPattern(HOSTILE, `${'a'.repeat(31)}!`)).toBe(false);
    expect(matchesPattern(HOSTILE, `${'a '.repeat(MAX_INPUT / 2 - 1)}!`)).toBe(false);
    expect(matchesPattern(HOSTILE, 'order 10001')).toBe(true);
    expect(patternProblem(HOSTILE)).toBeNull();
  });

  it('reads at most MAX_INPUT characters', () => {
    expect(matchesPattern('x$', `${'a'.repeat(MAX_INPUT)}x`)).toBe(false);
    expect(matchesPattern('x$', `${'a'.repeat(MAX_INPUT - 1)}x`)).toBe(true);
  });

  it.each([
    ['(a)\\1', /backreferences/],
    ['(?=a)b', /lookahead/],
    ['(?<!a)b', /lookahead/],
    ['a{1001}', /too complex/],
    ['(?:[a-z]{1,100}[0-9]?){1,20}$', /too complex/],
    ['[', /Not a valid/],
  ])('refuses %s with a sentence that says why', (source, why) => {
    expect(patternProblem(source)).toMatch(why);
    // An unusable pattern matches nothing, so the ask step takes its invalid path.
    expect(matchesPattern(source, 'aab')).toBe(false);
  });

  it('puts an unusable pattern on the ask step and the condition clause that hold it', () => {
    const flow = flowDoc({
      nodes: {
        start: step('start', {}),
        q: step('ask', { prompt: 'Order?', variable: 'order', inputType: 'text', pattern: '(\\d)\\1' }),
        c: step('condition', { rules: [{ id: 'r', clauses: [{ variable: 'order', op: 'matches', value: '(?=1)' }] }] }),
      },
      edges: ['start.next -> q', 'q.next -> c'],
    });
    const errors = validate(flow).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'q', path: ['data', 'pattern'], message: expect.stringMatching(/backreferences/) }),
        expect.objectContaining({ nodeId: 'c', path: ['data', 'rules', 0, 'clauses', 0, 'value'], message: expect.stringMatching(/lookahead/) }),
      ]),
    );
  });

  it('is what ask answers and condition rules use', () => {
    expect(parseAnswer({ inputType: 'text', pattern: HOSTILE }, `${'a'.repeat(31)}!`)).toEqual({ ok: false });
    expect(parseAnswer({ inputType: 'text', pattern: '^\\d{5}$' }, ' 10001 ')).toEqual({ ok: true, value: '10001' });
    expect(evaluateClause({ variable: 'v', op: 'matches', value: HOSTILE }, { v: `${'a'.repeat(40)}!` })).toBe(false);
    expect(evaluateClause({ variable: 'v', op: 'matches', value: '^VIP' }, { v: 'vip-123' })).toBe(true);
  });
});
