import { FlowSettings, SCHEMA_VERSION, type Edge, type FlowDocument, type FlowNode } from '../flow';

const KINDS = ['options', 'message', 'ask', 'setVariable', 'condition'] as const;

/**
 * A valid flow of exactly `steps` steps (at least 3), for tests and benchmarks: start, then repeating
 * options → message → ask → set variable → condition blocks, then an end. Every options step can also go back to the
 * previous one (a loop through a wait, as real flows have), every condition reads the answer just asked, and
 * messages and variables use templates. Laid out in rows of ten, as an admin might arrange a long flow.
 * Deterministic, so the editor's tests, the e2e perf script and the compiler and editor benchmarks see the same flow.
 * Settings are the defaults; leave them out for the raw shape an API client that keeps the defaults sends.
 */
export function generateFlow(steps: number, id = `generated-${steps}`): FlowDocument {
  const body = Math.max(3, Math.floor(steps)) - 2;
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  const at = (i: number) => ({ x: (i % 10) * 320, y: Math.floor(i / 10) * 200 });
  const nodeId = (i: number) => (i < 0 ? 'start' : i >= body ? 'finish' : `s${i}`);
  const edge = (from: number, outlet: string, to: number) =>
    edges.push({ id: `e-${nodeId(from)}-${outlet}`, source: nodeId(from), sourceHandle: outlet, target: nodeId(to) });

  nodes.push({ id: 'start', type: 'start', position: at(0), data: {} });
  edge(-1, 'next', 0);
  let lastOptions = -1;
  let lastAsk = -1;
  for (let i = 0; i < body; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const position = at(i + 1);
    switch (kind) {
      case 'options':
        nodes.push({
          id: nodeId(i),
          type: 'options',
          position,
          data: {
            text: `Step ${i}: where to next, {{visitor_name}}?`,
            options: [
              { id: 'next', label: 'Go on', action: 'postback' },
              { id: 'back', label: 'Go back', action: 'postback' },
              { id: 'done', label: 'Finish', action: 'postback' },
            ],
          },
        });
        edge(i, 'next', i + 1);
        edge(i, 'back', lastOptions >= 0 ? lastOptions : i);
        edge(i, 'done', body);
        lastOptions = i;
        break;
      case 'message':
        nodes.push({ id: nodeId(i), type: 'message', position, data: { text: `Message ${i} for {{visitor_name}}.` } });
        edge(i, 'next', i + 1);
        break;
      case 'ask':
        nodes.push({ id: nodeId(i), type: 'ask', position, data: { prompt: `Question ${i}?`, inputType: 'text', variable: `answer_${i}`, maxRetries: 2 } });
        edge(i, 'next', i + 1);
        lastAsk = i;
        break;
      case 'setVariable':
        nodes.push({ id: nodeId(i), type: 'setVariable', position, data: { variable: 'summary', value: `Step ${i}: {{answer_${lastAsk}}}` } });
        edge(i, 'next', i + 1);
        break;
      case 'condition':
        nodes.push({
          id: nodeId(i),
          type: 'condition',
          position,
          data: { rules: [{ id: 'said-yes', label: 'Said yes', join: 'and', clauses: [{ variable: `answer_${lastAsk}`, op: 'is', value: 'yes' }] }] },
        });
        edge(i, 'said-yes', i + 1);
        edge(i, 'else', i + 1);
        break;
    }
  }
  nodes.push({ id: 'finish', type: 'end', position: at(body + 1), data: { message: 'Thanks, {{visitor_name}}!' } });
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    name: `Generated flow (${steps} steps)`,
    locale: 'en',
    variables: [{ name: 'summary', defaultValue: '' }],
    nodes,
    edges,
    settings: FlowSettings.parse({}),
  };
}
