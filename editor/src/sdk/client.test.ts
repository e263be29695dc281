import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, memoryStorage, type ParleyClient, type ParleyEvent } from './client';
import { botSays, FakeParley } from './fakeParley';

const BASE = 'http://parley.test';
let fake: FakeParley;
let clients: ParleyClient[] = [];

beforeEach(() => {
  fake = new FakeParley();
  fake.install();
});

afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
  vi.unstubAllGlobals();
  expect(fake.problems).toEqual([]);
});

function client(options: Partial<Parameters<typeof createClient>[0]> = {}): ParleyClient {
  const c = createClient({ botId: 'order-support', baseUrl: `${BASE}/`, storage: memoryStorage(), ...options });
  clients.push(c);
  return c;
}

/** Collects events, and resolves `until` once one matches. */
function recorder(c: ParleyClient) {
  const events: ParleyEvent[] = [];
  let waiting: { match: (e: ParleyEvent) => boolean; resolve: () => void } | null = null;
  c.subscribe((e) => {
    events.push(e);
    if (waiting?.match(e)) {
      waiting.resolve();
      waiting = null;
    }
  });
  return {
    events,
    until: (match: (e: ParleyEvent) => boolean) => (events.some(match) ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { match, resolve }))),
  };
}

const texts = (events: ParleyEvent[]) => events.flatMap((e) => (e.event === 'message' ? [`${e.data.seq}:${'text' in e.data.payload ? e.data.payload.text : ''}`] : []));

describe('the headless client', () => {
  it('starts a conversation with the visitor, remembers it, and hands out the greeting once', async () => {
    const storage = memoryStorage();
    const c = client({ storage, visitor: { id: 'v1', name: 'Ana' } });
    const rec = recorder(c);
    const started = await c.start();
    expect(started).toMatchObject({ conversationId: 'c1', token: 'tok-c1', status: 'active', nodeId: 'menu' });
    expect(started.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/api/bots/order-support/conversations', body: { visitor: { id: 'v1', name: 'Ana' } } });
    expect(rec.events.slice(0, 3).map((e) => e.event)).toEqual(['conversation', 'message', 'message']);
    expect(JSON.parse(storage.getItem('parley:sdk:order-support')!)).toEqual({ id: 'c1', token: 'tok-c1' });
    // A second start while one is going is the same conversation, not a new one.
    await expect(c.start()).resolves.toMatchObject({ conversationId: 'c1' });
    expect(fake.calls.filter((x) => x.method === 'POST')).toHaveLength(1);
  });

  it('sends text and postbacks with the conversation token and takes in the answers', async () => {
    const c = client();
    await c.start();
    const turn = await c.send('Where is my parcel?');
    expect(turn.messages.map((m) => m.author)).toEqual(['customer', 'bot']);
    await c.send({ type: 'postback', payload: 'track', text: 'Track my order' });
    const posts = fake.calls.filter((x) => x.path === '/api/conversations/c1/messages');
    expect(posts.map((x) => x.body)).toEqual([
      { type: 'text', text: 'Where is my parcel?' },
      { type: 'postback', payload: 'track', text: 'Track my order' },
    ]);
    expect(posts.every((x) => x.headers.authorization === 'Bearer tok-c1')).toBe(true);
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sending before start starts a conversation first', async () => {
    const c = client();
    await c.send('hi');
    expect(fake.calls.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /api/bots/order-support/conversations', 'POST /api/conversations/c1/messages']);
  });

  it('hears live events over the stream with the token in a header, each message once, and statuses', async () => {
    const c = client();
    const rec = recorder(c);
    const opened = fake.nextStream();
    await c.start();
    const stream = await opened;
    expect(stream.path).toBe('/api/conversations/c1/stream');
    expect(stream.headers).toMatchObject({ authorization: 'Bearer tok-c1', 'last-event-id': '2' });

    stream.send('ready', { lastSeq: 2, status: 'active' });
    // A message already held (the greeting) is not told twice; a new one (an agent's) is.
    stream.send('message', botSays(2, 'dup'), 2);
    fake.conversation('c1').messages.push({ seq: 3, author: 'agent', payload: { type: 'text', text: 'Hi, Dana here' }, nodeId: null, createdAt: 'x' });
    stream.send('message', fake.conversation('c1').messages[2], 3);
    stream.send('status', { status: 'handoff' });
    await rec.until((e) => e.event === 'status');
    expect(texts(rec.events)).toEqual(['1:Hello!', '2:What can I help you with today?', '3:Hi, Dana here']);
    expect(rec.events.filter((e) => e.event === 'ready')).toEqual([{ event: 'ready', data: { lastSeq: 2, status: 'active' } }]);
    expect(rec.events).toContainEqual({ event: 'connection', data: { connected: true } });
    expect(c.conversation).toEqual({ id: 'c1', status: 'handoff' });
  });

  it('a reply and the stream bringing the same message tell it once', async () => {
    const c = client();
    const rec = recorder(c);
    const opened = fake.nextStream();
    await c.start();
    const stream = await opened;
    const turn = await c.send('hello');
    for (const m of turn.messages) stream.send('message', m, m.seq);
    stream.send('status', { status: 'ended' });
    await rec.until((e) => e.event === 'status');
    expect(texts(rec.events)).toEqual(['1:Hello!', '2:What can I help you with today?', '3:hello', '4:Got it']);
  });

  it('stops the stream when the last listener leaves', async () => {
    const c = client();
    const opened = fake.nextStream();
    await c.start();
    const stop = c.subscribe(() => undefined);
    await opened;
    stop();
    expect(fake.streams).toHaveLength(1);
    const again = fake.nextStream();
    c.subscribe(() => undefined);
    await expect(again).resolves.toMatchObject({ path: '/api/conversations/c1/stream' });
  });

  it('reads history after a seq', async () => {
    const c = client();
    await c.start();
    await c.send('one');
    const history = await c.history(2);
    expect(history).toMatchObject({ status: 'active', lastSeq: 4 });
    expect(history.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/conversations/c1/messages?after=2', headers: { authorization: 'Bearer tok-c1' } });
  });

  it('history before start says what to do', async () => {
    await expect(client().history()).rejects.toThrow('call start() before history()');
  });

  it('resumes the stored conversation after a reload instead of starting another', async () => {
    const storage = memoryStorage();
    await client({ storage }).start();
    const again = client({ storage });
    const resumed = await again.start();
    expect(resumed).toMatchObject({ conversationId: 'c1', status: 'active' });
    expect(resumed.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/conversations/c1/messages?after=0', headers: { authorization: 'Bearer tok-c1' } });
    expect(fake.calls.filter((x) => x.path.endsWith('/conversations'))).toHaveLength(1);
  });

  it('starts afresh when the stored conversation ended or the server forgot it', async () => {
    const storage = memoryStorage();
    await client({ storage }).start();
    fake.conversation('c1').status = 'ended';
    await expect(client({ storage }).start()).resolves.toMatchObject({ conversationId: 'c2' });
    fake.conversations.delete('c2');
    await expect(client({ storage }).start()).resolves.toMatchObject({ conversationId: 'c3' });
    expect(JSON.parse(storage.getItem('parley:sdk:order-support')!)).toMatchObject({ id: 'c3' });
  });

  it('keeps the stored conversation when the server cannot be reached, and says so', async () => {
    const storage = memoryStorage();
    await client({ storage }).start();
    fake.override = (call) => (call.method === 'GET' ? [503, { error: { code: 'unavailable', message: 'Down' } }] : undefined);
    await expect(client({ storage }).start()).rejects.toMatchObject({ status: 503, unreachable: true });
    expect(JSON.parse(storage.getItem('parley:sdk:order-support')!)).toMatchObject({ id: 'c1' });
  });

  it('a message to a conversation that ended meanwhile opens a new one and is sent there, once', async () => {
    const c = client();
    await c.start();
    fake.conversation('c1').status = 'ended';
    const turn = await c.send('still there?');
    expect(c.conversation).toEqual({ id: 'c2', status: 'active' });
    expect(turn.messages[0]).toMatchObject({ author: 'customer', payload: { text: 'still there?' } });
    expect(fake.calls.map((x) => `${x.method} ${x.path}`)).toEqual([
      'POST /api/bots/order-support/conversations',
      'POST /api/conversations/c1/messages',
      'POST /api/bots/order-support/conversations',
      'POST /api/conversations/c2/messages',
    ]);
  });

  it('identify: a signed-in customer picks up their open conversation from another device', async () => {
    const open = fake.create();
    fake.identities.set('jwt-ana', open.id);
    const c = client();
    c.identify('jwt-ana');
    await expect(c.start()).resolves.toMatchObject({ conversationId: open.id, token: open.token });
    expect(fake.calls).toEqual([expect.objectContaining({ method: 'POST', path: '/api/bots/order-support/conversations/resume', body: { identity: 'jwt-ana' } })]);
  });

  it('identify with no open conversation starts one carrying the identity', async () => {
    fake.identities.set('jwt-bo', null);
    const c = client({ identity: 'jwt-bo' });
    await c.start();
    expect(fake.calls.at(-1)).toMatchObject({ path: '/api/bots/order-support/conversations', body: { visitor: {}, identity: 'jwt-bo' } });
  });

  it('a refused identity goes on anonymously and tells the page', async () => {
    const refused: string[] = [];
    const c = client({ identity: 'forged', onIdentityRefused: (e) => refused.push(e.code) });
    await expect(c.start()).resolves.toMatchObject({ status: 'active' });
    const starts = fake.calls.filter((x) => x.path.endsWith('/conversations'));
    expect(starts.map((x) => x.body)).toEqual([{ visitor: {}, identity: 'forged' }, { visitor: {} }]);
    expect(refused).toEqual(['invalid_identity']);
  });

  it('track posts the event with the visitor and the conversation it belongs to', async () => {
    const c = client({ visitor: { id: 'v9' } });
    await expect(c.track('signup')).resolves.toEqual({ recorded: true, conversionId: 'cv1' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/bots/order-support/track', body: { event: 'signup', visitorId: 'v9' } });
    await c.start();
    await c.track('purchase', { value: 42, currency: 'USD' });
    expect(fake.calls.at(-1)!.body).toEqual({ event: 'purchase', value: 42, currency: 'USD', visitorId: 'v9', conversationId: 'c1', token: 'tok-c1' });
  });

  it('passes the server’s refusal through as an ApiError value', async () => {
    fake.override = (call) => (call.path.endsWith('/conversations') ? [404, { error: { code: 'bot_not_found', message: 'No published bot "nope"' } }] : undefined);
    await expect(client({ botId: 'nope' }).start()).rejects.toMatchObject({ status: 404, code: 'bot_not_found', message: 'No published bot "nope"' });
  });
});
