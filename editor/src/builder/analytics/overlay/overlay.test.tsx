import '../../test/setup';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactFlowProvider } from '@xyflow/react';
import { useStore } from 'zustand';
import { setLanguage } from '../../i18n';
import { Canvas } from '../../canvas/Canvas';
import { loadDocument, updateNodeData, useFlowStore } from '../../store/flowStore';
import { AnalyticsToggle } from './AnalyticsToggle';
import { PathBanner } from './PathBanner';
import { edgeWidth } from './overlayEdges';
import { openAnalyticsFor, resetAnalytics, showPath, useAnalyticsStore } from '../analyticsStore';
import { analyticsDoc } from '../test/analyticsDoc';
import { BOT, fakeAnalyticsServer, report } from '../test/fakeAnalyticsServer';

beforeAll(() => {
  // React Flow measures its pane and nodes; jsdom has no layout, so it gets a fixed pane and no resize events.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  // Edge labels (the traffic count) are measured to draw their background.
  (SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox ??= () => ({ x: 0, y: 0, width: 24, height: 12 }) as DOMRect;
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  resetAnalytics();
  setLanguage('en');
});

/** Figures that add up (visits = outlets + drop-off + waiting): 1,000 started; 600 asked shipping, 250 refunds, 150 matched nothing and went to the second FAQ. */
const steps = {
  n_start: { visits: 1000, dropOff: 0, waiting: 0, outlets: { next: 1000 } },
  n_faq1: { visits: 1000, dropOff: 0, waiting: 0, outlets: { a_ship: 600, a_refund: 250, noMatch: 150 } },
  n_faq2: { visits: 150, dropOff: 30, waiting: 0, outlets: { a_login: 120 } },
  n_end: { visits: 970, dropOff: 970, waiting: 0, outlets: {} },
};

function Harness() {
  const canUndo = useStore(useFlowStore.temporal, (s) => s.pastStates.length);
  return (
    <ReactFlowProvider>
      <div role="toolbar" aria-label="Canvas tools">
        <AnalyticsToggle botId={BOT} />
      </div>
      <span data-testid="undo-depth">{canUndo}</span>
      <div style={{ width: 1200, height: 800, position: 'relative' }}>
        <PathBanner />
        <Canvas />
      </div>
    </ReactFlowProvider>
  );
}

function open(server = fakeAnalyticsServer({ report: report({ steps }) })) {
  vi.useFakeTimers({ now: new Date('2026-12-02T15:00:00Z'), toFake: ['Date'] });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  loadDocument(BOT, analyticsDoc());
  openAnalyticsFor(BOT);
  render(<Harness />);
  return server;
}

const edgePath = (id: string) => document.querySelector(`[data-id="${id}"] .react-flow__edge-path`) as SVGPathElement | null;

describe('the canvas analytics overlay', () => {
  it('scales edges from 1 to 8 px by share of the busiest', () => {
    expect(edgeWidth(1000, 1000)).toBe(8);
    expect(edgeWidth(500, 1000)).toBe(4.5);
    expect(edgeWidth(0, 1000)).toBe(1);
    expect(edgeWidth(0, 0)).toBe(1);
  });

  it('shows visits and drop-off on every step and thickens edges by traffic, for the published version over 30 days', async () => {
    const server = open();
    const user = userEvent.setup();
    const toggle = screen.getByRole('button', { name: 'Analytics' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByTestId('step-stats-n_faq2')).toBeNull();
    await waitFor(() => expect(edgePath('e_ship')).not.toBeNull());

    // Keyboard: focus and Enter.
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const faq2 = await screen.findByTestId('step-stats-n_faq2');
    expect(within(faq2).getByRole('note').getAttribute('aria-label')).toBe('Visits: 150. Drop-off: 30 (20%).');
    expect(faq2.textContent).toContain('150 visits');
    expect(screen.getByTestId('step-stats-n_end').textContent).toContain('970 left (100%)');
    expect(within(screen.getByTestId('step-stats-n_faq1')).getByRole('note').getAttribute('aria-label')).toBe('Visits: 1,000. Drop-off: 0 (0%).');

    expect(server.calls.filter((c) => c.path.startsWith(`/api/bots/${BOT}/analytics?`)).map((c) => c.path)).toEqual([`/api/bots/${BOT}/analytics?from=2026-11-03&to=2026-12-02&version=3`]);
    await waitFor(() => expect(edgePath('e_start')?.style.strokeWidth).toBe('8'));
    expect(edgePath('e_ship')?.style.strokeWidth).toBe('5.2');
    expect(edgePath('e_refund')?.style.strokeWidth).toBe('2.8');
    expect(edgePath('e_nomatch')?.style.strokeWidth).toBe('2.1');
    expect(edgePath('e_login')?.style.strokeWidth).toBe('1.8');
    expect(server.problems).toEqual([]);

    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByTestId('step-stats-n_faq2')).toBeNull();
    await waitFor(() => expect(edgePath('e_start')?.style.strokeWidth ?? '').toBe(''));
  });

  it('never changes the document or its undo history', async () => {
    open();
    const user = userEvent.setup();
    act(() => updateNodeData('n_end', { message: 'Goodbye' }));
    const doc = useFlowStore.getState().doc;
    const depth = useFlowStore.temporal.getState().pastStates.length;
    expect(depth).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Analytics' }));
    await screen.findByTestId('step-stats-n_faq2');
    act(() => showPath('conv_1', [{ nodeId: 'n_start', outlet: 'next', at: '2026-12-01T10:00:00.000Z' }, { nodeId: 'n_faq1', outlet: 'noMatch', at: '2026-12-01T10:00:01.000Z' }, { nodeId: 'n_faq2', outlet: null, at: '2026-12-01T10:00:02.000Z' }]));
    await user.click(screen.getByRole('button', { name: 'Analytics' }));

    expect(useFlowStore.getState().doc).toBe(doc);
    expect(useFlowStore.temporal.getState().pastStates.length).toBe(depth);
    expect(useFlowStore.temporal.getState().futureStates).toHaveLength(0);
    expect(screen.getByTestId('undo-depth').textContent).toBe('1');
  });

  it('draws one conversation’s path: its steps numbered in order and its edges highlighted', async () => {
    open();
    await waitFor(() => expect(edgePath('e_nomatch')).not.toBeNull());
    act(() =>
      showPath('conv_7', [
        { nodeId: 'n_start', outlet: 'next', at: '2026-12-01T10:00:00.000Z' },
        { nodeId: 'n_faq1', outlet: 'noMatch', at: '2026-12-01T10:00:01.000Z' },
        { nodeId: 'n_faq2', outlet: 'a_login', at: '2026-12-01T10:00:02.000Z' },
        { nodeId: 'n_end', outlet: null, at: '2026-12-01T10:00:03.000Z' },
      ]),
    );
    expect(within(await screen.findByTestId('step-stats-n_faq2')).getByRole('note').getAttribute('aria-label')).toBe('Step 3 of the conversation’s path');
    expect(screen.getByTestId('step-stats-n_end').textContent).toBe('#4');
    await waitFor(() => expect(document.querySelector('[data-id="e_nomatch"]')?.classList.contains('is-on-path')).toBe(true));
    expect(document.querySelector('[data-id="e_ship"]')?.classList.contains('is-on-path')).toBe(false);
    expect(screen.getByTestId('analytics-path-banner').textContent).toContain('Path of conversation conv_7: 4 steps');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Hide path' }));
    expect(useAnalyticsStore.getState().path).toBeNull();
    expect(screen.queryByTestId('step-stats-n_end')).toBeNull();
  });

  it('shows a failed report on the toolbar with a retry, in Korean', async () => {
    setLanguage('ko');
    const server = open();
    server.state.fail.report = [500, { error: { code: 'internal', message: 'boom' } }];
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '분석' }));
    expect((await screen.findByRole('alert')).textContent).toContain('지표를 불러오지 못했습니다: boom');
    await user.click(screen.getByRole('button', { name: '다시 시도' }));
    expect(within(await screen.findByTestId('step-stats-n_faq2')).getByRole('note').getAttribute('aria-label')).toBe('방문 150회. 이탈 30건 (20%).');
  });
});
