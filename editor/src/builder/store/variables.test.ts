import { describe, expect, it } from 'vitest';
import { FlowSettings, SCHEMA_VERSION, type FlowDocument } from '@parley/shared';
import { renameVariableInDoc, variableTable } from './variables';

const doc: FlowDocument = {
  schemaVersion: SCHEMA_VERSION,
  id: 'bot',
  name: 'Vars',
  locale: 'en',
  variables: [{ name: 'email' }],
  nodes: [
    { id: 'q', type: 'ask', position: { x: 0, y: 0 }, data: { prompt: 'Email?', variable: 'email' } },
    { id: 'm', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Sent to {{email}}' } },
    { id: 'h', type: 'handoff', position: { x: 0, y: 0 }, data: { subject: 'Help', fields: ['email'] } },
    { id: 'x', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Bye' } },
  ],
  edges: [],
  settings: FlowSettings.parse({}),
};

describe('variables in the builder', () => {
  it('renames a variable in its declaration and in every step, through each kind, keeping untouched steps as they were', () => {
    const renamed = renameVariableInDoc(doc, 'email', 'mail');
    expect(renamed.variables).toEqual([{ name: 'mail' }]);
    expect(renamed.nodes.map((n) => n.data)).toEqual([
      { prompt: 'Email?', variable: 'mail' },
      { text: 'Sent to {{mail}}' },
      { subject: 'Help', fields: ['mail'] },
      { text: 'Bye' },
    ]);
    expect(renamed.nodes[3]).toBe(doc.nodes[3]);
  });

  it('lists where each variable is read and written, from the kinds', () => {
    const email = variableTable(doc).find((v) => v.name === 'email');
    expect(email).toMatchObject({ declared: true, readBy: ['m', 'h'], writtenBy: ['q'] });
  });
});
