import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationStatus, CustomerMessageRequest, Message } from '@parley/shared';
import { ApiError } from '../common/api/errors';
import type { Api, BotInfo } from './api';
import { ChatWidget } from './widget';
import { translator } from './i18n';

const bot: BotInfo = {
  id: 'shop',
  name: 'Shop helper',
  locale: 'en',
  widget: { color: '#2f6f4f', logoUrl: '', position: 'right', greeting: 'Hello', proactive: { enabled: false, urlContains: '', afterSeconds: 10, text: '' } },
};

const at = '2026-01-01T00:00:00.000Z';
const botText = (seq: number, text: string): Message => ({ seq, author: 'bot', payload: { type: 'text', text }, nodeId: 'n', createdAt: at });
const customer = (seq: number, text: string): Message => ({ seq, author: 'customer', payload: { type: 'customer', text }, nodeId: null, createdAt: at });

/** A server in memory: conversations as message lists, and switches to make the network fail. */
class FakeServer {
  conversations = new Map<string, { messages: Message[]; status: ConversationStatus }>();
  failSends = 0;
  /** The send reaches the server, but the answer is lost on the way back. */
  loseAnswers = 0;
  starts = 0;
  byIdentity = new Map<string, string>();
  identities: (string | undefined)[] = [];

  api(): Api {
    return {
      origin: 'http://test',
      bot: async () => bot,
      start: async (_bot: string, _visitor: unknown, identity?: string) => {
        this.identities.push(identity);
        if (identity === 'bad-jwt') throw new ApiError(401, 'invalid_identity', 'expired');
        const id = `c${++this.starts}`;
        const messages = [botText(1, `Welcome ${id}`)];
        this.conversations.set(id, { messages, status: 'active' });
        return { conversationId: id, token: 't', status: 'active', messages };
      },
      send: async (id: string, _token: string, req: CustomerMessageRequest) => {
        if (this.failSends > 0) {
          this.failSends--;
          throw new ApiError(0, 'network', 'Failed to fetch');
        }
        const conv = this.conversations.get(id)!;
        if (conv.status === 'ended') throw new ApiError(409, 'conversation_ended', 'ended');
        const seq = conv.messages.length + 1;
        const added = [customer(seq, req.type === 'text' ? req.text : (req.text ?? req.payload)), botText(seq + 1, `echo ${seq}`)];
        conv.messages.push(...added);
        if (this.loseAnswers > 0) {
          this.loseAnswers--;
          throw new ApiError(0, 'network', 'Failed to fetch');
        }
        return { messages: added, status: conv.status };
      },
      history: async (id: string, _token: string, after: number) => {
        const conv = this.conversations.get(id);
        if (!conv) throw new ApiError(404, 'not_found', 'gone');
        return { messages: conv.messages.filter((m) => m.seq > after), status: conv.status, lastSeq: conv.messages.length };
      },
      resume: async (_bot: string, identity: string) => {
        const found = this.byIdentity.get(identity);
        if (!found) throw new ApiError(404, 'not_found', 'none');
        const conv = this.conversations.get(found)!;
        return { conversationId: found, token: 't2', status: conv.status, messages: conv.messages };
      },
      // No event stream here: replies and history carry everything these tests need.
      live: () => ({ start() {}, stop() {}, pause() {}, kick() {}, connected: false }),
    } as unknown as Api;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
async function settle() {
  for (let i = 0; i < 10; i++) await flush();
}

function texts(w: HTMLElement, selector = '.thread [data-seq]'): string[] {
  return Array.from(w.shadowRoot!.querySelectorAll(selector), (e) => e.textContent ?? '');
}

function host(): HTMLElement {
  return document.querySelector('[data-parley-widget]') as HTMLElement;
}

async function type(text: string) {
  const root = host().shadowRoot!;
  const input = root.querySelector<HTMLInputElement>('form.composer input')!;
  input.value = text;
  root.querySelector<HTMLFormElement>('form.composer')!.requestSubmit();
  await settle();
}

describe('ChatWidget', () => {
  let widget: ChatWidget | undefined;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    vi.stubGlobal('navigator', { ...navigator, onLine: true, language: 'en-US', userAgent: navigator.userAgent });
  });
  afterEach(() => {
    widget?.destroy();
    vi.unstubAllGlobals();
  });

  it('shows stored history in seq order, each message once, whatever order it arrives in', async () => {
    const server = new FakeServer();
    server.conversations.set('old', { messages: [botText(1, 'one'), customer(2, 'two'), botText(3, 'three')], status: 'active' });
    localStorage.setItem('parley:shop:threads', JSON.stringify([{ id: 'old', token: 't' }]));
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore();
    // The same messages again, shuffled, as a reply and the stream might deliver them.
    (widget as unknown as { merge(th: unknown, m: Message[], live: boolean): void }).merge(
      (widget as unknown as { threads: unknown[] }).threads[0],
      [botText(3, 'three'), botText(1, 'one'), botText(4, 'four')],
      true,
    );
    expect(texts(host())).toEqual(['one', 'two', 'three', 'four']);
  });

  it('keeps a message that could not be sent, and a retry after a lost answer does not send it twice', async () => {
    const server = new FakeServer();
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore();
    widget.open();
    await settle();
    expect(texts(host())).toEqual(['Welcome c1']);

    server.loseAnswers = 1;
    await type('Where is my parcel?');
    const pending = host().shadowRoot!.querySelector('.msg.customer.pending')!;
    expect(pending.textContent).toContain('Where is my parcel?');
    expect(pending.textContent).toContain('Not sent.');

    const retry = Array.from(pending.querySelectorAll('button')).find((b) => b.textContent === 'Retry')!;
    retry.click();
    await settle();
    expect(server.conversations.get('c1')!.messages.filter((m) => m.author === 'customer')).toHaveLength(1);
    expect(texts(host())).toEqual(['Welcome c1', 'Where is my parcel?', 'echo 2']);
    expect(host().shadowRoot!.querySelector('.pending')).toBeNull();
  });

  it('sends queued messages in order once a failed one is retried', async () => {
    const server = new FakeServer();
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore();
    widget.open();
    await settle();
    server.failSends = 1;
    await type('first');
    await type('second');
    expect(texts(host(), '.pending .bubble')).toEqual(['first', 'second']);
    expect(host().shadowRoot!.querySelectorAll('.pending')[1]!.textContent).toContain('Waiting to send');
    Array.from(host().shadowRoot!.querySelectorAll<HTMLButtonElement>('.pending button')).find((b) => b.textContent === 'Retry')!.click();
    await settle();
    expect(texts(host())).toEqual(['Welcome c1', 'first', 'echo 2', 'second', 'echo 4']);
  });

  it('starts a new conversation when the current one has ended, keeping the old one above a divider', async () => {
    const server = new FakeServer();
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore();
    widget.open();
    await settle();
    server.conversations.get('c1')!.status = 'ended';
    await type('hello again');
    const root = host().shadowRoot!;
    expect(root.querySelectorAll('.thread')).toHaveLength(2);
    expect(root.querySelector('.thread .divider')?.textContent).toBe('Conversation ended');
    expect(texts(host())).toEqual(['Welcome c1', 'Welcome c2', 'hello again', 'echo 2']);
    expect(JSON.parse(localStorage.getItem('parley:shop:threads')!)).toEqual([
      { id: 'c1', token: 't' },
      { id: 'c2', token: 't' },
    ]);
  });

  it('matches the composer to the question: an email prompt gets an email field, with its error', async () => {
    const server = new FakeServer();
    server.conversations.set('c', {
      messages: [{ seq: 1, author: 'bot', payload: { type: 'input', text: 'Your email?', inputType: 'email', error: 'Not an email' }, nodeId: 'ask', createdAt: at }],
      status: 'active',
    });
    localStorage.setItem('parley:shop:threads', JSON.stringify([{ id: 'c', token: 't' }]));
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore();
    const input = host().shadowRoot!.querySelector<HTMLInputElement>('form.composer input')!;
    expect(input.type).toBe('email');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(host().shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Not an email');
  });

  it("picks up a signed-in customer's open conversation from another device", async () => {
    const server = new FakeServer();
    server.conversations.set('phone', { messages: [botText(1, 'hi from the phone')], status: 'handoff' });
    server.byIdentity.set('jwt-ada', 'phone');
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore('jwt-ada');
    expect(texts(host())).toEqual(['hi from the phone']);
    expect(JSON.parse(localStorage.getItem('parley:shop:threads')!)).toEqual([{ id: 'phone', token: 't2' }]);
  });

  it('falls back to an anonymous chat when the identity token is refused', async () => {
    const server = new FakeServer();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    widget = new ChatWidget(server.api(), bot, translator('en'));
    await widget.restore('bad-jwt');
    widget.open();
    await settle();
    expect(server.identities).toEqual(['bad-jwt', undefined]);
    expect(texts(host())).toEqual(['Welcome c1']);
  });
});
