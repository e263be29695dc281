import { describe, expect, it } from 'vitest';
import { MAX_STEPS, type FlowDocument } from './flow';
import { hasErrors, type Diagnostic, type DiagnosticCode } from './diagnostics';
import { stronglyConnected, validate } from './validate';
import { compile } from './compile';
import { MAX_STEPS_PER_TURN, runTurnSync } from './engine';
import { flowDoc, NOW, step, type FlowSpec, type NodeSpec } from './testing/flows';

/** start -> menu (options) -> message -> end, or -> handoff. Valid. */
const valid = (): FlowSpec => ({
  nodes: {
    start: step('start', {}),
    menu: step('options', { text: 'Hi {{visitor_name}}, what now?', options: [{ id: 'talk', label: 'Talk' }, { id: 'human', label: 'Human' }] }),
    reply: step('message', { text: 'Sure' }),
    bye: step('end', {}),
    agent: step('handoff', { subject: 'Help' }),
  },
  edges: ['start.next -> menu', 'menu.talk -> reply', 'reply.next -> bye', 'menu.human -> agent'],
});

const check = (spec: FlowSpec | FlowDocument) => validate('schemaVersion' in spec ? spec : flowDoc(spec));
const withCode = (spec: FlowSpec | FlowDocument, code: DiagnosticCode): Diagnostic[] => check(spec).diagnostics.filter((d) => d.code === code);
const codes = (spec: FlowSpec | FlowDocument) => check(spec).diagnostics.map((d) => d.code);

describe('validate', () => {
  it('finds nothing wrong with a valid flow, and gives it back typed with defaults applied', () => {
    const { diagnostics, flow } = check(valid());
    expect(diagnostics).toEqual([]);
    expect(flow?.nodes.find((n) => n.id === 'agent')?.data).toMatchObject({ priority: 'normal', tags: [] });
  });

  it('invalid-settings: names the step and the field, and gives no flow', () => {
    const spec = valid();
    spec.nodes.reply = step('message', { text: '  ' });
    spec.nodes.menu = step('options', { text: 'Pick', options: [{ id: 'talk', label: 'Talk' }, { id: 'human', label: 'Go', action: 'link' }] });
    const { diagnostics, flow } = check(spec);
    expect(diagnostics.filter((d) => d.code === 'invalid-settings')).toEqual([
      { severity: 'error', code: 'invalid-settings', nodeId: 'menu', path: ['data', 'options', 1, 'url'], message: 'A link button needs an http(s) URL' },
      { severity: 'error', code: 'invalid-settings', nodeId: 'reply', path: ['data', 'text'], message: 'Write the message' },
    ]);
    expect(flow).toBeNull();
  });

  it('no-start', () => {
    const spec = valid();
    delete spec.nodes.start;
    expect(withCode(spec, 'no-start')).toEqual([expect.objectContaining({ severity: 'error', path: ['nodes'] })]);
  });

  it('multiple-starts: reported on every start after the first', () => {
    const spec = valid();
    spec.nodes.again = step('start', {});
    spec.edges!.push('again.next -> reply');
    expect(withCode(spec, 'multiple-starts')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'again' })]);
  });

  it('duplicate-id: for steps, and for connections', () => {
    const doc = flowDoc(valid());
    doc.nodes.push({ ...doc.nodes[2]!, position: { x: 500, y: 0 } });
    doc.edges.push({ ...doc.edges[0]! });
    const { diagnostics, flow } = validate(doc);
    const dupes = diagnostics.filter((d) => d.code === 'duplicate-id');
    expect(dupes).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: 'reply', path: ['id'] }),
      expect.objectContaining({ severity: 'error', edgeId: doc.edges[0]!.id, path: ['edges'] }),
    ]);
    expect(flow).toBeNull();
  });

  it('dangling-outlet: for a required outlet, not for optional ones', () => {
    const spec = valid();
    spec.edges = spec.edges!.filter((e) => e !== 'menu.human -> agent');
    spec.nodes.q = step('ask', { prompt: 'Name?', variable: 'name' });
    spec.edges.push('menu.human -> q', 'q.next -> agent');
    expect(withCode(spec, 'dangling-outlet')).toEqual([]); // menu.text and q.invalid are optional

    spec.edges = spec.edges.filter((e) => e !== 'q.next -> agent');
    expect(withCode(spec, 'dangling-outlet')).toEqual([
      { severity: 'error', code: 'dangling-outlet', nodeId: 'q', path: ['outlets', 'next'], message: 'Outlet "Answered" goes nowhere: connect it to a step' },
    ]);
  });

  it('unknown-outlet', () => {
    const spec = valid();
    spec.edges!.push('reply.sideways -> agent');
    expect(withCode(spec, 'unknown-outlet')).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: 'reply', edgeId: 'reply__sideways', path: ['outlets', 'sideways'] }),
    ]);
  });

  it('outlet-used-twice: the second connection is the one reported', () => {
    const doc = flowDoc(valid());
    doc.edges.push({ id: 'extra', source: 'reply', sourceHandle: 'next', target: 'agent' });
    expect(withCode(doc, 'outlet-used-twice')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'reply', edgeId: 'extra', path: ['outlets', 'next'] })]);
  });

  it('edge-missing-node: names the missing step', () => {
    const spec = valid();
    spec.edges!.push('menu.text -> ghost');
    const [d] = withCode(spec, 'edge-missing-node');
    expect(d).toMatchObject({ severity: 'error', edgeId: 'menu__text' });
    expect(d!.message).toContain('ghost');
  });

  it('unreachable: a warning on steps no path from start reaches', () => {
    const spec = valid();
    spec.nodes.island = step('message', { text: 'Alone' });
    spec.nodes.island2 = step('end', {});
    spec.edges!.push('island.next -> island2');
    const found = withCode(spec, 'unreachable');
    expect(found.map((d) => [d.nodeId, d.severity])).toEqual([
      ['island', 'warning'],
      ['island2', 'warning'],
    ]);
    expect(hasErrors(check(spec).diagnostics)).toBe(false);
  });

  describe('loop-without-wait', () => {
    const loopOf = (nodes: Record<string, NodeSpec>, edges: string[]): FlowSpec => ({ nodes: { start: step('start', {}), ...nodes }, edges: ['start.next -> a', ...edges] });

    it('is reported on every step of a loop in which nothing waits', () => {
      const spec = loopOf(
        { a: step('message', { text: 'A' }), b: step('setVariable', { variable: 'x', value: '1' }) },
        ['a.next -> b', 'b.next -> a'],
      );
      expect(withCode(spec, 'loop-without-wait').map((d) => d.nodeId).sort()).toEqual(['a', 'b']);
      expect(withCode(spec, 'loop-without-wait')[0]!.severity).toBe('error');
    });

    it('is reported on a step that leads to itself', () => {
      const spec = loopOf({ a: step('condition', { rules: [{ id: 'r', clauses: [{ variable: 'x', op: 'isSet' }] }] }), b: step('end', {}) }, ['a.r -> a', 'a.else -> b']);
      expect(withCode(spec, 'loop-without-wait').map((d) => d.nodeId)).toEqual(['a']);
    });

    it('is fine for a loop through a step that waits', () => {
      const spec = loopOf(
        { a: step('message', { text: 'A' }), q: step('options', { text: 'Again?', options: [{ id: 'y', label: 'Yes' }] }) },
        ['a.next -> q', 'q.y -> a'],
      );
      expect(codes(spec)).toEqual([]);
    });

    it('is fine for a loop through a question, and through a faq step that asks first', () => {
      const answers = [{ id: 'x', title: 'X', phrases: ['x'], reply: 'X' }];
      expect(codes(loopOf({ a: step('ask', { prompt: 'Name?', variable: 'name' }) }, ['a.next -> a']))).toEqual([]);
      expect(codes(loopOf({ a: step('faq', { prompt: 'Ask', answers }) }, ['a.x -> a', 'a.noMatch -> a']))).toEqual([]);
      expect(codes(loopOf({ a: step('faq', { answers }), b: step('end', {}) }, ['a.x -> a', 'a.noMatch -> b']))).toEqual(['loop-without-wait']);
    });

    it("does not count the articles step's none outlet as a wait", () => {
      const waitingWays = loopOf({ a: step('message', { text: 'A' }), kb: step('articles', {}) }, ['a.next -> kb', 'kb.resolved -> a', 'kb.notResolved -> a', 'kb.none -> a']);
      expect(withCode(waitingWays, 'loop-without-wait').map((d) => d.nodeId).sort()).toEqual(['a', 'kb']);

      const end = { ...waitingWays, nodes: { ...waitingWays.nodes, bye: step('end', {}) } };
      end.edges = [...end.edges!.filter((e) => e !== 'kb.none -> a'), 'kb.none -> bye'];
      expect(codes(end)).toEqual([]);
    });
  });

  describe('unset-variable', () => {
    const reading = (text: string, more: Partial<FlowSpec> = {}): FlowSpec => ({
      nodes: { start: step('start', {}), say: step('message', { text }), bye: step('end', {}), ...more.nodes },
      edges: ['start.next -> say', 'say.next -> bye', ...(more.edges ?? [])],
      variables: more.variables ?? [],
    });

    it('warns on a variable read that nothing sets', () => {
      expect(withCode(reading('Hi {{nickname}}'), 'unset-variable')).toEqual([
        { severity: 'warning', code: 'unset-variable', nodeId: 'say', path: ['data'], message: 'Variable "nickname" is read here but no step sets it' },
      ]);
    });

    it('warns once per step even when the variable is read twice', () => {
      expect(withCode(reading('{{x}} and {{x}}'), 'unset-variable')).toHaveLength(1);
    });

    it('still warns for a variable declared without a default', () => {
      expect(withCode(reading('Hi {{nickname}}', { variables: [{ name: 'nickname' }] }), 'unset-variable')).toHaveLength(1);
    });

    it('counts a default value as set', () => {
      expect(withCode(reading('Hi {{nickname}}', { variables: [{ name: 'nickname', defaultValue: 'there' }] }), 'unset-variable')).toEqual([]);
    });

    it('counts built-in variables as set', () => {
      expect(withCode(reading('{{last_message}} {{conversation_id}} {{visitor_name}} {{visitor_email}} {{visitor_locale}} {{visitor_page}}'), 'unset-variable')).toEqual([]);
    });

    it.each<[string, NodeSpec]>([
      ['an ask step', step('ask', { prompt: 'Nickname?', variable: 'nickname' })],
      ['an options step', step('options', { text: 'Pick', variable: 'nickname', options: [{ id: 'a', label: 'A' }] })],
      ['a setVariable step', step('setVariable', { variable: 'nickname', value: 'pal' })],
      ['an apiCall mapping', step('apiCall', { url: 'https://x.test', mappings: [{ path: 'nick', variable: 'nickname' }] })],
    ])('counts a variable written by %s as set', (_name, writer) => {
      expect(withCode(reading('Hi {{nickname}}', { nodes: { writer } }), 'unset-variable')).toEqual([]);
    });

    it('checks what every kind reads: conditions and handoff fields too', () => {
      const spec = reading('ok', {
        nodes: {
          check: step('condition', { rules: [{ id: 'r', clauses: [{ variable: 'plan', op: 'isSet' }] }] }),
          agent: step('handoff', { subject: 'Help', fields: ['order_id'] }),
        },
      });
      expect(withCode(spec, 'unset-variable').map((d) => [d.nodeId, d.message])).toEqual([
        ['check', 'Variable "plan" is read here but no step sets it'],
        ['agent', 'Variable "order_id" is read here but no step sets it'],
      ]);
    });
  });

  it('too-many-steps', () => {
    const nodes: Record<string, NodeSpec> = { start: step('start', {}) };
    for (let i = 0; i < MAX_STEPS; i++) nodes[`m${i}`] = step('end', {});
    expect(withCode({ nodes }, 'too-many-steps')).toEqual([expect.objectContaining({ severity: 'error', path: ['nodes'] })]);

    delete nodes.m0;
    expect(withCode({ nodes }, 'too-many-steps')).toEqual([]);
  });
});

describe('large flows', () => {
  /** start -> m1 -> … -> m1998 -> end: 2,000 steps in one long path, optionally looping back. */
  function chain(loop: boolean): FlowSpec {
    const count = MAX_STEPS - 2;
    const nodes: Record<string, NodeSpec> = { start: step('start', {}) };
    const edges = ['start.next -> m1'];
    for (let i = 1; i <= count; i++) {
      nodes[`m${i}`] = step('message', { text: `Step ${i}` });
      if (i < count) edges.push(`m${i}.next -> m${i + 1}`);
    }
    nodes.bye = step('end', {});
    edges.push(loop ? `m${count}.next -> m1` : `m${count}.next -> bye`);
    return { nodes, edges };
  }

  it('validates a 2,000-step flow', () => {
    const spec = chain(false);
    expect(Object.keys(spec.nodes)).toHaveLength(MAX_STEPS);
    const { diagnostics, flow } = check(spec);
    expect(diagnostics).toEqual([]);
    expect(flow?.nodes).toHaveLength(MAX_STEPS);
  });

  it('finds a 1,998-step loop without a wait, and the engine stops it at the bound', () => {
    const { diagnostics, flow } = check(chain(true));
    expect(diagnostics.filter((d) => d.code === 'loop-without-wait')).toHaveLength(MAX_STEPS - 2);
    const turn = runTurnSync(compile(flow!), null, null, { now: NOW });
    expect(turn.settled).toBe('fault');
    expect(turn.steps).toBe(MAX_STEPS_PER_TURN + 1);
  });

  it('finds strongly connected components of a very deep graph without recursion', () => {
    const n = 50_000;
    const graph = new Map<string, string[]>();
    for (let i = 0; i < n; i++) graph.set(`n${i}`, [`n${(i + 1) % n}`]);
    const components = stronglyConnected(graph);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });

  it('separates components correctly', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['c']],
      ['e', ['e']],
      ['f', []],
    ]);
    const sorted = stronglyConnected(graph).map((c) => [...c].sort().join('')).sort();
    expect(sorted).toEqual(['ab', 'cd', 'e', 'f']);
  });
});
