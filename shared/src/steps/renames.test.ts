import { describe, expect, it } from 'vitest';
import { renameVariableIn, stepKinds, type StepKind } from '.';
import type { RawData } from './renames';

/** Data of each kind that names `old` in a bare-name field, and what renaming it to `fresh` must give. */
const cases: [StepKind, RawData, RawData][] = [
  ['ask', { prompt: 'Hi {{old}}', variable: 'old' }, { prompt: 'Hi {{fresh}}', variable: 'fresh' }],
  ['options', { text: 'Pick', variable: 'old' }, { text: 'Pick', variable: 'fresh' }],
  ['carousel', { text: '', variable: 'old' }, { text: '', variable: 'fresh' }],
  ['setVariable', { variable: 'old', value: '{{ old }}!' }, { variable: 'fresh', value: '{{fresh}}!' }],
  ['end', { message: '', variable: 'old' }, { message: '', variable: 'fresh' }],
  ['apiCall', { url: 'https://x/{{old}}', mappings: [{ path: 'a', variable: 'old' }, { path: 'b', variable: 'other' }] }, { url: 'https://x/{{fresh}}', mappings: [{ path: 'a', variable: 'fresh' }, { path: 'b', variable: 'other' }] }],
  ['handoff', { subject: 'S', fields: ['old', 'other'] }, { subject: 'S', fields: ['fresh', 'other'] }],
  ['condition', { rules: [{ id: 'r', clauses: [{ variable: 'old', op: 'isSet' }, { variable: 'x', op: 'is', value: '{{old}}' }] }] }, { rules: [{ id: 'r', clauses: [{ variable: 'fresh', op: 'isSet' }, { variable: 'x', op: 'is', value: '{{fresh}}' }] }] }],
  ['message', { text: '{{old}} and {{older}}' }, { text: '{{fresh}} and {{older}}' }],
];

describe('renaming a variable in a step', () => {
  it.each(cases)('%s renames its templates and the fields that name the variable', (kind, data, expected) => {
    expect(renameVariableIn(kind, data, 'old', 'fresh')).toEqual(expected);
  });

  it('keeps data that does not mention the variable as the same object, in every kind', () => {
    const data = { text: 'x', variable: 'other', fields: ['other'], mappings: [{ variable: 'other' }], rules: [{ clauses: [{ variable: 'other' }] }] };
    for (const kind of stepKinds) expect(renameVariableIn(kind, data, 'old', 'fresh')).toBe(data);
  });

  it('tolerates a draft whose fields have the wrong shape', () => {
    const data = { variable: 3, fields: 'old', mappings: 'old', rules: [null, { clauses: 'old' }] };
    for (const kind of stepKinds) expect(renameVariableIn(kind, data, 'old', 'fresh')).toBe(data);
  });
});
