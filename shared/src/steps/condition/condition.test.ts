import { describe, expect, it } from 'vitest';
import { condition } from './condition';
import type { Clause, Rule } from './rules';
import { chat, issues, said, step, type FlowSpec } from '../../testing/flows';

type RuleInput = Omit<Rule, 'label' | 'join' | 'clauses'> & Partial<Pick<Rule, 'label' | 'join'>> & { clauses: Array<Omit<Clause, 'value'> & { value?: string }> };

/** start -> set `vars` -> condition with `rules` -> one message per rule, "else" otherwise. */
function conditionFlow(rules: RuleInput[], vars: Record<string, string>): FlowSpec {
  const nodes: FlowSpec['nodes'] = { start: step('start', {}), check: step('condition', { rules }), otherwise: step('end', { message: 'else' }) };
  const edges = ['start.next -> check', 'check.else -> otherwise'];
  for (const rule of rules) {
    nodes[`on_${rule.id}`] = step('end', { message: rule.id });
    edges.push(`check.${rule.id} -> on_${rule.id}`);
  }
  return { nodes, edges, variables: Object.entries(vars).map(([name, defaultValue]) => ({ name, defaultValue })) };
}

/** The outlet the condition takes, read from the message of the step it leads to. */
function outletTaken(rules: RuleInput[], vars: Record<string, string>): string {
  const first = chat(conditionFlow(rules, vars)).start();
  expect(first.settled).toBe('end');
  return said(first)[0]!;
}

const when = (variable: string, op: Clause['op'], value?: string): RuleInput => ({ id: 'r1', clauses: [{ variable, op, ...(value === undefined ? {} : { value }) }] });

describe('condition step schema', () => {
  it('defaults a rule to "and" with no label, and a clause to an empty value', () => {
    expect(condition.schema.parse({ rules: [when('x', 'isSet')] }).rules[0]).toEqual({
      id: 'r1',
      label: '',
      join: 'and',
      clauses: [{ variable: 'x', op: 'isSet', value: '' }],
    });
  });

  it.each([
    ['no rules', { rules: [] }, 'rules', 'Add at least one rule'],
    ['a rule without clauses', { rules: [{ id: 'r1', clauses: [] }] }, 'rules.0.clauses', 'A rule needs at least one clause'],
    ['repeated rule ids', { rules: [when('x', 'isSet'), when('y', 'isSet')] }, 'rules', 'Rule ids must be unique'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(condition.schema, data)).toContainEqual({ path, message });
  });

  it('rejects an unknown operator, a bad variable name, and the reserved rule id "else"', () => {
    expect(issues(condition.schema, { rules: [when('x', 'startsWith' as Clause['op'])] }).map((i) => i.path)).toEqual(['rules.0.clauses.0.op']);
    expect(issues(condition.schema, { rules: [when('my var', 'isSet')] }).map((i) => i.path)).toEqual(['rules.0.clauses.0.variable']);
    expect(issues(condition.schema, { rules: [{ ...when('x', 'isSet'), id: 'else' }] }).map((i) => i.path)).toEqual(['rules.0.id']);
  });
});

describe('condition step outlets', () => {
  it('has one outlet per rule, labelled or numbered, plus else; it never waits and reads its variables', () => {
    const data = condition.schema.parse({ rules: [{ ...when('plan', 'is', 'pro'), label: 'Pro' }, { ...when('country', 'isSet'), id: 'r2' }] });
    expect(condition.outlets(data)).toEqual([
      { id: 'r1', label: 'Pro' },
      { id: 'r2', label: 'Rule 2' },
      { id: 'else', label: 'Else' },
    ]);
    expect(condition.waits(data, 'r1')).toBe(false);
    expect(condition.reads(data)).toEqual(['plan', 'country']);
  });
});

describe('condition step operators', () => {
  it.each<[Clause['op'], string, string | undefined, boolean]>([
    ['is', 'Pro', 'pro', true],
    ['is', 'Pro', 'basic', false],
    ['isNot', 'Pro', 'basic', true],
    ['isNot', 'Pro', 'PRO', false],
    ['contains', 'My Order Is Late', 'order', true],
    ['contains', 'My parcel', 'order', false],
    ['notContains', 'My parcel', 'order', true],
    ['notContains', 'My order', 'ORDER', false],
    ['greater', '10', '9.5', true],
    ['greater', '9', '10', false],
    ['greater', 'ten', '9', false],
    ['less', '-1', '0', true],
    ['less', '5', '5', false],
    ['less', '', '5', false],
    ['matches', 'ORD-12345', '^ord-\\d{5}$', true],
    ['matches', 'ORD-1234', '^ord-\\d{5}$', false],
    // A pattern that backtracks catastrophically in V8 is an ordinary non-match on RE2 (an invalid one is a diagnostic).
    ['matches', `${'a'.repeat(31)}!`, '^([a-zA-Z0-9]+\\s?)*$', false],
    ['isSet', 'x', undefined, true],
    ['isSet', '', undefined, false],
  ])('%s: "%s" against "%s" is %s', (op, actual, expected, result) => {
    expect(outletTaken([when('v', op, expected)], { v: actual })).toBe(result ? 'r1' : 'else');
  });

  it('treats a variable nobody set as empty', () => {
    expect(outletTaken([when('missing', 'isSet')], {})).toBe('else');
    expect(outletTaken([when('missing', 'is', '')], {})).toBe('r1');
    expect(outletTaken([when('missing', 'isNot', 'x')], {})).toBe('r1');
  });

  it('compares numbers a step stored as numbers', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        age: step('ask', { prompt: 'Age?', variable: 'age', inputType: 'number' }),
        check: step('condition', { rules: [when('age', 'greater', '17')] }),
        adult: step('end', { message: 'adult' }),
        minor: step('end', { message: 'minor' }),
      },
      edges: ['start.next -> age', 'age.next -> check', 'check.r1 -> adult', 'check.else -> minor'],
    });
    c.start();
    expect(said(c.text('18'))).toEqual(['adult']);
  });
});

describe('condition step rules', () => {
  const both = (join: 'and' | 'or'): RuleInput => ({ id: 'r1', join, clauses: [{ variable: 'a', op: 'is', value: 'yes' }, { variable: 'b', op: 'is', value: 'yes' }] });

  it('"and" needs every clause', () => {
    expect(outletTaken([both('and')], { a: 'yes', b: 'yes' })).toBe('r1');
    expect(outletTaken([both('and')], { a: 'yes', b: 'no' })).toBe('else');
  });

  it('"or" needs any clause', () => {
    expect(outletTaken([both('or')], { a: 'no', b: 'yes' })).toBe('r1');
    expect(outletTaken([both('or')], { a: 'no', b: 'no' })).toBe('else');
  });

  it('the first rule that matches wins', () => {
    const rules = [{ ...when('v', 'contains', 'b'), id: 'first' }, { ...when('v', 'isSet'), id: 'second' }, { ...when('v', 'is', 'abc'), id: 'third' }];
    expect(outletTaken(rules, { v: 'abc' })).toBe('first');
    expect(outletTaken(rules, { v: 'xyz' })).toBe('second');
    expect(outletTaken(rules, { v: '' })).toBe('else');
  });
});
