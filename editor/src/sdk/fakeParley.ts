/**
 * A stand-in for the Parley server's public conversation API, for the SDK's tests: answers over the shared fetch mock,
 * checks every request against shared's contract the way the server does (schemas, the conversation token), and
 * records what it would have refused in `problems`. The live stream is a body the test writes events into.
 */
import { vi } from 'vitest';
import { CustomerMessageRequest, ResumeConversationRequest, StartConversationRequest, type Message } from '@parley/shared';
import { mockFetch, type Call, type Reply } from '../common/test/fetchMock';

export interface FakeConversation {
  id: string;
  token: string;
  status: 'active' | 'handoff' | 'ended';
  messages: Message[];
}

export interface Stream {
  headers: Record<string, string>;
  path: string;
  /** Writes one server-sent event. */
  send(event: string, data: unknown, id?: number): void;
  end(): void;
}

const at = '2026-12-02T10:00:00.000Z';

export const botSays = (seq: number, text: string): Message => ({ seq, author: 'bot', payload: { type: 'text', text }, nodeId: 'n', createdAt: at });
export const menu = (seq: number): Message => ({
  seq,
  author: 'bot',
  payload: { type: 'options', text: 'What can I help you with today?', buttons: [{ id: 'b1', label: 'Track my order', action: 'postback', payload: 'track' }, { id: 'b2', label: 'Talk to a person', action: 'postback', payload: 'human' }] },
  nodeId: 'menu',
  createdAt: at,
});
export const customerSays = (seq: number, text: string, payload?: string): Message => ({ seq, author: 'customer', payload: { type: 'customer', text, ...(payload && { payload }) }, nodeId: null, createdAt: at });

export class FakeParley {
  readonly problems: string[] = [];
  readonly conversations = new Map<string, FakeConversation>();
  readonly streams: Stream[] = [];
  calls: Call[] = [];
  /** Set to answer a route differently (errors, slow answers); return undefined to fall through. */
  override: ((call: Call) => Reply | undefined) | null = null;
  /** The bot's answer to a customer message. */
  answer: (request: CustomerMessageRequest, seq: number) => Message[] = (_r, seq) => [botSays(seq, 'Got it')];
  /** Identities the server accepts, and the open conversation each one has. */
  readonly identities = new Map<string, string | null>();
  private nextId = 1;
  private streamWaiters: ((s: Stream) => void)[] = [];
  private handedOut = 0;

  install(): void {
    this.calls = mockFetch((call) => this.override?.(call) ?? this.route(call));
    const json = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input));
      if (!url.pathname.endsWith('/stream')) return json(input, init);
      return this.openStream(url.pathname, init);
    });
  }

  /** The next stream the client opens (or the one already open, if none is awaited yet). */
  nextStream(): Promise<Stream> {
    const open = this.streams[this.handedOut];
    if (open) {
      this.handedOut++;
      return Promise.resolve(open);
    }
    return new Promise((resolve) => this.streamWaiters.push(resolve));
  }

  conversation(id: string): FakeConversation {
    const c = this.conversations.get(id);
    if (!c) throw new Error(`no conversation ${id}`);
    return c;
  }

  create(messages: (seq: number) => Message[] = (seq) => [botSays(seq, 'Hello!'), menu(seq + 1)]): FakeConversation {
    const id = `c${this.nextId++}`;
    const c: FakeConversation = { id, token: `tok-${id}`, status: 'active', messages: messages(1) };
    this.conversations.set(id, c);
    return c;
  }

  private started(c: FakeConversation, status: number): Reply {
    return [status, { conversationId: c.id, token: c.token, status: c.status, nodeId: 'menu', messages: c.messages }];
  }

  private route(call: Call): Reply | undefined {
    const { method, path } = call;
    let m = /^\/api\/bots\/([^/]+)\/conversations$/.exec(path);
    if (m && method === 'POST') {
      const body = StartConversationRequest.safeParse(call.body);
      if (!body.success) return this.refuse(`start body: ${body.error.message}`);
      if (body.data.identity !== undefined && !this.identities.has(body.data.identity)) return [400, { error: { code: 'invalid_identity', message: 'The identity token is not valid' } }];
      return this.started(this.create(), 201);
    }
    m = /^\/api\/bots\/([^/]+)\/conversations\/resume$/.exec(path);
    if (m && method === 'POST') {
      const body = ResumeConversationRequest.safeParse(call.body);
      if (!body.success) return this.refuse(`resume body: ${body.error.message}`);
      const open = this.identities.get(body.data.identity);
      if (open === undefined) return [400, { error: { code: 'invalid_identity', message: 'The identity token is not valid' } }];
      if (open === null) return [404, { error: { code: 'not_found', message: 'No open conversation' } }];
      return this.started(this.conversation(open), 200);
    }
    m = /^\/api\/bots\/([^/]+)\/track$/.exec(path);
    if (m && method === 'POST') {
      const body = call.body as Record<string, unknown>;
      if (typeof body?.event !== 'string' || !body.event) return this.refuse('track without an event');
      if (body.token !== undefined && this.conversations.get(String(body.conversationId))?.token !== body.token) return this.refuse('track with a wrong conversation token');
      return [202, { recorded: true, conversionId: 'cv1' }];
    }
    m = /^\/api\/conversations\/([^/]+)\/messages(?:\?after=(\d+))?$/.exec(path);
    if (m) {
      const c = this.conversations.get(decodeURIComponent(m[1]!));
      if (!c) return [404, { error: { code: 'not_found', message: 'No such conversation' } }];
      if (call.headers.authorization !== `Bearer ${c.token}`) return this.refuse(`${method} ${path} without the conversation's token`, 401);
      if (method === 'GET') {
        if (m[2] === undefined) this.problems.push(`history read without ?after: ${path}`);
        const after = Number(m[2] ?? 0);
        return [200, { messages: c.messages.filter((x) => x.seq > after), status: c.status, lastSeq: c.messages.at(-1)?.seq ?? 0 }];
      }
      const body = CustomerMessageRequest.safeParse(call.body);
      if (!body.success) return this.refuse(`message body: ${body.error.message}`);
      if (c.status === 'ended') return [409, { error: { code: 'conversation_ended', message: 'This conversation has ended' } }];
      const seq = (c.messages.at(-1)?.seq ?? 0) + 1;
      const own = customerSays(seq, body.data.type === 'text' ? body.data.text : (body.data.text ?? body.data.payload), body.data.type === 'postback' ? body.data.payload : undefined);
      const added = [own, ...this.answer(body.data, seq + 1)];
      c.messages.push(...added);
      return [200, { messages: added, status: c.status, nodeId: null }];
    }
    return undefined;
  }

  private refuse(problem: string, status = 400): Reply {
    this.problems.push(problem);
    return [status, { error: { code: 'invalid_request', message: problem } }];
  }

  private openStream(path: string, init: RequestInit): Response {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const id = decodeURIComponent(path.split('/')[3] ?? '');
    const c = this.conversations.get(id);
    if (!c || headers.authorization !== `Bearer ${c.token}`) {
      this.problems.push(`stream ${path} without the conversation's token`);
      return new Response(null, { status: 401 });
    }
    if (path.includes(c.token)) this.problems.push('the token is in the stream URL');
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    const stream: Stream = {
      headers,
      path,
      send: (event, data, eventId) => controller.enqueue(encoder.encode(`${eventId === undefined ? '' : `id: ${eventId}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
      end: () => controller.close(),
    };
    init.signal?.addEventListener('abort', () => {
      try {
        controller.close();
      } catch {
        // Already closed by the test.
      }
    });
    this.streams.push(stream);
    const waiter = this.streamWaiters.shift();
    if (waiter) {
      this.handedOut++;
      waiter(stream);
    }
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }
}
