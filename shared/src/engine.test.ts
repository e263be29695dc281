import { describe, expect, it } from 'vitest';
import { runTurnSync, type PersistedState } from './engine';
import { compileSpec, NOW, said, step, type FlowSpec } from './testing/flows';

const greeter: FlowSpec = {
  nodes: {
    start: step('start', {}),
    name: step('ask', { prompt: 'Name?', variable: 'name' }),
    menu: step('options', { text: 'Hi {{name}}, pick one', options: [{ id: 'again', label: 'Again, {{name}}' }] }),
    done: step('end', { message: 'Bye {{name}}' }),
  },
  edges: ['start.next -> name', 'name.next -> menu', 'menu.again -> name', 'menu.text -> done'],
};

/** The runtime stores state as JSON and parses it back before the next turn. */
const stored = (s: PersistedState): PersistedState => JSON.parse(JSON.stringify(s)) as PersistedState;

describe('engine on a cached machine', () => {
  it('resumes conversations waiting at the same step each with its own variables, however they interleave', () => {
    const compiled = compileSpec(greeter);
    const start = runTurnSync(compiled, null, null, { now: NOW });
    const ada = stored(runTurnSync(compiled, stored(start.state), { type: 'TEXT', text: 'Ada' }, { now: NOW }).state);
    const bo = stored(runTurnSync(compiled, stored(start.state), { type: 'TEXT', text: 'Bo' }, { now: NOW }).state);
    expect(ada.value).toBe('menu');
    expect(bo.value).toBe('menu');
    for (let i = 0; i < 3; i++) {
      const a = runTurnSync(compiled, ada, { type: 'POSTBACK', payload: 'menu:again' }, { now: NOW });
      const b = runTurnSync(compiled, bo, { type: 'TEXT', text: 'bye' }, { now: NOW });
      expect(a.settled).toBe('wait');
      expect(said(a)).toEqual(['Name?']);
      expect(b.settled).toBe('end');
      expect(said(b)).toEqual(['Bye Bo']);
      expect(b.state.context.vars.name).toBe('Bo');
    }
    // A turn never changes the stored state it started from.
    expect(ada).toEqual(stored(ada));
    expect(ada.context.vars).toEqual({ name: 'Ada', last_message: 'Ada' });
  });

  it('gives the same outcome as a fresh compile of the same flow', () => {
    const cached = compileSpec(greeter);
    const start = stored(runTurnSync(cached, null, null, { now: NOW }).state);
    // Warm the cached machine, then compare with one that has never run a turn.
    runTurnSync(cached, start, { type: 'TEXT', text: 'Cy' }, { now: NOW });
    const warm = runTurnSync(cached, start, { type: 'TEXT', text: 'Di' }, { now: NOW });
    const cold = runTurnSync(compileSpec(greeter), start, { type: 'TEXT', text: 'Di' }, { now: NOW });
    expect(stored(warm.state)).toEqual(stored(cold.state));
    expect(warm.messages).toEqual(cold.messages);
    expect(said(warm)).toEqual(['Hi Di, pick one']);
  });
});
