import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '../i18n';
import { loadDocument } from '../store/flowStore';
import { UnmatchedQuestions } from './UnmatchedQuestions';
import { analyticsDoc } from './test/analyticsDoc';
import { BOT, fakeAnalyticsServer } from './test/fakeAnalyticsServer';

afterEach(() => {
  vi.unstubAllGlobals();
  setLanguage('en');
});

const RANGE = { from: '2026-11-03', to: '2026-12-02' };
const groups = [
  { text: 'i want my money back', count: 14, variants: ['money back please', 'give me my money back'], nodeId: 'n_faq1', lastAt: '2026-12-02T09:00:00.000Z', suggested: [{ answerId: 'a_refund', score: 0.41 }] },
  { text: 'cant log in', count: 3, variants: [], nodeId: 'n_faq1', lastAt: '2026-12-01T09:00:00.000Z', suggested: [] },
];

function open(server = fakeAnalyticsServer({ groups })) {
  loadDocument(BOT, analyticsDoc());
  const order: string[] = [];
  const draft = { save: vi.fn(async () => (order.push('save'), true)), reload: vi.fn(async () => void order.push('reload')) };
  const onOpenCanvas = vi.fn();
  render(<UnmatchedQuestions botId={BOT} range={RANGE} draft={draft} onOpenCanvas={onOpenCanvas} />);
  return { server, draft, order, onOpenCanvas };
}

const row = async (text: string) => within((await screen.findByText(text)).closest('li') as HTMLElement);
const phrasePosts = (s: ReturnType<typeof fakeAnalyticsServer>) => s.calls.filter((c) => c.method === 'POST').map((c) => ({ path: c.path, body: c.body }));

describe('unmatched questions', () => {
  it('lists each group with its count, variants and what the matcher suggested, and asks for the range only', async () => {
    const { server } = open();
    const money = await row('i want my money back');
    expect(money.getByText('14 times')).toBeTruthy();
    expect(money.getByText(/“money back please”, “give me my money back”/)).toBeTruthy();
    expect(money.getByText('The matcher suggested: Refunds (41%)')).toBeTruthy();
    expect((await row('cant log in')).getByText('The matcher found nothing close.')).toBeTruthy();
    expect(server.calls.filter((c) => c.path.includes('/unmatched')).map((c) => c.path)).toEqual([`/api/bots/${BOT}/analytics/unmatched?from=2026-11-03&to=2026-12-02`]);
    expect(server.problems).toEqual([]);
  });

  it('adds the text as a phrase of the chosen answer, after saving pending edits, then reloads the draft', async () => {
    const { server, order, onOpenCanvas } = open();
    const user = userEvent.setup();
    const money = await row('i want my money back');
    // The suggestion is picked already; the admin may pick another answer.
    expect((money.getByRole('combobox', { name: 'Answer' }) as HTMLSelectElement).value).toBe('a_refund');
    await user.click(money.getByRole('button', { name: 'Add as example phrase' }));
    expect((await money.findByRole('status')).textContent).toContain('Added to the draft — publish to use it.');
    expect(phrasePosts(server)).toEqual([{ path: `/api/bots/${BOT}/analytics/unmatched/phrase`, body: { nodeId: 'n_faq1', answerId: 'a_refund', phrase: 'i want my money back' } }]);
    expect(order).toEqual(['save', 'reload']);
    expect(money.getByRole('button', { name: 'Add as example phrase' }).hasAttribute('disabled')).toBe(true);
    await user.click(money.getByRole('link', { name: 'Open the canvas' }));
    expect(onOpenCanvas).toHaveBeenCalledOnce();
    expect(server.problems).toEqual([]);
  });

  it('offers the answers of whichever FAQ step is chosen, by title', async () => {
    const { server } = open();
    const user = userEvent.setup();
    const login = await row('cant log in');
    const add = login.getByRole('button', { name: 'Add as example phrase' });
    expect(add.hasAttribute('disabled')).toBe(true);
    const steps = login.getByRole('combobox', { name: 'FAQ step' });
    expect(within(steps).getAllByRole('option').map((o) => o.textContent)).toEqual(['FAQ: What can I help with? — Answers (2): Shipping · Refunds', 'FAQ: Anything about your account? — Answers (1): Signing in']);
    await user.selectOptions(steps, 'FAQ: Anything about your account? — Answers (1): Signing in');
    const answers = login.getByRole('combobox', { name: 'Answer' });
    expect(within(answers).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose an answer', 'Signing in']);
    await user.selectOptions(answers, 'Signing in');
    await user.click(add);
    await login.findByRole('status');
    expect(phrasePosts(server).map((p) => p.body)).toEqual([{ nodeId: 'n_faq2', answerId: 'a_login', phrase: 'cant log in' }]);
  });

  it('shows the server’s refusal and lets the admin try again', async () => {
    const { server, draft } = open();
    server.state.fail.phrase = [409, { error: { code: 'duplicate_phrase', message: 'Refunds already has this phrase' } }];
    const user = userEvent.setup();
    const money = await row('i want my money back');
    await user.click(money.getByRole('button', { name: 'Add as example phrase' }));
    expect((await money.findByRole('alert')).textContent).toBe('The phrase could not be added: Refunds already has this phrase');
    expect(draft.reload).not.toHaveBeenCalled();
    await user.click(money.getByRole('button', { name: 'Add as example phrase' }));
    expect((await money.findByRole('status')).textContent).toContain('Added to the draft');
    expect(server.state.phrases).toHaveLength(1);
  });

  it('says when nothing went unmatched, in Korean too', async () => {
    setLanguage('ko');
    open(fakeAnalyticsServer({ groups: [] }));
    expect(await screen.findByText('이 기간에는 답하지 못한 질문이 없습니다.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '답하지 못한 질문' })).toBeTruthy();
  });
});

describe('adding a phrase the answer already has', () => {
  it('says so instead of claiming it was added', async () => {
    const server = fakeAnalyticsServer({ groups });
    server.state.phrases.push({ nodeId: 'n_faq1', answerId: 'a_refund', phrase: 'i want my money back' });
    open(server);
    const money = await row('i want my money back');
    await userEvent.setup().click(money.getByRole('button', { name: 'Add as example phrase' }));
    expect((await money.findByRole('status')).textContent).toContain('This answer has that phrase already');
    expect(server.problems).toEqual([]);
  });
});
