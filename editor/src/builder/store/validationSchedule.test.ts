import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateFlow } from '../../../../shared/src/testing/generateFlow';
import { createFlowStore } from './flowStore';
import { testDoc } from './testDoc';
import { LARGE_FLOW_DELAY_MS, VALIDATION_DELAY_MS } from './validationSchedule';

/** A fresh store that counts how many times diagnostics were published. */
function setup() {
  const store = createFlowStore();
  let runs = 0;
  store.useFlowStore.subscribe((s, prev) => {
    // Loading and resetting replace the diagnostics together with the document; a check changes only them.
    if (s.diagnostics !== prev.diagnostics && s.doc === prev.doc) runs++;
  });
  return { store, runs: () => runs };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('validation scheduling', () => {
  it('checks a loaded flow once, after the load has returned', () => {
    const { store, runs } = setup();
    store.loadDocument('bot1', testDoc({ nodes: [...testDoc().nodes, { id: 'lost', type: 'message', position: { x: 0, y: 0 }, data: { text: 'x' } }] }));
    expect(runs()).toBe(0);
    vi.advanceTimersToNextFrame();
    vi.runAllTimers();
    expect(runs()).toBe(1);
    expect(store.useFlowStore.getState().diagnostics.some((d) => d.nodeId === 'lost')).toBe(true);
  });

  it('waits for a pause in editing, then checks once', () => {
    const { store, runs } = setup();
    store.loadDocument('bot1', testDoc());
    vi.runAllTimers();
    const before = runs();
    for (const text of ['H', 'He', 'Hel', 'Hell']) {
      store.updateNodeData('hi', { text }, 'text');
      vi.advanceTimersByTime(VALIDATION_DELAY_MS - 1);
    }
    expect(runs()).toBe(before);
    vi.advanceTimersByTime(1);
    expect(runs()).toBe(before + 1);
  });

  it('waits longer on a large flow', () => {
    const { store, runs } = setup();
    store.loadDocument('big', generateFlow(400, 'big'));
    vi.runAllTimers();
    const before = runs();
    store.renameVariable('email', 'contact');
    vi.advanceTimersByTime(VALIDATION_DELAY_MS);
    expect(runs()).toBe(before);
    vi.advanceTimersByTime(LARGE_FLOW_DELAY_MS - VALIDATION_DELAY_MS);
    expect(runs()).toBe(before + 1);
  });

  it('does not check again when only positions changed', () => {
    const { store, runs } = setup();
    store.loadDocument('bot1', testDoc());
    vi.runAllTimers();
    const before = runs();
    store.applyNodeChanges([{ type: 'position', id: 'hi', position: { x: 5, y: 5 }, dragging: true }]);
    store.applyNodeChanges([{ type: 'position', id: 'hi', position: { x: 9, y: 9 }, dragging: false }]);
    vi.runAllTimers();
    expect(runs()).toBe(before);
  });

  it('drops a pending check when the store is reset', () => {
    const { store, runs } = setup();
    store.loadDocument('bot1', testDoc());
    store.resetStore();
    vi.runAllTimers();
    expect(runs()).toBe(0);
  });
});
