import '../test/setup';
import './test/canvasStub';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '../i18n';
import { loadDocument } from '../store/flowStore';
import { AnalyticsPage } from './AnalyticsPage';
import { openAnalyticsFor, resetAnalytics } from './analyticsStore';
import { analyticsDoc } from './test/analyticsDoc';
import { canvasCalls } from './test/canvasStub';
import { BOT, emptyReport, fakeAnalyticsServer, report } from './test/fakeAnalyticsServer';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  resetAnalytics();
  setLanguage('en');
});

const TODAY = new Date('2026-12-02T15:00:00Z');

function open(server: ReturnType<typeof fakeAnalyticsServer>) {
  vi.useFakeTimers({ now: TODAY, toFake: ['Date'] });
  loadDocument(BOT, analyticsDoc());
  openAnalyticsFor(BOT);
  render(<AnalyticsPage botId={BOT} draft={{ save: async () => true, reload: async () => undefined }} onOpenCanvas={() => undefined} />);
  return server;
}

const reportCalls = (s: ReturnType<typeof fakeAnalyticsServer>) => s.calls.filter((c) => c.method === 'GET' && c.path.startsWith(`/api/bots/${BOT}/analytics?`)).map((c) => Object.fromEntries(new URL(c.path, 'http://x').searchParams));
const tile = (id: string) => within(screen.getByTestId(`analytics-tile-${id}`));

describe('the Analytics page', () => {
  it('shows every rate with the counts behind it and its definition, for the last 30 days of the latest version', async () => {
    const server = open(fakeAnalyticsServer());
    await screen.findByTestId('analytics-tile-automated');

    expect(reportCalls(server)).toEqual([{ from: '2026-11-03', to: '2026-12-02', version: '3' }]);
    expect(tile('started').getByText('1,240')).toBeTruthy();
    expect(tile('automated').getByText('50%')).toBeTruthy();
    expect(tile('automated').getByText('620 of 1,240')).toBeTruthy();
    expect(tile('automated').getByText('Ended by the bot without a handoff, and the customer did not come back within 72 hours.')).toBeTruthy();
    expect(tile('handoff').getByText('25%')).toBeTruthy();
    expect(tile('handoff').getByText('310 of 1,240')).toBeTruthy();
    expect(tile('abandonment').getByText('15%')).toBeTruthy();
    expect(tile('abandonment').getByText(/no reply for 30 minutes/)).toBeTruthy();
    expect(tile('faqAnswer').getByText('300 of 400')).toBeTruthy();
    expect(tile('faqAnswer').getByText(/suggestions \(40\) are counted apart/)).toBeTruthy();
    expect(tile('faqNoMatch').getByText('60 of 400')).toBeTruthy();
    expect(tile('articles').getByText('75%')).toBeTruthy();
    expect(tile('articles').getByText('45 of 60')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Article helpfulness' })).toBeTruthy();

    // The chart's text alternative: one row per day, every series.
    const table = screen.getByRole('table', { name: 'Conversations per day, as a table' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['640', '320', '160', '96']);
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Day', 'Started', 'Automated', 'Handoffs', 'Abandoned']);
    // uPlot drew its lines on the (stubbed) canvas.
    await waitFor(() => expect(canvasCalls).toContain('stroke'));
    expect(server.problems).toEqual([]);
  });

  it('asks again when the range or the version changes, and never sends a custom range that ends before it starts', async () => {
    const server = open(fakeAnalyticsServer());
    const user = userEvent.setup();
    await screen.findByTestId('analytics-tile-automated');

    await user.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => expect(reportCalls(server).at(-1)).toEqual({ from: '2026-11-26', to: '2026-12-02', version: '3' }));
    expect(screen.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Version' }), 'All versions');
    await waitFor(() => expect(reportCalls(server).at(-1)).toEqual({ from: '2026-11-26', to: '2026-12-02' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Version' }), 'Version 2');
    await waitFor(() => expect(reportCalls(server).at(-1)).toEqual({ from: '2026-11-26', to: '2026-12-02', version: '2' }));

    await user.click(screen.getByRole('button', { name: 'Last 90 days' }));
    await waitFor(() => expect(reportCalls(server).at(-1)).toEqual({ from: '2026-09-04', to: '2026-12-02', version: '2' }));

    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    const sent = reportCalls(server).length;
    await user.clear(from);
    await user.type(from, '2026-12-05');
    expect(screen.getByRole('alert').textContent).toBe('Choose a start day on or before the end day.');
    expect(reportCalls(server).slice(sent).every((q) => q.from! <= q.to!)).toBe(true);
    await user.clear(from);
    await user.type(from, '2026-11-20');
    await waitFor(() => expect(reportCalls(server).at(-1)).toEqual({ from: '2026-11-20', to: '2026-12-02', version: '2' }));
    expect(server.problems).toEqual([]);
  });

  it('says so when the range has no conversations', async () => {
    open(fakeAnalyticsServer({ report: emptyReport() }));
    expect((await screen.findByTestId('analytics-empty')).textContent).toContain('No conversations in this range.');
    expect(screen.queryByTestId('analytics-tile-automated')).toBeNull();
  });

  it('shows a failed report with a retry that loads it', async () => {
    const server = fakeAnalyticsServer();
    server.state.fail.report = [503, { error: { code: 'unavailable', message: 'The database is busy' } }];
    open(server);
    const alert = await screen.findByText(/Analytics could not be loaded: The database is busy/);
    await userEvent.setup().click(within(alert.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('analytics-tile-automated')).toBeTruthy();
    expect(reportCalls(server)).toHaveLength(2);
  });

  it('speaks Korean, with Korean number formatting', async () => {
    setLanguage('ko');
    open(fakeAnalyticsServer({ report: report({ totals: { ...report().totals, started: 12345 } }) }));
    await screen.findByTestId('analytics-tile-automated');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('분석');
    for (const name of ['대화 시작', '자동 해결률', '상담원 연결률', '이탈률', 'FAQ 응답률', '매칭 실패율', '도움말 문서 유용성']) expect(screen.getByRole('heading', { name })).toBeTruthy();
    expect(tile('started').getByText('12,345')).toBeTruthy();
    expect(tile('automated').getByText('12,345건 중 620건')).toBeTruthy();
    expect(tile('automated').getByText(/72시간/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '최근 7일' })).toBeTruthy();
    expect(screen.getByRole('table', { name: '일별 대화 (표)' })).toBeTruthy();
  });
});
