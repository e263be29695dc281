import { describe, expect, it } from 'vitest';
import type { Message } from '@parley/shared';
import { RecentButtons } from './recentButtons';

const at = '2026-01-01T00:00:00.000Z';
const options = (seq: number, buttons: [label: string, payload: string][]): Message => ({
  seq,
  author: 'bot',
  nodeId: 'menu',
  createdAt: at,
  payload: { type: 'options', text: 'Pick', buttons: buttons.map(([label, payload], i) => ({ id: `b${i}`, label, action: 'postback' as const, payload })) },
});
const text = (seq: number): Message => ({ seq, author: 'bot', nodeId: 'n', createdAt: at, payload: { type: 'text', text: 'Hi' } });

describe('RecentButtons', () => {
  it("answers the label of a button the conversation's latest turn showed, newest message winning", () => {
    const r = new RecentButtons();
    r.remember('c1', [text(4), options(5, [['Track', 'p:track'], ['Refund', 'p:refund']]), options(6, [['Track my order', 'p:track']])], 6);
    expect(r.label('c1', 6, 0, 'p:refund')).toBe('Refund');
    expect(r.label('c1', 6, 0, 'p:track')).toBe('Track my order');
    expect(r.label('c1', 6, 0, 'p:other')).toBeUndefined();
    expect(r.label('c2', 6, 0, 'p:track')).toBeUndefined();
  });

  it('knows nothing once anything was appended since, or when the message is outside the window', () => {
    const r = new RecentButtons();
    r.remember('c1', [options(5, [['Track', 'p:track']])], 5);
    expect(r.label('c1', 7, 0, 'p:track')).toBeUndefined();
    expect(r.label('c1', 5, 5, 'p:track')).toBeUndefined();
    expect(r.label('c1', 5, 4, 'p:track')).toBe('Track');
  });

  it('a later turn without buttons replaces what an earlier one showed', () => {
    const r = new RecentButtons();
    r.remember('c1', [options(1, [['Track', 'p:track']])], 1);
    r.remember('c1', [text(2)], 2);
    expect(r.label('c1', 2, 0, 'p:track')).toBeUndefined();
    expect(r.label('c1', 1, 0, 'p:track')).toBeUndefined();
  });

  it('holds at most its capacity, dropping the least recently written conversation', () => {
    const r = new RecentButtons(2);
    r.remember('a', [options(1, [['A', 'p:a']])], 1);
    r.remember('b', [options(1, [['B', 'p:b']])], 1);
    r.remember('a', [options(2, [['A2', 'p:a']])], 2);
    r.remember('c', [options(1, [['C', 'p:c']])], 1);
    expect(r.label('b', 1, 0, 'p:b')).toBeUndefined();
    expect(r.label('a', 2, 0, 'p:a')).toBe('A2');
    expect(r.label('c', 1, 0, 'p:c')).toBe('C');
  });
});
