import { describe, expect, it } from 'vitest';
import { parseFlowDocument } from '../flow';
import { validate } from '../validate';
import { compile } from '../compile';
import { generateFlow } from './generateFlow';

describe('generateFlow', () => {
  it.each([3, 7, 200, 2000])('builds a valid, compilable flow of exactly %i steps', (steps) => {
    const flow = generateFlow(steps);
    expect(flow.nodes).toHaveLength(steps);
    expect(new Set(flow.nodes.map((n) => n.id)).size).toBe(steps);
    const { diagnostics, flow: checked } = validate(flow);
    expect(diagnostics).toEqual([]);
    expect(compile(checked!).nodes.size).toBe(steps);
  });

  it('parses as the raw document an API client sends, settings left to their defaults', () => {
    const { settings, ...raw } = generateFlow(200, 'raw');
    const parsed = parseFlowDocument(JSON.parse(JSON.stringify(raw)));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.settings).toEqual(settings);
  });

  it('is deterministic and cycles options, message, ask, set variable and condition from the first step', () => {
    expect(generateFlow(50)).toEqual(generateFlow(50));
    expect(generateFlow(12).nodes.map((n) => n.type)).toEqual(['start', 'options', 'message', 'ask', 'setVariable', 'condition', 'options', 'message', 'ask', 'setVariable', 'condition', 'end']);
  });
});
