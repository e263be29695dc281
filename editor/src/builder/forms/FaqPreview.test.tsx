import '../test/setup';
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, SCHEMA_VERSION } from '@parley/shared';
import { FaqPreview } from './FaqPreview';
import { setLanguage } from '../i18n';
import { loadDocument, nodeById, setSelection, useFlowStore } from '../store/flowStore';
import { PropertiesPanel } from '../panels/PropertiesPanel';

const answers = [
  { id: 'shipping', title: 'Shipping', phrases: ['how long does shipping take', 'when will my order arrive'] },
  { id: 'refund', title: 'Refunds', phrases: ['how do I get a refund'] },
  { id: 'tracking', title: 'Tracking', phrases: ['track my order', 'order status'] },
  { id: 'cancel', title: 'Cancel', phrases: ['cancel my order'] },
];

const rows = () => within(screen.getByRole('list', { name: 'Answers ranked by score' })).getAllByRole('listitem');

describe('FaqPreview', () => {
  it('ranks the answers for a typed question, with scores, and says the step would answer', async () => {
    const user = userEvent.setup();
    render(<FaqPreview answers={answers} threshold={0.45} floor={0.35} synonyms={[]} />);
    await user.type(screen.getByLabelText('Question to try'), 'when do I get my money back');
    expect((await screen.findByRole('status')).textContent).toContain('The bot answers: Refunds');
    const first = rows()[0]!;
    expect(first.textContent).toContain('Refunds');
    expect(first.textContent).toMatch(/\d\.\d\d · answers/);
    expect(first.dataset.band).toBe('answer');
    expect(screen.getByText(/Threshold 45%.*suggestion floor 35%/)).toBeTruthy();
  });

  it('marks answers between the floor and the threshold as suggested, and says "Did you mean"', async () => {
    const user = userEvent.setup();
    render(<FaqPreview answers={answers} threshold={0.8} floor={0.3} synonyms={[]} />);
    await user.type(screen.getByLabelText('Question to try'), 'order');
    expect((await screen.findByRole('status')).textContent).toContain('The bot asks “Did you mean”: Shipping, Tracking, Cancel');
    expect(rows().map((r) => r.dataset.band)).toStrictEqual(['suggest', 'suggest', 'suggest']);
  });

  it('shows no match for an off-topic question, and uses the bot’s synonyms', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<FaqPreview answers={answers} threshold={0.45} floor={0.35} synonyms={[]} />);
    const input = screen.getByLabelText('Question to try');
    await user.type(input, 'tell me a joke');
    expect((await screen.findByRole('status')).textContent).toContain('No match');
    await user.clear(input);
    await user.type(input, 'dosh');
    expect((await screen.findByRole('status')).textContent).toContain('No match');
    rerender(<FaqPreview answers={answers} threshold={0.45} floor={0.35} synonyms={[{ words: ['refund', 'dosh'] }]} />);
    expect((await screen.findByRole('status')).textContent).toContain('The bot answers: Refunds');
  });

  it('speaks Korean', async () => {
    setLanguage('ko');
    try {
      const user = userEvent.setup();
      render(<FaqPreview answers={[{ id: 'pw', title: '비밀번호', phrases: ['비밀번호를 잊어버렸어요'] }]} threshold={0.45} floor={0.35} synonyms={[]} />);
      await user.type(screen.getByLabelText('시험할 질문'), '비번 까먹었어요');
      expect((await screen.findByRole('status')).textContent).toContain('봇의 답변: 비밀번호');
    } finally {
      setLanguage('en');
    }
  });
});

describe('the faq step form', () => {
  it('edits the suggestion floor and bot synonyms, and previews the draft', async () => {
    loadDocument('bot', {
      schemaVersion: SCHEMA_VERSION,
      id: 'bot',
      name: 'FAQ',
      locale: 'en',
      variables: [],
      nodes: [{ id: 'n1', type: 'faq', position: { x: 0, y: 0 }, data: { prompt: '', answers: answers.map((a) => ({ ...a, reply: 'ok' })), threshold: 0.45 } }],
      edges: [],
      settings: FlowSettings.parse({}),
    });
    setSelection(['n1']);
    render(<PropertiesPanel />);
    const user = userEvent.setup();
    const data = () => nodeById(useFlowStore.getState().doc, 'n1')!.data as Record<string, unknown>;

    const floor = screen.getByLabelText('Suggestion floor');
    expect((floor as HTMLInputElement).value).toBe('0.35');
    await user.clear(floor);
    await user.type(floor, '0.2');
    expect(data().suggestionFloor).toBe(0.2);

    await user.click(screen.getByRole('button', { name: /Add synonym group/ }));
    await user.type(screen.getByLabelText('word 1'), 'refund');
    await user.type(screen.getByLabelText('word 2'), 'dosh');
    expect(data().synonyms).toStrictEqual([{ words: ['refund', 'dosh'] }]);

    await user.type(screen.getByLabelText('Question to try'), 'dosh please');
    expect((await screen.findByRole('status')).textContent).toContain('The bot answers: Refunds');
  });
});
