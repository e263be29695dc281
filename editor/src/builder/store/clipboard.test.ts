import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@parley/shared';
import { createClipboard, CLIPBOARD_KEY, PASTE_OFFSET, pastedCopy, type ClipboardContent } from './clipboard';
import { createEditHistory } from './editHistory';
import { createFlowState } from './flowState';
import { ID_PATTERN } from './ids';
import { createSelection } from './selection';
import { testDoc } from './testDoc';

const message = (id: string, x = 0, y = 0): FlowNode => ({ id, type: 'message', position: { x, y }, data: { text: id } });

const constant = <T,>(value: T) => () => value;

/** A Storage over a Map, so each test has its own clipboard. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

function setup(storage: () => Storage = constant(memoryStorage())) {
  const store = createFlowState();
  const history = createEditHistory(store);
  const selection = createSelection(store, history);
  const clipboard = createClipboard(store, history, selection, storage);
  store.setState({ botId: 'bot1', doc: testDoc() });
  history.reset();
  return { store, history, selection, clipboard };
}

describe('pastedCopy', () => {
  it('gives every step a fresh id and points the copied connections at the copies', () => {
    const content: ClipboardContent = {
      kind: 'parley/steps',
      nodes: [message('a', 10, 20), message('b', 10, 120)],
      edges: [{ id: 'ab', source: 'a', sourceHandle: 'next', target: 'b' }],
    };
    const { nodes, edges } = pastedCopy(content, testDoc(), 40);
    expect(nodes).toHaveLength(2);
    const [a, b] = nodes as [FlowNode, FlowNode];
    for (const n of nodes) {
      expect(n.id).toMatch(ID_PATTERN);
      expect(['a', 'b']).not.toContain(n.id);
    }
    expect(a.position).toEqual({ x: 50, y: 60 });
    expect(a.data).toEqual({ text: 'a' });
    expect(edges).toEqual([{ id: expect.stringMatching(/^e-/), source: a.id, sourceHandle: 'next', target: b.id }]);
  });

  it('drops connections to steps that were not copied, and a start when the flow has one', () => {
    const content: ClipboardContent = {
      kind: 'parley/steps',
      nodes: [{ id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} }, message('a')],
      edges: [
        { id: 'sa', source: 's', sourceHandle: 'next', target: 'a' },
        { id: 'ax', source: 'a', sourceHandle: 'next', target: 'elsewhere' },
      ],
    };
    const withStart = pastedCopy(content, testDoc(), 0);
    expect(withStart.nodes.map((n) => n.type)).toEqual(['message']);
    expect(withStart.edges).toEqual([]);

    const withoutStart = pastedCopy(content, testDoc({ nodes: [], edges: [] }), 0);
    expect(withoutStart.nodes.map((n) => n.type)).toEqual(['start', 'message']);
    expect(withoutStart.edges).toHaveLength(1);
  });
});

describe('clipboard', () => {
  it('offsets each paste of one copy further, and starts again from the next copy', () => {
    const { store, selection, clipboard } = setup();
    selection.setSelection(['hi']);
    clipboard.copySelection();
    const position = (ids: string[]) => store.getState().doc!.nodes.find((n) => n.id === ids[0])!.position;
    expect(position(clipboard.paste())).toEqual({ x: PASTE_OFFSET, y: 150 + PASTE_OFFSET });
    expect(position(clipboard.paste())).toEqual({ x: 2 * PASTE_OFFSET, y: 150 + 2 * PASTE_OFFSET });

    selection.setSelection(['hi']);
    clipboard.copySelection();
    expect(position(clipboard.paste())).toEqual({ x: PASTE_OFFSET, y: 150 + PASTE_OFFSET });
  });

  it('pastes as one undo step', () => {
    const { store, history, selection, clipboard } = setup();
    selection.setSelection(['hi', 'bye']);
    clipboard.copySelection();
    clipboard.paste();
    expect(store.getState().doc!.nodes).toHaveLength(5);
    history.undo();
    expect(store.getState().doc!.nodes).toHaveLength(3);
  });

  it('pastes nothing from an empty or foreign clipboard', () => {
    const storage = memoryStorage();
    const { store, clipboard } = setup(constant(storage));
    expect(clipboard.paste()).toEqual([]);
    storage.setItem(CLIPBOARD_KEY, '{"kind":"something/else","nodes":[],"edges":[]}');
    expect(clipboard.paste()).toEqual([]);
    storage.setItem(CLIPBOARD_KEY, 'not json');
    expect(clipboard.paste()).toEqual([]);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it('copies nothing when there is no selection or storage is blocked', () => {
    const { selection, clipboard } = setup();
    expect(clipboard.copySelection()).toBe(0);

    const blocked = setup(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    blocked.selection.setSelection(['hi']);
    expect(blocked.clipboard.copySelection()).toBe(0);
    expect(blocked.clipboard.paste()).toEqual([]);
    selection.setSelection(['hi']);
    expect(clipboard.copySelection()).toBe(1);
  });
});
