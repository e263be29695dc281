import { FlowSettings, SCHEMA_VERSION, type Edge, type FlowDocument, type FlowNode, type StepKind } from '@parley/shared';

/** The repeating body of a generated flow: one of each kind whose every outlet can simply lead on. */
const PATTERN: { type: StepKind; data: (i: number) => Record<string, unknown> }[] = [
  { type: 'message', data: (i) => ({ text: `Message number ${i}: hello {{email}}` }) },
  { type: 'options', data: (i) => ({ text: `Question ${i}?`, options: [{ id: 'yes', label: `Yes ${i}`, action: 'postback' }, { id: 'no', label: `No ${i}`, action: 'postback' }] }) },
  { type: 'condition', data: () => ({ rules: [{ id: 'r1', label: '', join: 'and', clauses: [{ variable: 'email', op: 'isSet', value: '' }] }] }) },
  { type: 'setVariable', data: (i) => ({ variable: 'topic', value: `topic ${i}` }) },
  { type: 'businessHours', data: () => ({ timeZone: 'Europe/London', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] }) },
  { type: 'apiCall', data: (i) => ({ method: 'GET', url: `https://api.example.com/items/${i}?email={{email}}`, headers: [], body: '', timeoutMs: 5000, mappings: [{ path: 'status', variable: 'status' }] }) },
];

/**
 * A valid flow of exactly `steps` steps (at least 3): start, an email question, then a chain through every
 * kind in PATTERN with each outlet leading to the next step, and an end. Laid out in columns, as a
 * long real flow might be after tidying. Deterministic, so tests and benchmarks see the same flow.
 */
export function generateFlow(steps: number, id = 'generated'): FlowDocument {
  const n = Math.max(3, Math.floor(steps));
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  const perColumn = 40;
  const place = (i: number) => ({ x: Math.floor(i / perColumn) * 340, y: (i % perColumn) * 190 });
  nodes.push({ id: 'start', type: 'start', position: place(0), data: {} });
  nodes.push({ id: 'ask-email', type: 'ask', position: place(1), data: { prompt: 'What is your email?', inputType: 'email', variable: 'email' } });
  for (let i = 2; i < n - 1; i++) {
    const p = PATTERN[(i - 2) % PATTERN.length]!;
    nodes.push({ id: `s${i}`, type: p.type, position: place(i), data: p.data(i) });
  }
  nodes.push({ id: 'end', type: 'end', position: place(n - 1), data: { message: 'Bye!' } });
  const outlets: Record<string, string[]> = {
    start: ['next'],
    ask: ['next'],
    message: ['next'],
    options: ['yes', 'no'],
    condition: ['r1', 'else'],
    setVariable: ['next'],
    businessHours: ['open', 'closed'],
    apiCall: ['success', 'failure'],
  };
  for (let i = 0; i < nodes.length - 1; i++) {
    const from = nodes[i]!;
    for (const handle of outlets[from.type] ?? []) edges.push({ id: `e${i}-${handle}`, source: from.id, sourceHandle: handle, target: nodes[i + 1]!.id });
  }
  return { schemaVersion: SCHEMA_VERSION, id, name: `Generated ${n}`, locale: 'en', variables: [], nodes, edges, settings: FlowSettings.parse({}) };
}
