import { describe, expect, it } from 'vitest';
import { carousel } from './carousel';
import { phrases } from '../../phrases';
import { chat, issues, lastPayload, payloadOf, said, step, type FlowSpec } from '../../testing/flows';

const card = (id: string, buttonId: string, label: string) => ({ id, title: `Card ${id}`, buttons: [{ id: buttonId, label }] });

const shop: FlowSpec = {
  nodes: {
    start: step('start', {}),
    c: step('carousel', {
      text: 'Our plans',
      variable: 'plan',
      cards: [
        { id: 'basic', title: 'Basic', description: 'For one', imageUrl: 'https://example.com/b.png', buttons: [{ id: 'buyBasic', label: 'Buy Basic' }] },
        { id: 'pro', title: 'Pro', buttons: [{ id: 'buyPro', label: 'Buy Pro' }, { id: 'docs', label: 'Docs', action: 'link', url: 'https://example.com/pro' }] },
      ],
    }),
    basic: step('message', { text: 'Basic chosen' }),
    pro: step('message', { text: 'Pro chosen: {{plan}}' }),
    bye: step('end', {}),
  },
  edges: ['start.next -> c', 'c.buyBasic -> basic', 'c.buyPro -> pro', 'basic.next -> bye', 'pro.next -> bye'],
};

describe('carousel step schema', () => {
  it('accepts cards, defaulting the text and description and dropping an empty image URL', () => {
    const data = carousel.schema.parse({ cards: [{ ...card('c1', 'b1', 'Go'), imageUrl: '' }] });
    expect(data.text).toBe('');
    expect(data.cards[0]).toMatchObject({ description: '', imageUrl: undefined });
  });

  it.each([
    ['no cards', { cards: [] }, 'cards', 'Add at least one card'],
    ['eleven cards', { cards: Array.from({ length: 11 }, (_, i) => card(`c${i}`, `b${i}`, 'Go')) }, 'cards', 'At most 10 cards'],
    ['repeated card ids', { cards: [card('c', 'b1', 'Go'), card('c', 'b2', 'Go')] }, 'cards', 'Card ids must be unique'],
    ['a card without a title', { cards: [{ ...card('c', 'b', 'Go'), title: ' ' }] }, 'cards.0.title', 'Give the card a title'],
    ['a card without buttons', { cards: [{ ...card('c', 'b', 'Go'), buttons: [] }] }, 'cards.0.buttons', 'Add at least one button'],
    ['four buttons on a card', { cards: [{ ...card('c', 'b', 'Go'), buttons: ['1', '2', '3', '4'].map((id) => ({ id, label: id })) }] }, 'cards.0.buttons', 'At most 3 buttons per card'],
    ['a non-http image', { cards: [{ ...card('c', 'b', 'Go'), imageUrl: 'data:image/png;base64,AAAA' }] }, 'cards.0.imageUrl', 'Use an http(s) image URL'],
  ])('rejects %s', (_name, data, path, message) => {
    expect(issues(carousel.schema, data)).toContainEqual({ path, message });
  });

  it('rejects button ids repeated across cards, since each is an outlet', () => {
    expect(issues(carousel.schema, { cards: [card('c1', 'b', 'Go'), card('c2', 'b', 'Go')] })).toEqual([
      { path: 'cards', message: 'Button ids must be unique across cards' },
    ]);
  });
});

describe('carousel step', () => {
  it('has an outlet per postback button across cards plus optional free text', () => {
    const data = carousel.schema.parse(shop.nodes.c!.data);
    expect(carousel.outlets(data).map((o) => [o.id, o.optional ?? false])).toEqual([
      ['buyBasic', false],
      ['buyPro', false],
      ['text', true],
    ]);
    expect(carousel.waits(data, 'buyPro')).toBe(true);
  });

  it('shows the cards and waits', () => {
    const first = chat(shop).start();
    expect(first.settled).toBe('wait');
    const shown = lastPayload(first);
    expect(shown).toMatchObject({ type: 'carousel', text: 'Our plans' });
    if (shown.type !== 'carousel') throw new Error('expected a carousel');
    expect(shown.cards.map((c) => [c.title, c.description, c.imageUrl])).toEqual([
      ['Basic', 'For one', 'https://example.com/b.png'],
      ['Pro', '', undefined],
    ]);
    expect(shown.cards[1]!.buttons[1]).toEqual({ id: 'docs', label: 'Docs', action: 'link', url: 'https://example.com/pro' });
  });

  it('takes the outlet of a button on any card, storing its label', () => {
    const c = chat(shop);
    expect(said(c.postback(payloadOf(c.start(), 'Buy Pro')))).toEqual(['Pro chosen: Buy Pro']);
  });

  it('takes the outlet of a typed button label', () => {
    const c = chat(shop);
    c.start();
    expect(said(c.text('buy basic'))).toEqual(['Basic chosen']);
  });

  it('re-shows the cards after other text when free text is not connected', () => {
    const c = chat(shop);
    c.start();
    const again = c.text('hmm');
    expect(again.nodeId).toBe('c');
    expect(said(again)[0]).toBe(phrases.en.chooseOption);
    expect(lastPayload(again).type).toBe('carousel');
  });

  it('ignores a postback that names another step', () => {
    const c = chat(shop);
    c.start();
    const stale = c.postback('elsewhere:buyPro');
    expect(stale.messages).toEqual([]);
    expect(stale.nodeId).toBe('c');
  });
});
