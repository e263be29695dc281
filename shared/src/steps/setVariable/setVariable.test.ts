import { describe, expect, it } from 'vitest';
import { setVariable } from './setVariable';
import { chat, issues, said, step } from '../../testing/flows';

describe('setVariable step schema', () => {
  it('accepts a variable and a template value, which may be empty', () => {
    expect(setVariable.schema.parse({ variable: 'topic', value: '' })).toEqual({ variable: 'topic', value: '' });
  });

  it('rejects a bad variable name and a missing value', () => {
    expect(issues(setVariable.schema, { variable: 'my-var', value: 'x' }).map((i) => i.path)).toEqual(['variable']);
    expect(issues(setVariable.schema, { variable: 'v' }).map((i) => i.path)).toEqual(['value']);
  });
});

describe('setVariable step', () => {
  it('has one outlet, never waits, reads its template and writes its variable', () => {
    const data = setVariable.schema.parse({ variable: 'full', value: '{{first}} {{last}}' });
    expect(setVariable.outlets(data).map((o) => o.id)).toEqual(['next']);
    expect(setVariable.waits(data, 'next')).toBe(false);
    expect(setVariable.reads(data)).toEqual(['first', 'last']);
    expect(setVariable.writes(data)).toEqual(['full']);
  });

  it('renders its template into the variable, in order, as plain text', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        full: step('setVariable', { variable: 'full', value: '{{first}} {{last}}{{missing}}' }),
        label: step('setVariable', { variable: 'label', value: '<{{full}}> & co' }),
        first: step('setVariable', { variable: 'first', value: 'changed' }),
        show: step('end', { message: '{{label}} / {{first}}' }),
      },
      edges: ['start.next -> full', 'full.next -> label', 'label.next -> first', 'first.next -> show'],
      variables: [
        { name: 'first', defaultValue: 'Tom' },
        { name: 'last', defaultValue: 'Jerry' },
      ],
    });
    const turn = c.start();
    expect(said(turn)).toEqual(['<Tom Jerry> & co / changed']);
    expect(c.vars).toMatchObject({ full: 'Tom Jerry', label: '<Tom Jerry> & co', first: 'changed' });
  });

  it('ends in a fault when its outlet goes nowhere', () => {
    const c = chat({ nodes: { start: step('start', {}), set: step('setVariable', { variable: 'v', value: '1' }) }, edges: ['start.next -> set'] });
    expect(c.start().settled).toBe('fault');
  });
});
