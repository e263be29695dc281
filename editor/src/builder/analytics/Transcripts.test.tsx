import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Message } from '@parley/shared';
import { setLanguage } from '../i18n';
import { loadDocument, useFlowStore } from '../store/flowStore';
import { Transcripts } from './Transcripts';
import { resetAnalytics, useAnalyticsStore } from './analyticsStore';
import { analyticsDoc } from './test/analyticsDoc';
import { BOT, fakeAnalyticsServer, summary } from './test/fakeAnalyticsServer';

afterEach(() => {
  vi.unstubAllGlobals();
  resetAnalytics();
  setLanguage('en');
});

const RANGE = { from: '2026-11-03', to: '2026-12-02' };
const many = Array.from({ length: 60 }, (_, i) => summary(`conv_${String(i).padStart(2, '0')}`, { outcome: i % 3 === 0 ? 'handoff' : 'resolved', channel: i % 2 === 0 ? 'web' : 'telegram', lastNodeId: 'n_faq1' }));
const messages: Message[] = [
  { seq: 1, author: 'bot', payload: { type: 'text', text: 'What can I help with?' }, nodeId: 'n_faq1', createdAt: '2026-12-01T10:00:00.000Z' },
  { seq: 2, author: 'customer', payload: { type: 'customer', text: 'where is my parcel' }, nodeId: null, createdAt: '2026-12-01T10:00:05.000Z' },
];
const path = [
  { nodeId: 'n_start', outlet: 'next', at: '2026-12-01T10:00:00.000Z' },
  { nodeId: 'n_faq1', outlet: 'a_ship', at: '2026-12-01T10:00:05.000Z' },
  { nodeId: 'n_end', outlet: null, at: '2026-12-01T10:00:06.000Z' },
];

function open(server = fakeAnalyticsServer({ conversations: many, paths: { conv_00: path }, messages: { conv_00: messages } })) {
  loadDocument(BOT, analyticsDoc());
  const onShowPath = vi.fn();
  render(<Transcripts botId={BOT} range={RANGE} onShowPath={onShowPath} />);
  return { server, onShowPath };
}

const listCalls = (s: ReturnType<typeof fakeAnalyticsServer>) =>
  s.calls.filter((c) => c.path.startsWith(`/api/bots/${BOT}/analytics/conversations?`)).map((c) => Object.fromEntries(new URL(c.path, 'http://x').searchParams));
const rows = () => screen.getAllByTestId(/^transcript-row-/);

describe('transcripts', () => {
  it('pages with the cursor until there is no next page', async () => {
    const { server } = open();
    await waitFor(() => expect(rows()).toHaveLength(50));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(60));
    expect(listCalls(server)).toEqual([
      { from: '2026-11-03', to: '2026-12-02', limit: '50' },
      { from: '2026-11-03', to: '2026-12-02', cursor: 'c_50', limit: '50' },
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    // Steps by their titles, never their ids.
    expect(within(rows()[0]!).getByText('FAQ: What can I help with? — Answers (2): Shipping · Refunds')).toBeTruthy();
    expect(server.problems).toEqual([]);
  });

  it('filters by outcome, step and channel, starts again from the first page, and exports with the same filters', async () => {
    const { server } = open();
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(50));
    const step = screen.getByRole('combobox', { name: 'Step reached' });
    const labels = within(step).getAllByRole('option').map((o) => o.textContent);
    expect(labels).toEqual(['Any step', 'Start', 'FAQ: What can I help with? — Answers (2): Shipping · Refunds', 'FAQ: Anything about your account? — Answers (1): Signing in', 'End: Bye']);
    expect(labels.some((l) => l?.startsWith('n_'))).toBe(false);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Outcome' }), 'Handed off');
    await user.selectOptions(step, 'FAQ: Anything about your account? — Answers (1): Signing in');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'Telegram');
    await waitFor(() => expect(listCalls(server).at(-1)).toEqual({ outcome: 'handoff', step: 'n_faq2', channel: 'telegram', from: '2026-11-03', to: '2026-12-02', limit: '50' }));
    await waitFor(() => expect(rows()).toHaveLength(10));
    expect(rows().every((r) => within(r).queryByText('Handed off') && within(r).queryByText('Telegram'))).toBe(true);

    const csv = screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')!;
    const url = new URL(csv, 'http://x');
    expect(url.pathname).toBe(`/api/bots/${BOT}/analytics/conversations.csv`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: '2026-11-03', to: '2026-12-02', outcome: 'handoff', step: 'n_faq2', channel: 'telegram' });
    expect(server.problems).toEqual([]);
  });

  it('opens a conversation: its path by step title, its messages, and its path drawn on the canvas without touching the draft', async () => {
    const { server, onShowPath } = open();
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(50));
    const doc = useFlowStore.getState().doc;
    await user.click(within(screen.getByTestId('transcript-row-conv_00')).getByRole('button', { name: 'Open' }));
    const view = within(await screen.findByTestId('analytics-transcript'));
    expect((await view.findAllByRole('listitem')).length).toBeGreaterThan(0);
    await view.findByText('where is my parcel');
    expect(view.getByText('What can I help with?')).toBeTruthy();
    const steps = view.getAllByRole('listitem').filter((li) => li.closest('.transcript__path'));
    expect(steps).toHaveLength(3);
    expect(steps[1]!.textContent).toContain('FAQ: What can I help with?');

    await user.click(view.getByRole('button', { name: 'Show this conversation’s path on the canvas' }));
    expect(useAnalyticsStore.getState().path).toEqual({ conversationId: 'conv_00', steps: path });
    expect(onShowPath).toHaveBeenCalledOnce();
    expect(useFlowStore.getState().doc).toBe(doc);
    expect(server.calls.some((c) => c.path === '/api/stream/conversations/conv_00/history')).toBe(true);
    expect(server.problems).toEqual([]);
  });

  it('shows an error with a retry, and the empty list, in Korean', async () => {
    setLanguage('ko');
    const server = fakeAnalyticsServer({ conversations: [] });
    server.state.fail.conversations = [500, { error: { code: 'internal', message: 'boom' } }];
    open(server);
    expect((await screen.findByRole('alert')).textContent).toContain('대화를 불러오지 못했습니다: boom');
    await userEvent.setup().click(screen.getByRole('button', { name: '다시 시도' }));
    expect(await screen.findByText('조건에 맞는 대화가 없습니다.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'CSV 내보내기' })).toBeTruthy();
  });
});
