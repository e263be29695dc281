import '../test/setup';
import { describe, expect, it } from 'vitest';
import { validate } from '@parley/shared';
import {
  addStepAfter,
  applyNodeChanges,
  connect,
  copySelection,
  deleteElements,
  loadDocument,
  nodeById,
  paste,
  redo,
  renameVariable,
  setSelection,
  undo,
  updateNodeData,
  useFlowStore,
} from './flowStore';
import { ID_PATTERN } from './ids';
import { testDoc } from './testDoc';
import { generateFlow } from '../../../../shared/src/testing/generateFlow';

const doc = testDoc;

const state = () => useFlowStore.getState();
const history = () => useFlowStore.temporal.getState();
const node = (id: string) => nodeById(state().doc, id)!;

describe('undo and redo', () => {
  it('records a drag as one step, from where it started, when it stops', () => {
    loadDocument('bot1', doc());
    for (const y of [160, 190, 240]) applyNodeChanges([{ type: 'position', id: 'hi', position: { x: 10, y }, dragging: true }]);
    expect(node('hi').position).toEqual({ x: 10, y: 240 });
    // Nothing is recorded while the drag is under way.
    expect(history().pastStates).toHaveLength(0);
    applyNodeChanges([{ type: 'position', id: 'hi', position: { x: 20, y: 250 }, dragging: false }]);
    expect(history().pastStates).toHaveLength(1);

    undo();
    expect(node('hi').position).toEqual({ x: 0, y: 150 });
    redo();
    expect(node('hi').position).toEqual({ x: 20, y: 250 });
  });

  it('does not record selection or measured sizes', () => {
    loadDocument('bot1', doc());
    applyNodeChanges([
      { type: 'select', id: 'hi', selected: true },
      { type: 'dimensions', id: 'hi', dimensions: { width: 260, height: 90 } },
    ]);
    expect(state().selectedNodes.has('hi')).toBe(true);
    expect(history().pastStates).toHaveLength(0);
  });

  it('undoes and redoes a setting change, merging keystrokes in one field into one step', () => {
    loadDocument('bot1', doc());
    updateNodeData('hi', { text: 'Hi t' }, 'text');
    updateNodeData('hi', { text: 'Hi th' }, 'text');
    updateNodeData('hi', { text: 'Hi there' }, 'text');
    expect(history().pastStates).toHaveLength(1);
    updateNodeData('bye', { message: 'See you' }, 'message');
    expect(history().pastStates).toHaveLength(2);

    undo();
    expect(node('bye').data.message).toBe('Bye');
    expect(node('hi').data.text).toBe('Hi there');
    undo();
    expect(node('hi').data.text).toBe('Hi');
    redo();
    expect(node('hi').data.text).toBe('Hi there');
  });

  it('undoes and redoes a connection, and a new connection from an outlet replaces the old one', () => {
    loadDocument('bot1', doc());
    connect({ source: 'hi', sourceHandle: 'next', target: 'bye', targetHandle: null });
    expect(state().doc!.edges.filter((e) => e.source === 'hi')).toMatchObject([{ sourceHandle: 'next', target: 'bye' }]);

    connect({ source: 'start', sourceHandle: 'next', target: 'bye', targetHandle: null });
    const fromStart = state().doc!.edges.filter((e) => e.source === 'start');
    expect(fromStart).toHaveLength(1);
    expect(fromStart[0]!.target).toBe('bye');

    undo();
    expect(state().doc!.edges.find((e) => e.source === 'start')!.target).toBe('hi');
    undo();
    expect(state().doc!.edges.some((e) => e.source === 'hi')).toBe(false);
    redo();
    expect(state().doc!.edges.find((e) => e.source === 'hi')!.target).toBe('bye');
  });

  it('never connects into the start step', () => {
    loadDocument('bot1', doc());
    connect({ source: 'hi', sourceHandle: 'next', target: 'start', targetHandle: null });
    expect(state().doc!.edges.some((e) => e.target === 'start')).toBe(false);
  });

  it('restores a deleted step together with its connections in one undo', () => {
    loadDocument('bot1', doc());
    deleteElements(['hi'], []);
    expect(state().doc!.nodes.some((n) => n.id === 'hi')).toBe(false);
    expect(state().doc!.edges).toHaveLength(0);
    undo();
    expect(node('hi')).toBeDefined();
    expect(state().doc!.edges).toHaveLength(1);
  });

  it('adds a step after the selected one on its first free outlet', () => {
    loadDocument('bot1', doc());
    const id = addStepAfter('message', 'hi')!;
    expect(id).toMatch(ID_PATTERN);
    expect(state().doc!.edges).toContainEqual(expect.objectContaining({ source: 'hi', sourceHandle: 'next', target: id }));
    expect(node(id).position.y).toBeGreaterThan(node('hi').position.y);
    expect([...state().selectedNodes]).toEqual([id]);
    undo();
    expect(nodeById(state().doc, id)).toBeUndefined();
    // Selection is view state: redo brings the step back still selected, ready for Delete or its settings.
    redo();
    expect(nodeById(state().doc, id)).toBeDefined();
    expect([...state().selectedNodes]).toEqual([id]);
  });
});

describe('copy and paste', () => {
  it('pastes copies with new ids, keeps the connections among them, and works in another bot', () => {
    loadDocument('bot1', doc());
    setSelection(['start', 'hi']);
    expect(copySelection()).toBe(2);

    loadDocument('bot2', doc({ id: 'bot2', nodes: [{ id: 'x', type: 'message', position: { x: 0, y: 0 }, data: { text: 'X' } }], edges: [] }));
    const ids = paste();
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(id).toMatch(ID_PATTERN);
      expect(['start', 'hi', 'x']).not.toContain(id);
    }
    const pasted = state().doc!.nodes.filter((n) => ids.includes(n.id));
    expect(pasted.map((n) => n.type).sort()).toEqual(['message', 'start']);
    const pastedMessage = pasted.find((n) => n.type === 'message')!;
    expect(pastedMessage.data).toEqual({ text: 'Hi' });
    expect(pastedMessage.position).toEqual({ x: 40, y: 190 });
    const edge = state().doc!.edges.find((e) => ids.includes(e.source))!;
    expect(edge).toMatchObject({ sourceHandle: 'next', target: pastedMessage.id });
    expect(edge.id).not.toBe('e1');
    expect([...state().selectedNodes].sort()).toEqual([...ids].sort());

    // Pasting again gives yet other ids, offset further.
    const again = paste();
    expect(again.some((id) => ids.includes(id))).toBe(false);
    undo();
    expect(state().doc!.nodes).toHaveLength(3);
  });

  it('does not paste a second start step', () => {
    loadDocument('bot1', doc());
    setSelection(['start', 'hi']);
    copySelection();
    const ids = paste();
    expect(ids).toHaveLength(1);
    expect(state().doc!.nodes.filter((n) => n.type === 'start')).toHaveLength(1);
  });
});

describe('renaming a variable', () => {
  it('updates every template, clause, mapping, field and declaration that names it', () => {
    loadDocument(
      'bot1',
      doc({
        variables: [{ name: 'email', description: 'Where we reply' }],
        nodes: [
          { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
          { id: 'ask', type: 'ask', position: { x: 0, y: 0 }, data: { prompt: 'Email?', inputType: 'email', variable: 'email' } },
          { id: 'msg', type: 'message', position: { x: 0, y: 0 }, data: { text: 'We reply to {{email}} and {{ email }}, not {{emails}}' } },
          { id: 'cond', type: 'condition', position: { x: 0, y: 0 }, data: { rules: [{ id: 'r1', label: '', join: 'and', clauses: [{ variable: 'email', op: 'isSet', value: '' }] }] } },
          { id: 'api', type: 'apiCall', position: { x: 0, y: 0 }, data: { method: 'GET', url: 'https://x.test/?e={{email}}', mappings: [{ path: 'email', variable: 'email' }] } },
          { id: 'set', type: 'setVariable', position: { x: 0, y: 0 }, data: { variable: 'email', value: '{{email}}' } },
          { id: 'ho', type: 'handoff', position: { x: 0, y: 0 }, data: { subject: 'Help {{email}}', fields: ['email', 'name'] } },
          { id: 'other', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Unrelated' } },
        ],
        edges: [],
      }),
    );
    const untouched = node('other');
    renameVariable('email', 'contact_email');
    expect(state().doc!.variables).toEqual([{ name: 'contact_email', description: 'Where we reply' }]);
    expect(node('ask').data.variable).toBe('contact_email');
    expect(node('msg').data.text).toBe('We reply to {{contact_email}} and {{contact_email}}, not {{emails}}');
    expect((node('cond').data.rules as { clauses: { variable: string }[] }[])[0]!.clauses[0]!.variable).toBe('contact_email');
    expect(node('api').data).toMatchObject({ url: 'https://x.test/?e={{contact_email}}', mappings: [{ path: 'email', variable: 'contact_email' }] });
    expect(node('set').data).toEqual({ variable: 'contact_email', value: '{{contact_email}}' });
    expect(node('ho').data).toMatchObject({ subject: 'Help {{contact_email}}', fields: ['contact_email', 'name'] });
    // Steps that do not mention it keep their identity, so their nodes do not re-render.
    expect(node('other')).toBe(untouched);
    const unset = validate(state().doc!).diagnostics.filter((d) => d.code === 'unset-variable').map((d) => d.message);
    expect(unset.some((m) => m.includes('"email"') || m.includes('contact_email'))).toBe(false);
    undo();
    expect(node('ask').data.variable).toBe('email');
  });
});

describe('generateFlow', () => {
  it('builds a valid flow of exactly the size asked for', () => {
    const flow = generateFlow(2000);
    expect(flow.nodes).toHaveLength(2000);
    expect(new Set(flow.nodes.map((n) => n.id)).size).toBe(2000);
    expect(validate(flow).diagnostics).toEqual([]);
  });
});
