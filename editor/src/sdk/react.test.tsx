import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { memoryStorage } from './client';
import { FakeParley } from './fakeParley';
import { ParleyChat } from './react';

let fake: FakeParley;

beforeEach(() => {
  fake = new FakeParley();
  fake.install();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  expect(fake.problems).toEqual([]);
});

function chat(props: { locale?: string } = {}) {
  return render(
    <StrictMode>
      <ParleyChat botId="order-support" baseUrl="http://parley.test" storage={memoryStorage()} locale={props.locale ?? 'en'} />
    </StrictMode>,
  );
}

const log = () => screen.getByRole('log', { name: 'Messages' });

describe('<ParleyChat>', () => {
  it('shows loading, then the greeting and the menu as text, from one conversation even under StrictMode', async () => {
    chat();
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'Starting the chat…');
    expect(await within(log()).findByText('What can I help you with today?')).toBeTruthy();
    expect(within(log()).getByText('Hello!')).toBeTruthy();
    expect(within(log()).getByRole('button', { name: 'Track my order' })).toBeTruthy();
    expect(fake.calls.filter((c) => c.path.endsWith('/conversations'))).toHaveLength(1);
  });

  it('a pressed option is sent as a postback, and the bot’s answer appears', async () => {
    fake.answer = (r, seq) => [{ seq, author: 'bot', payload: { type: 'text', text: r.type === 'postback' ? `You chose ${r.payload}` : 'ok' }, nodeId: null, createdAt: 'x' }];
    chat();
    const user = userEvent.setup();
    await user.click(await within(log()).findByRole('button', { name: 'Track my order' }));
    expect(await within(log()).findByText('You chose track')).toBeTruthy();
    expect(fake.calls.at(-1)).toMatchObject({ path: '/api/conversations/c1/messages', body: { type: 'postback', payload: 'track', text: 'Track my order' } });
    // An answered menu is switched off, and the keyboard user lands in the composer.
    expect(within(log()).getByRole('button', { name: 'Track my order' })).toHaveProperty('disabled', true);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Type a message…' }));
  });

  it('sends a typed message with Enter; the text is drawn as text, never as markup', async () => {
    chat();
    const user = userEvent.setup();
    await within(log()).findByText('Hello!');
    await user.type(screen.getByRole('textbox', { name: 'Type a message…' }), '<img src=x onerror=alert(1)>{Enter}');
    expect(await within(log()).findByText('Got it')).toBeTruthy();
    expect(within(log()).getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(log().querySelector('img')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Type a message…' })).toHaveProperty('value', '');
  });

  it('a failed send keeps the message with Retry, which sends it again', async () => {
    chat();
    const user = userEvent.setup();
    await within(log()).findByText('Hello!');
    fake.override = (c) => (c.method === 'POST' && c.path.endsWith('/messages') ? [503, { error: { code: 'unavailable', message: 'Down' } }] : undefined);
    await user.type(screen.getByRole('textbox'), 'are you there?{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not sent.');
    fake.override = null;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await within(log()).findByText('Got it')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages')).map((c) => c.body)).toEqual([
      { type: 'text', text: 'are you there?' },
      { type: 'text', text: 'are you there?' },
    ]);
  });

  it('an unreachable server shows an error with Try again, which starts the chat', async () => {
    fake.override = () => [503, { error: { code: 'unavailable', message: 'Down' } }];
    chat();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't start the chat.");
    fake.override = null;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(log()).findByText('Hello!')).toBeTruthy();
  });

  it('a bot that does not exist says the chat is unavailable', async () => {
    fake.override = () => [404, { error: { code: 'bot_not_found', message: 'No such bot' } }];
    chat();
    expect((await screen.findByRole('alert')).textContent).toContain('Chat is unavailable right now.');
  });

  it('speaks Korean for a Korean locale', async () => {
    chat({ locale: 'ko-KR' });
    expect(screen.getByRole('region', { name: '채팅' })).toBeTruthy();
    expect(await screen.findByRole('textbox', { name: '메시지를 입력하세요…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '보내기' })).toBeTruthy();
  });

  it('shows live messages from the stream (an agent joining)', async () => {
    const opened = fake.nextStream();
    chat();
    await within(log()).findByText('Hello!');
    const stream = await opened;
    stream.send('message', { seq: 3, author: 'agent', payload: { type: 'text', text: 'Dana here, how can I help?' }, nodeId: null, createdAt: 'x' }, 3);
    expect(await within(log()).findByText('Dana here, how can I help?')).toBeTruthy();
    expect(within(log()).getByText('Agent')).toBeTruthy();
  });
});
