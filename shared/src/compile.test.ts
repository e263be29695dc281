import { END_STATE } from './steps/end/end';
import { describe, expect, it } from 'vitest';
import { compile, FAULT_STATE } from './compile';
import { MAX_STEPS_PER_TURN, runTurnSync, type PersistedState } from './engine';
import type { BotEvent } from './machine';
import type { StepResult } from './steps';
import { chat, compileSpec, flowDoc, NOW, payloadOf, said, step, type FlowSpec } from './testing/flows';
import { validate } from './validate';

/** A flow touching most kinds: options, ask, condition, setVariable, apiCall, articles, handoff, end. */
const support: FlowSpec = {
  nodes: {
    start: step('start', {}),
    hello: step('message', { text: 'Hello {{visitor_name}}' }),
    menu: step('options', { text: 'How can I help?', options: [{ id: 'order', label: 'My order' }, { id: 'other', label: 'Something else' }] }),
    orderId: step('ask', { prompt: 'Order number?', variable: 'order_id', pattern: '^\\d+$', maxRetries: 1 }),
    big: step('condition', { rules: [{ id: 'vip', clauses: [{ variable: 'order_id', op: 'greater', value: '1000' }] }] }),
    tag: step('setVariable', { variable: 'tier', value: 'vip-{{order_id}}' }),
    lookup: step('apiCall', { url: 'https://x.test/{{order_id}}', mappings: [{ path: 'status', variable: 'status' }] }),
    status: step('end', { message: 'Order {{order_id}} ({{tier}}): {{status}}', askResolved: true }),
    kb: step('articles', {}),
    human: step('handoff', { subject: 'Help', fields: ['order_id'] }),
  },
  edges: [
    'start.next -> hello',
    'hello.next -> menu',
    'menu.order -> orderId',
    'menu.other -> kb',
    'menu.text -> kb',
    'orderId.next -> big',
    'orderId.invalid -> human',
    'big.vip -> tag',
    'big.else -> lookup',
    'tag.next -> lookup',
    'lookup.success -> status',
    'lookup.failure -> human',
    'kb.resolved -> status',
    'kb.notResolved -> human',
    'kb.none -> human',
  ],
  variables: [{ name: 'visitor_name', defaultValue: 'friend' }],
};

const effect = (req: { node: { type: string } }): StepResult =>
  req.node.type === 'apiCall' ? { outlet: 'success', vars: { status: 'shipped' } } : { outlet: 'none' };

function script(events: BotEvent[]) {
  const c = chat(compileSpec(support), { effect });
  return [c.start(), ...events.map((e) => c.send(e))];
}

describe('compile', () => {
  it('gives the same machine for the same flow', () => {
    const a = compileSpec(support);
    const b = compileSpec(support);
    expect(JSON.stringify(a.machine.config)).toBe(JSON.stringify(b.machine.config));
    expect(Object.keys(a.machine.config.states ?? {})).toEqual([...Object.keys(support.nodes), END_STATE, FAULT_STATE]);
  });

  it('gives machines that behave identically for the same events', () => {
    const events: BotEvent[] = [
      { type: 'POSTBACK', payload: 'menu:order' },
      { type: 'TEXT', text: 'A12' },
      { type: 'TEXT', text: '4242' },
      { type: 'POSTBACK', payload: 'status:yes' },
    ];
    const first = script(events);
    expect(first.map((t) => t.settled)).toEqual(['wait', 'wait', 'wait', 'wait', 'end']);
    expect(said(first[3]!)[0]).toBe('Order 4242 (vip-4242): shipped');
    expect(script(events)).toEqual(first);
  });

  it("starts with the variables' default values", () => {
    expect(said(script([])[0]!)[0]).toBe('Hello friend');
  });

  it('refuses a flow without a start step', () => {
    const { flow } = validate(flowDoc({ nodes: { hi: step('message', { text: 'Hi' }) } }));
    expect(() => compile(flow!)).toThrow('The flow has no start step');
  });

  it('sends an unconnected outlet to the fault state, keeping what was said on the way', () => {
    const spec: FlowSpec = { ...support, edges: support.edges!.filter((e) => e !== 'lookup.success -> status') };
    const c = chat(spec, { effect });
    c.start();
    c.postback('menu:order');
    const turn = c.text('12');
    expect(turn.settled).toBe('fault');
    expect(turn.fault).toBe('An outlet leads nowhere');
    expect(turn.nodeId).toBeNull();
    expect(turn.state.value).toBe(FAULT_STATE);
  });

  it('treats a connection to a missing step as unconnected', () => {
    const turn = chat({ nodes: { start: step('start', {}) }, edges: ['start.next -> ghost'] }).start();
    expect(turn.settled).toBe('fault');
  });

  it('follows the first connection of an outlet connected twice, the one validate accepts', () => {
    const spec: FlowSpec = {
      nodes: { start: step('start', {}), a: step('end', { message: 'A' }), b: step('end', { message: 'B' }) },
      edges: ['start.next -> a'],
    };
    const doc = flowDoc(spec);
    doc.edges.push({ id: 'second', source: 'start', sourceHandle: 'next', target: 'b' });
    expect(validate(doc).diagnostics).toContainEqual(expect.objectContaining({ code: 'outlet-used-twice', edgeId: 'second' }));
    expect(said(chat(compileSpec(doc)).start())).toEqual(['A']);
  });
});

describe('the per-turn bound', () => {
  const loop: FlowSpec = {
    nodes: { start: step('start', {}), ping: step('message', { text: 'ping' }), pong: step('message', { text: 'pong' }) },
    edges: ['start.next -> ping', 'ping.next -> pong', 'pong.next -> ping'],
  };

  it('stops a loop that never waits with a fault, one step past the bound', () => {
    const turn = chat(loop).start();
    expect(turn.settled).toBe('fault');
    expect(turn.steps).toBe(MAX_STEPS_PER_TURN + 1);
    expect(turn.fault).toBe(`No wait within ${MAX_STEPS_PER_TURN} steps`);
    expect(turn.messages).toHaveLength(MAX_STEPS_PER_TURN);
    expect(said(turn).slice(0, 3)).toEqual(['ping', 'pong', 'ping']);
  });

  it('stops a step that loops onto itself at once', () => {
    const turn = chat({ nodes: { start: step('start', {}), echo: step('message', { text: 'echo' }) }, edges: ['start.next -> echo', 'echo.next -> echo'] }).start();
    expect(turn.settled).toBe('fault');
    expect(turn.steps).toBeLessThan(MAX_STEPS_PER_TURN);
  });

  it('counts afresh each turn, so a loop through a question runs for ever', () => {
    const c = chat({
      nodes: {
        start: step('start', {}),
        ask: step('options', { text: 'Again?', options: [{ id: 'yes', label: 'Yes' }] }),
        ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`m${i}`, step('message', { text: `m${i}` })])),
      },
      edges: ['start.next -> ask', 'ask.yes -> m0', ...Array.from({ length: 149 }, (_, i) => `m${i}.next -> m${i + 1}`), 'm149.next -> ask'],
    });
    let turn = c.start();
    for (let i = 0; i < 3; i++) {
      turn = c.postback(payloadOf(turn, 'Yes'));
      expect(turn.settled).toBe('wait');
      expect(turn.steps).toBe(150);
    }
  });
});

describe('resuming a conversation', () => {
  const persisted = (state: PersistedState): PersistedState => JSON.parse(JSON.stringify(state)) as PersistedState;

  it('continues at the same step from a JSON round-trip of the state, with a freshly compiled machine', () => {
    const before = runTurnSync(compileSpec(support), null, null, { now: NOW });
    expect(before.nodeId).toBe('menu');
    const state = persisted(before.state);

    const after = runTurnSync(compileSpec(support), state, { type: 'POSTBACK', payload: 'menu:order' }, { now: NOW });
    expect(said(after)).toEqual(['Order number?']);
    expect(after.nodeId).toBe('orderId');
  });

  it('keeps the variables and the retry count', () => {
    const compiled = compileSpec(support);
    let state = persisted(runTurnSync(compiled, null, null, { now: NOW }).state);
    state = persisted(runTurnSync(compiled, state, { type: 'POSTBACK', payload: 'menu:order' }, { now: NOW }).state);
    state = persisted(runTurnSync(compiled, state, { type: 'TEXT', text: 'not a number' }, { now: NOW }).state);
    expect(state.context).toEqual({ vars: { visitor_name: 'friend', last_message: 'not a number' }, retries: 1 });

    // One retry was allowed and is used up, so the next bad answer hands off.
    const turn = runTurnSync(compiled, state, { type: 'TEXT', text: 'still not' }, { now: NOW });
    expect(turn.settled).toBe('handoff');
  });

  it('resumes inside a step that has states of its own', () => {
    const compiled = compileSpec(support);
    const found = (): StepResult => ({ outlet: 'found', say: [{ type: 'text', text: 'An article' }] });
    let state = persisted(runTurnSync(compiled, null, null, { now: NOW }).state);
    const shown = runTurnSync(compiled, state, { type: 'TEXT', text: 'login broken' }, { now: NOW }, found);
    expect(shown.state.value).toEqual({ kb: 'feedback' });
    state = persisted(shown.state);

    const turn = runTurnSync(compiled, state, { type: 'POSTBACK', payload: payloadOf(shown, 'No') }, { now: NOW });
    expect(turn.settled).toBe('handoff');
  });

  it('says nothing again when resumed without an event', () => {
    const compiled = compileSpec(support);
    const state = persisted(runTurnSync(compiled, null, null, { now: NOW }).state);
    const turn = runTurnSync(compiled, state, null, { now: NOW });
    expect(turn.messages).toEqual([]);
    expect(turn.nodeId).toBe('menu');
    expect(turn.settled).toBe('wait');
  });

  it('keeps its own end and fault states apart from steps whose ids look like them', () => {
    const talk = chat({
      nodes: { start: step('start', {}), __end: step('message', { text: 'not the end' }), __fault: step('end', { message: 'bye' }) },
      edges: ['start.next -> __end', '__end.next -> __fault'],
    });
    const turn = talk.start();
    expect(said(turn)).toEqual(['not the end', 'bye']);
    expect(turn.settled).toBe('end');
  });
});
