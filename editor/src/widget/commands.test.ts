import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '@parley/shared';
import { installCommands, type CommandTarget, type TrackProps } from './commands';
import { tapMessages, tapOpenClose } from './commandEvents';
import { Api } from './api';
import { mockFetch } from '../common/test/fetchMock';
import { track } from './track';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

/** A page with the documented stub, and whatever it queued before widget.js arrived. */
function pageWithStub(queue: (parley: (...args: unknown[]) => void) => void) {
  const win: { Parley?: ((...args: unknown[]) => unknown) & { q?: IArguments[] } } = {};
  // The snippet from the README, verbatim apart from `window`.
  win.Parley =
    win.Parley ||
    function (...args: unknown[]) {
      // A real page pushes `arguments`; an array-like of the same values.
      (win.Parley!.q = win.Parley!.q || []).push(args as unknown as IArguments);
    };
  queue(win.Parley);
  return win;
}

function target() {
  const done: string[] = [];
  const t: CommandTarget = {
    open: () => done.push('open'),
    close: () => done.push('close'),
    destroy: () => done.push('destroy'),
    identify: (jwt) => done.push(`identify ${jwt}`),
    track: async (event: string, props: TrackProps) => done.push(`track ${event} ${JSON.stringify(props)}`),
  };
  return { done, t };
}

describe('the command API', () => {
  it('runs commands queued before the script loaded, in order, then takes new ones directly', () => {
    const win = pageWithStub((p) => {
      p('identify', 'jwt-1');
      p('open');
      p('track', 'purchase', { value: 42, currency: 'USD' });
    });
    const { done, t } = target();
    installCommands(win, t);
    expect(done).toEqual(['identify jwt-1', 'open', 'track purchase {"value":42,"currency":"USD"}']);
    win.Parley!('close');
    expect(done.at(-1)).toBe('close');
    expect(win.Parley!.q).toBeUndefined();
  });

  it('calls `on` handlers queued before load once events happen, until `off`', () => {
    const heard: unknown[] = [];
    const fn = (data: unknown) => heard.push(data ?? 'open');
    const win = pageWithStub((p) => p('on', 'open', fn));
    const commands = installCommands(win, target().t);
    commands.emit('open');
    win.Parley!('off', 'open', fn);
    commands.emit('open');
    expect(heard).toEqual(['open']);
  });

  it('a handler that throws does not stop the others', () => {
    vi.useFakeTimers();
    const heard: string[] = [];
    const win = pageWithStub(() => undefined);
    const commands = installCommands(win, target().t);
    win.Parley!('on', 'message', () => {
      throw new Error('page bug');
    });
    win.Parley!('on', 'message', () => heard.push('second'));
    commands.emit('message', { seq: 1 });
    expect(heard).toEqual(['second']);
    expect(() => vi.runAllTimers()).toThrow('page bug');
    vi.useRealTimers();
  });

  it('warns about mistakes instead of throwing into the page', () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((text: string) => void warnings.push(text));
    const win = pageWithStub((p) => {
      p('opne');
      p('identify');
      p('track', 'purchase', { value: '42' });
      p('on', 'unread', () => undefined);
    });
    const { done, t } = target();
    installCommands(win, t);
    expect(done).toEqual([]);
    expect(warnings).toEqual([
      '[parley] unknown command "opne"',
      "[parley] Parley('identify', jwt) needs the customer's signed token",
      "[parley] Parley('track') takes { value: number, currency: 'USD' }",
      "[parley] Parley('on', event, fn): event is one of message, open, close",
    ]);
  });

  it('a second copy of the script keeps the first one’s function', () => {
    const win = pageWithStub(() => undefined);
    const first = target();
    installCommands(win, first.t);
    installCommands(win, target().t);
    win.Parley!('open');
    expect(first.done).toEqual(['open']);
  });
});

const at = '2026-12-02T10:00:00.000Z';
const msg = (seq: number, text: string): Message => ({ seq, author: 'bot', payload: { type: 'text', text }, nodeId: null, createdAt: at });

describe('the command events', () => {
  it('tells each new message once, whichever path brought it, and not what a page load restores', async () => {
    mockFetch((c) => {
      if (c.path === '/api/bots/b/conversations') return [201, { conversationId: 'c1', token: 't', status: 'active', nodeId: null, messages: [msg(1, 'Hello')] }];
      if (c.path === '/api/conversations/c1/messages' && c.method === 'POST') return [200, { messages: [msg(2, 'hi'), msg(3, 'Got it')], status: 'active', nodeId: null }];
      if (c.path === '/api/conversations/c1/messages?after=0') return [200, { messages: [msg(1, 'Hello'), msg(2, 'hi'), msg(3, 'Got it')], status: 'active', lastSeq: 3 }];
      if (c.path === '/api/conversations/c1/messages?after=3') return [200, { messages: [msg(4, 'Missed one')], status: 'active', lastSeq: 4 }];
      if (c.path === '/api/conversations/old/messages?after=0') return [200, { messages: [msg(1, 'Old')], status: 'active', lastSeq: 1 }];
      return undefined;
    });
    const told: string[] = [];
    const api = new Api('http://parley.test');
    tapMessages(api, (event, data) => told.push(`${event} ${(data as { conversationId: string }).conversationId}:${(data as Message).seq}`));
    await api.history('old', 't', 0);
    await api.start('b', {});
    await api.send('c1', 't', { type: 'text', text: 'hi' });
    await api.history('c1', 't', 0);
    await api.history('c1', 't', 3);
    expect(told).toEqual(['message c1:1', 'message c1:2', 'message c1:3', 'message c1:4']);
  });

  it('passes stream messages through to the chat and tells them once', () => {
    const api = new Api('http://parley.test');
    const told: number[] = [];
    const drawn: number[] = [];
    let events: Record<string, (data: unknown) => void> = {};
    // The widget's own live(), replaced by one that hands us the handlers it was given.
    api.live = (_id, _token, options) => {
      events = options.events;
      return { start: () => undefined } as ReturnType<Api['live']>;
    };
    tapMessages(api, (_e, data) => told.push((data as Message).seq));
    api.live('c1', 't', { events: { message: (m) => drawn.push((m as Message).seq) } });
    events.message!(msg(5, 'live'));
    events.message!(msg(5, 'live'));
    expect(drawn).toEqual([5, 5]);
    expect(told).toEqual([5]);
  });

  it('tells open and close once per change, however the panel was opened', () => {
    const panel = { shown: false, open() { this.shown = true; }, close() { this.shown = false; } };
    const heard: string[] = [];
    tapOpenClose(panel, (e) => heard.push(e));
    panel.open();
    panel.open();
    panel.close();
    panel.close();
    panel.open();
    expect(heard).toEqual(['open', 'close', 'open']);
    expect(panel.shown).toBe(true);
  });
});

describe('track', () => {
  it('posts the event with this visitor and the current conversation', async () => {
    localStorage.setItem('parley:b:threads', JSON.stringify([{ id: 'old', token: 't0' }, { id: 'c9', token: 't9' }]));
    localStorage.setItem('parley:visitor', JSON.stringify('v-1'));
    const calls = mockFetch(() => [202, { recorded: true, conversionId: 'cv1' }]);
    await expect(track('http://parley.test', 'b', 'purchase', { value: 42, currency: 'USD' })).resolves.toEqual({ recorded: true, conversionId: 'cv1' });
    expect(calls).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/bots/b/track', body: { event: 'purchase', value: 42, currency: 'USD', visitorId: 'v-1', conversationId: 'c9', token: 't9' } }),
    ]);
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });
});
