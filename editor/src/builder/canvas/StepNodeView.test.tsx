import '../test/setup';
import { describe, expect, it, vi } from 'vitest';
import { Profiler } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { FlowSettings, SCHEMA_VERSION } from '@parley/shared';
import { connect, loadDocument, setPreviewNode, updateNodeData, useFlowStore } from '../store/flowStore';
import { StepNodeView } from './StepNodeView';

function setup() {
  loadDocument('bot', {
    schemaVersion: SCHEMA_VERSION,
    id: 'bot',
    name: 'Renders',
    locale: 'en',
    variables: [],
    nodes: ['a', 'b', 'c'].map((id, i) => ({ id, type: 'message' as const, position: { x: 0, y: i * 150 }, data: { text: `Text ${id}` } })),
    edges: [],
    settings: FlowSettings.parse({}),
  });
  const renders: Record<string, number> = { a: 0, b: 0, c: 0 };
  // Handles outside a rendered React Flow report a missing node id; that is beside the point here.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  render(
    <ReactFlowProvider>
      {['a', 'b', 'c'].map((id) => (
        <Profiler key={id} id={id} onRender={() => (renders[id] = (renders[id] ?? 0) + 1)}>
          <StepNodeView id={id} kind="message" selected={false} />
        </Profiler>
      ))}
    </ReactFlowProvider>,
  );
  const reset = () => Object.keys(renders).forEach((k) => (renders[k] = 0));
  return { renders, reset };
}

describe('step nodes on the canvas', () => {
  it('re-render only the step that changed, including when its diagnostics change', async () => {
    const { renders, reset } = setup();
    expect(await screen.findAllByText(/Outlet "Next" goes nowhere/)).toHaveLength(3);
    reset();

    const before = useFlowStore.getState().diagnostics;
    act(() => updateNodeData('b', { text: '' }));
    await waitFor(() => expect(useFlowStore.getState().diagnostics).not.toBe(before));
    expect(screen.getByText('(empty)')).toBeTruthy();
    expect(renders.a).toBe(0);
    expect(renders.c).toBe(0);
    expect(renders.b).toBeGreaterThan(0);

    reset();
    act(() => connect({ source: 'a', sourceHandle: 'next', target: 'c', targetHandle: null }));
    await waitFor(() => expect(screen.getAllByText(/Outlet "Next" goes nowhere/)).toHaveLength(2));
    expect(renders.b).toBe(0);
    expect(renders.a).toBeGreaterThan(0);

    reset();
    act(() => setPreviewNode('c'));
    expect(screen.getByText('Preview is here')).toBeTruthy();
    expect(renders.a! + renders.b!).toBe(0);
  });

  it('shows the kind, a one-line summary and one labelled handle per outlet', () => {
    setup();
    const node = screen.getByTestId('step-a');
    expect(node.textContent).toContain('Message');
    expect(node.textContent).toContain('Text a');
    expect(screen.getAllByLabelText('Outlet Next')).toHaveLength(3);
    expect(screen.getAllByLabelText('Input of Message')).toHaveLength(3);
  });

  it('keeps the outlets of the last valid settings while the settings are invalid', () => {
    loadDocument('bot', {
      schemaVersion: SCHEMA_VERSION,
      id: 'bot',
      name: 'Outlets',
      locale: 'en',
      variables: [],
      nodes: [{ id: 'o', type: 'options', position: { x: 0, y: 0 }, data: { text: 'Pick', options: [{ id: 'x', label: 'X', action: 'postback' }] } }],
      edges: [],
      settings: FlowSettings.parse({}),
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    render(
      <ReactFlowProvider>
        <StepNodeView id="o" kind="options" selected={false} />
      </ReactFlowProvider>,
    );
    expect(screen.getByLabelText('Outlet X')).toBeTruthy();
    act(() => updateNodeData('o', { text: 'Pick', options: 'not a list' }));
    expect(screen.getByLabelText('Outlet X')).toBeTruthy();
  });
});
