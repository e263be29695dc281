import { FlowSettings, SCHEMA_VERSION, type FlowDocument } from '@parley/shared';

/** A small valid flow for store tests: start → hi, and an unconnected end. */
export function testDoc(partial: Partial<FlowDocument> = {}): FlowDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'bot1',
    name: 'Test',
    locale: 'en',
    variables: [],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'hi', type: 'message', position: { x: 0, y: 150 }, data: { text: 'Hi' } },
      { id: 'bye', type: 'end', position: { x: 0, y: 300 }, data: { message: 'Bye' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }],
    settings: FlowSettings.parse({}),
    ...partial,
  };
}
