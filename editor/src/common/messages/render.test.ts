import { describe, expect, it, vi } from 'vitest';
import type { Message } from '@parley/shared';
import { renderMessage } from './render';

const base = { seq: 7, nodeId: 'n1', createdAt: '2026-01-01T00:00:00.000Z' };
const words = { agent: 'Agent', business: 'Business', opensNewTab: '(opens in a new tab)' };
const ctx = () => ({ t: (key: keyof typeof words) => words[key], postback: vi.fn() });

describe('renderMessage', () => {
  it('renders options as postback buttons and link buttons that open a new tab', () => {
    const c = ctx();
    const el = renderMessage(
      {
        ...base,
        author: 'bot',
        payload: {
          type: 'options',
          text: 'Pick one',
          buttons: [
            { id: 'a', label: 'Track', action: 'postback', payload: 'menu:track' },
            { id: 'b', label: 'Help centre', action: 'link', url: 'https://help.example/' },
            { id: 'c', label: 'Evil', action: 'link', url: 'javascript:alert(1)' },
          ],
        },
      },
      c,
    );
    const button = el.querySelector('button')!;
    expect(button.textContent).toBe('Track');
    button.click();
    expect(c.postback).toHaveBeenCalledWith(expect.objectContaining({ payload: 'menu:track', label: 'Track' }));
    const links = el.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.target).toBe('_blank');
    expect(links[0]!.rel).toBe('noopener noreferrer');
    expect(links[0]!.textContent).toContain('Help centre');
  });

  it('renders carousel cards, showing only https images', () => {
    const el = renderMessage(
      {
        ...base,
        author: 'bot',
        payload: {
          type: 'carousel',
          cards: [
            { id: '1', title: 'Mug', description: 'Stoneware', imageUrl: 'https://img.example/mug.jpg', buttons: [{ id: 'x', label: 'Buy', action: 'postback', payload: 'buy:mug' }] },
            { id: '2', title: 'Throw', description: 'Linen', imageUrl: 'javascript:alert(1)', buttons: [] },
          ],
        },
      },
      ctx(),
    );
    expect(Array.from(el.querySelectorAll('.card h3'), (h) => h.textContent)).toEqual(['Mug', 'Throw']);
    expect(Array.from(el.querySelectorAll('img'), (i) => i.getAttribute('src'))).toEqual(['https://img.example/mug.jpg']);
  });

  it('renders article cards as links out', () => {
    const el = renderMessage(
      { ...base, author: 'bot', payload: { type: 'articles', text: 'These might help', articles: [{ id: 'a', title: 'Returns', url: 'https://help.example/returns', snippet: '30 days' }] } },
      ctx(),
    );
    const a = el.querySelector('a.article-box')!;
    expect(a.getAttribute('href')).toBe('https://help.example/returns');
    expect(a.textContent).toContain('Returns');
    expect(a.textContent).toContain('30 days');
  });

  it('shows a re-prompt error as an alert, and choice prompts as buttons', () => {
    const el = renderMessage(
      {
        ...base,
        author: 'bot',
        payload: { type: 'input', text: 'Pick a size', inputType: 'choice', error: 'Please choose one', choices: [{ id: 's', label: 'Small', action: 'postback', payload: 's' }] },
      },
      ctx(),
    );
    expect(el.querySelector('[role=alert]')!.textContent).toBe('Please choose one');
    expect(el.querySelector('button')!.textContent).toBe('Small');
  });

  it('labels agent messages and keeps any markup as text', () => {
    const m: Message = { ...base, author: 'agent', payload: { type: 'text', text: '<img src=x onerror=alert(1)>' } };
    const el = renderMessage(m, ctx());
    expect(el.querySelector('.who')!.textContent).toBe('Agent');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.bubble')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('renderMessage for the business', () => {
  it("names the business above an integration's messages, whose buttons work like the bot's", () => {
    const c = ctx();
    const el = renderMessage(
      { ...base, nodeId: null, author: 'business', payload: { type: 'options', text: 'Which size?', buttons: [{ id: 'm', label: 'Medium', action: 'postback', payload: 'size:M' }] } },
      c,
    );
    expect(el.classList.contains('business')).toBe(true);
    expect(el.querySelector('.who')!.textContent).toBe('Business');
    el.querySelector('button')!.click();
    expect(c.postback).toHaveBeenCalledWith(expect.objectContaining({ payload: 'size:M' }));
  });

  it('leaves the label out for a caller whose dictionary has no word for it, and in a transcript', () => {
    const older: Record<string, string | undefined> = { agent: 'Agent', opensNewTab: '(opens in a new tab)' };
    const plain = renderMessage({ ...base, author: 'business', payload: { type: 'text', text: 'Shipped' } }, { t: (key: 'agent' | 'opensNewTab') => older[key] } as never);
    expect(plain.querySelector('.who')).toBeNull();
    expect(plain.textContent).toBe('Shipped');
    const transcript = renderMessage({ ...base, author: 'business', payload: { type: 'text', text: 'Shipped' } }, { ...ctx(), nameAgent: false });
    expect(transcript.querySelector('.who')).toBeNull();
  });
});

describe('renderMessage for staff', () => {
  it('shows buttons as labels nobody can press, and notes what the customer pressed and what was asked', () => {
    const t = (key: 'agent' | 'opensNewTab') => key;
    const staff = { pressed: (p: string) => `pressed ${p}`, expects: (type: string) => `expects ${type}` };
    const options = renderMessage({ ...base, author: 'bot', payload: { type: 'options', text: 'Pick', buttons: [{ id: 'a', label: 'Track', action: 'postback', payload: 'track' }] } }, { t, staff });
    expect(options.querySelector('button')).toBeNull();
    expect(options.querySelector('.btn.inert')!.textContent).toBe('Track');
    const pressed = renderMessage({ ...base, author: 'customer', payload: { type: 'customer', text: 'Track', payload: 'track' } }, { t, staff });
    expect(pressed.querySelector('.msg-note')!.textContent).toBe('pressed track');
    const asked = renderMessage({ ...base, author: 'bot', payload: { type: 'input', text: 'Email?', inputType: 'email' } }, { t, staff });
    expect(asked.querySelector('.msg-note')!.textContent).toBe('expects email');
  });

  it('draws postback buttons switched off when asked to', () => {
    const el = renderMessage(
      { ...base, author: 'bot', payload: { type: 'options', text: 'Pick', buttons: [{ id: 'a', label: 'Track', action: 'postback', payload: 'track' }] } },
      { ...ctx(), disabled: true },
    );
    expect(el.querySelector('button')!.disabled).toBe(true);
  });
});
