import { describe, expect, it } from 'vitest';
import { COALESCE_MS, createEditHistory } from './editHistory';
import { createFlowState } from './flowState';
import { createFlowStore } from './flowStore';
import { testDoc } from './testDoc';

function setup() {
  let now = 0;
  const store = createFlowState();
  const history = createEditHistory(store, () => now);
  store.setState({ doc: testDoc() });
  history.reset();
  const edit = (text: string, key: string | null = 'text') => history.recordCoalesced({ ...store.getState().doc!, name: text }, key ?? undefined);
  return { store, history, edit, tick: (ms: number) => (now += ms), steps: () => store.temporal.getState().pastStates.length };
}

describe('edit history', () => {
  it('merges keystrokes in one field until a pause, another field or a break', () => {
    const { history, edit, tick, steps } = setup();
    edit('a');
    tick(COALESCE_MS - 1);
    edit('ab');
    expect(steps()).toBe(1);
    tick(COALESCE_MS);
    edit('abc');
    expect(steps()).toBe(2);
    edit('x', 'other');
    expect(steps()).toBe(3);
    history.breakCoalescing();
    edit('xy', 'other');
    expect(steps()).toBe(4);
    edit('xyz', null);
    edit('xyzw', null);
    expect(steps()).toBe(6);
  });

  it('records a drag from where it started, once, however it ends', () => {
    const { store, history, steps } = setup();
    const start = store.getState().doc!;
    const at = (y: number) => ({ ...start, nodes: start.nodes.map((n) => (n.id === 'hi' ? { ...n, position: { x: 0, y } } : n)) });
    history.recordMove(start, at(1), true);
    history.recordMove(at(1), at(2), true);
    expect(steps()).toBe(0);
    history.endDrag();
    expect(steps()).toBe(1);
    history.undo();
    expect(store.getState().doc).toBe(start);
    // A drag that moved nothing records nothing.
    history.recordMove(start, start, true);
    history.endDrag();
    expect(steps()).toBe(0);
  });

  it('starts a new run of keystrokes when another document is loaded', () => {
    const store = createFlowStore();
    store.loadDocument('bot1', testDoc());
    store.updateNodeData('hi', { text: 'Hi there' }, 'text');
    store.loadDocument('bot1', testDoc());
    store.updateNodeData('hi', { text: 'Hi again' }, 'text');
    expect(store.useFlowStore.temporal.getState().pastStates).toHaveLength(1);
    store.undo();
    expect(store.useFlowStore.getState().doc!.nodes.find((n) => n.id === 'hi')!.data).toEqual({ text: 'Hi' });
  });
});
