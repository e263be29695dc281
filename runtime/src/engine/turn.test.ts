import { describe, expect, it, vi } from 'vitest';
import { FlowDocument, validate, type Flow } from '@parley/shared';
import { openStore } from '../store';
import { Hub } from '../live/hub';
import { VersionCache } from './versions';
import { CONFLICT_RETRIES, TurnEngine } from './turn';
import { ConversationEnded, ConversationNotFound, NotPublished } from './errors';
import { parseAllowHosts } from '../net/addressGuard';
import { silentLogger } from '../log';
import { ConflictError } from '../store/conversations';

/** The turn pipeline on an in-memory database, with no HTTP in the way. */
async function setup(doc: unknown, opts: { fetch?: typeof fetch } = {}) {
  const store = openStore(':memory:');
  const parsed = FlowDocument.parse(doc);
  const { flow } = validate(parsed);
  const now = '2026-11-25T00:00:00.000Z';
  await store.bots.create(parsed.id, parsed.name, parsed, now);
  await store.bots.publish(parsed.id, flow ?? (parsed as unknown as Flow), now);
  const hub = new Hub();
  const log = silentLogger();
  const engine = new TurnEngine({
    store,
    versions: new VersionCache(store),
    hub,
    clock: () => new Date(now),
    log,
    effects: { http: { fetch: opts.fetch ?? fetch, allow: parseAllowHosts('') }, articles: store.articles, log },
  });
  return { store, engine, hub, botId: parsed.id };
}

const node = (id: string, type: string, data: object = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const edge = (source: string, target: string, sourceHandle = 'next') => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });
const flow = (nodes: object[], edges: object[]) => ({ schemaVersion: 1, id: 'b', name: 'B', locale: 'en', nodes, edges });

describe('turn engine', () => {
  it('stops a loop that never waits at the step bound, tells the customer, and hands off with a ticket', async () => {
    const { engine, store } = await setup(flow([node('s', 'start'), node('a', 'message', { text: 'a' }), node('b', 'message', { text: 'b' })], [edge('s', 'a'), edge('a', 'b'), edge('b', 'a')]));
    const { conversation, messages } = await engine.start('b', {});
    expect(messages.length).toBeLessThanOrEqual(201);
    expect(messages.at(-1)).toMatchObject({ author: 'system' });
    const row = (await store.conversations.get(conversation.id))!;
    expect(row.status).toBe('handoff');
    expect((await store.tickets.openFor(conversation.id))?.tags).toEqual(['bot-fault']);
  });

  it('persists every turn: the stored state and messages are what the next turn starts from', async () => {
    const { engine, store } = await setup(
      flow(
        [node('s', 'start'), node('q', 'ask', { prompt: 'Name?', variable: 'name' }), node('m', 'message', { text: 'Hi {{name}}' }), node('e', 'end')],
        [edge('s', 'q'), edge('q', 'm'), edge('m', 'e')],
      ),
    );
    const { conversation } = await engine.start('b', {});
    expect((await store.conversations.get(conversation.id))!.nodeId).toBe('q');
    const out = (await engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' })).messages;
    expect(out.map((m) => m.payload)).toEqual([{ type: 'customer', text: 'Mina' }, { type: 'text', text: 'Hi Mina' }]);
    const row = (await store.conversations.get(conversation.id))!;
    expect(row.status).toBe('ended');
    expect(row.state?.context.vars.name).toBe('Mina');
    expect((await store.conversations.messagesAfter(conversation.id, 0)).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('refuses a write computed from a stale row version, leaving the stored turn intact', async () => {
    const { engine, store } = await setup(flow([node('s', 'start'), node('q', 'ask', { prompt: 'Name?', variable: 'name' }), node('e', 'end')], [edge('s', 'q'), edge('q', 'e')]));
    const { conversation } = await engine.start('b', {});
    const row = (await store.conversations.get(conversation.id))!;
    const write = { id: row.id, expectedRowVersion: row.rowVersion, status: row.status, state: row.state, nodeId: row.nodeId, messages: [], now: new Date().toISOString() };
    await store.conversations.commitTurn(write, row.lastSeq, row.botId);
    await expect(store.conversations.commitTurn(write, row.lastSeq, row.botId)).rejects.toThrow(ConflictError);
  });

  it('publishes committed messages to live listeners, after the commit', async () => {
    const { engine, store, hub } = await setup(flow([node('s', 'start'), node('q', 'ask', { prompt: 'Name?', variable: 'name' }), node('e', 'end')], [edge('s', 'q'), edge('q', 'e')]));
    const { conversation } = await engine.start('b', {});
    const seen: Promise<{ told: number[]; stored: number[] }>[] = [];
    hub.subscribe(`conversation:${conversation.id}`, (event) => {
      // Whatever a listener is told is already in the database: read it the moment the listener is told.
      if (event.kind === 'messages') seen.push(store.conversations.messagesAfter(conversation.id, 0).then((all) => ({ told: event.messages.map((m) => m.seq), stored: all.map((m) => m.seq) })));
    });
    await engine.customerMessage(conversation.id, { type: 'text', text: 'Jo' });
    const told = await Promise.all(seen);
    expect(told.flatMap((t) => t.told)).toEqual([2]);
    for (const t of told) expect(t.stored).toEqual(expect.arrayContaining(t.told));
  });

  it('takes the failure outlet when the lookup throws, and keeps the conversation moving', async () => {
    const failing = (() => Promise.reject(new Error('network down'))) as unknown as typeof fetch;
    const { engine } = await setup(
      flow(
        [
          node('s', 'start'),
          node('api', 'apiCall', { url: 'https://93.184.215.14/orders', mappings: [] }),
          node('ok', 'message', { text: 'ok' }),
          node('ko', 'message', { text: 'sorry' }),
          node('e', 'end'),
        ],
        [edge('s', 'api'), edge('api', 'ok', 'success'), edge('api', 'ko', 'failure'), edge('ok', 'e'), edge('ko', 'e')],
      ),
      { fetch: failing },
    );
    const { messages } = await engine.start('b', {});
    expect(messages.map((m) => m.payload)).toEqual([{ type: 'text', text: 'sorry' }]);
  });

  it('records a pressed button by the label the customer saw on it, not the text the client sent', async () => {
    const { engine } = await setup(
      flow(
        [
          node('s', 'start'),
          node('q', 'ask', { prompt: 'Name?', variable: 'name' }),
          node('menu', 'options', { text: 'Pick one', options: [{ id: 'a', label: 'Hello {{name}}' }, { id: 'b', label: 'Again' }] }),
        ],
        [edge('s', 'q'), edge('q', 'menu'), edge('menu', 'q', 'a'), edge('menu', 'menu', 'b')],
      ),
    );
    const { conversation } = await engine.start('b', {});
    await engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' });
    // A typed message that merely contains the payload is no button.
    await engine.customerMessage(conversation.id, { type: 'text', text: 'menu:a' });
    const pressed = (await engine.customerMessage(conversation.id, { type: 'postback', payload: 'menu:a', text: 'forged' })).messages;
    expect(pressed[0]!.payload).toEqual({ type: 'customer', text: 'Hello Mina', payload: 'menu:a' });
    // A payload no recent message offered keeps the client's text.
    const unknown = (await engine.customerMessage(conversation.id, { type: 'postback', payload: 'menu:zzz', text: 'typed' })).messages;
    expect(unknown[0]!.payload).toEqual({ type: 'customer', text: 'typed', payload: 'menu:zzz' });
  });

  it('a label remembered from the previous turn gives way to what was appended since, by any process', async () => {
    const doc = flow(
      [node('s', 'start'), node('menu', 'options', { text: 'Pick one', options: [{ id: 'a', label: 'Track' }, { id: 'b', label: 'Again' }] }), node('ok', 'message', { text: 'OK' })],
      [edge('s', 'menu'), edge('menu', 'ok', 'a'), edge('menu', 'ok', 'b'), edge('ok', 'menu')],
    );
    const { engine, store, hub } = await setup(doc);
    // A second process on the same database: its own engine, with nothing remembered.
    const log = silentLogger();
    const other = new TurnEngine({ store, versions: new VersionCache(store), hub, clock: () => new Date(), log, effects: { http: { fetch, allow: parseAllowHosts('') }, articles: store.articles, log } });
    const { conversation } = await engine.start('b', {});
    const shown = (await store.conversations.messagesAfter(conversation.id, 0)).at(-1)!.payload;
    const payloadA = shown.type === 'options' ? shown.buttons[0]!.payload! : '';
    // The other process re-shows the same button under a new label after this one's turn.
    await other.appendFromOutside(conversation.id, [{ author: 'bot', nodeId: 'menu', payload: { type: 'options', text: 'Still there?', buttons: [{ id: 'a', label: 'Track it again', action: 'postback', payload: payloadA }] } }]);
    const pressed = (await engine.customerMessage(conversation.id, { type: 'postback', payload: payloadA, text: 'forged' })).messages;
    expect(pressed[0]!.payload).toEqual({ type: 'customer', text: 'Track it again', payload: payloadA });
    expect(pressed.at(-1)!.payload).toMatchObject({ type: 'options', text: 'Pick one' });
    // The other process, whose remembered buttons are now stale, reads the label of the menu shown since.
    const again = (await other.customerMessage(conversation.id, { type: 'postback', payload: payloadA, text: 'forged' })).messages;
    expect(again[0]!.payload).toEqual({ type: 'customer', text: 'Track', payload: payloadA });
  });

  it('looks for a button among the last 20 messages only, newest first', async () => {
    const { engine, store } = await setup(flow([node('s', 'start'), node('q', 'ask', { prompt: 'Name?', variable: 'name' })], [edge('s', 'q')]));
    const { conversation } = await engine.start('b', {});
    const say = (label: string) => ({ author: 'bot' as const, nodeId: 'q', payload: { type: 'options' as const, text: 'Pick', buttons: [{ id: 'x', label, action: 'postback' as const, payload: 'q:x' }] } });
    // Holds the payload string, so the store offers it; it has no button, so the search goes on past it.
    const note = { author: 'bot' as const, nodeId: 'q', payload: { type: 'text' as const, text: 'q:x' } };
    await engine.appendFromOutside(conversation.id, [say('old'), say('newer'), note]);
    const find = (after: number) =>
      store.conversations.findRecent(conversation.id, after, 20, JSON.stringify('q:x'), (p) => (p.type === 'options' ? p.buttons.find((b) => b.payload === 'q:x')?.label : undefined));
    expect(await find(0)).toBe('newer');
    await engine.appendFromOutside(conversation.id, Array.from({ length: 19 }, () => note));
    const { lastSeq } = (await store.conversations.get(conversation.id))!;
    // "newer" is now the 21st message from the end: outside the window, as messagesAfter(lastSeq - 20, 20) would have it.
    expect(await find(Math.max(0, lastSeq - 20))).toBeUndefined();
    expect(await find(Math.max(0, lastSeq - 21))).toBe('newer');
  });
});

describe('turn engine: conflicts and refusals', () => {
  const askFlow = flow([node('s', 'start'), node('q', 'ask', { prompt: 'Name?', variable: 'name' }), node('m', 'message', { text: 'Hi {{name}}' }), node('e', 'end')], [edge('s', 'q'), edge('q', 'm'), edge('m', 'e')]);

  it('reads the conversation once per turn, and once more for each redo after a conflict', async () => {
    const { engine, store } = await setup(askFlow);
    const get = vi.spyOn(store.conversations, 'get');
    const { conversation } = await engine.start('b', {});
    expect(get).toHaveBeenCalledTimes(1);
    expect(conversation).toMatchObject({ status: 'active', nodeId: 'q', lastSeq: 1 });
    expect(conversation).toEqual(await store.conversations.get(conversation.id));

    get.mockClear();
    const commit = vi.spyOn(store.conversations, 'commitTurn').mockRejectedValueOnce(new ConflictError());
    const { messages } = await engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' });
    expect(get).toHaveBeenCalledTimes(2);
    expect(commit).toHaveBeenCalledTimes(2);
    // The redo starts from the fresh read and writes the turn once.
    expect(messages.map((m) => m.payload)).toEqual([{ type: 'customer', text: 'Mina' }, { type: 'text', text: 'Hi Mina' }]);
    expect((await store.conversations.messagesAfter(conversation.id, 0)).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it(`gives up after ${CONFLICT_RETRIES} redos and surfaces the conflict, having written nothing`, async () => {
    const { engine, store } = await setup(askFlow);
    const { conversation } = await engine.start('b', {});
    const commit = vi.spyOn(store.conversations, 'commitTurn').mockRejectedValue(new ConflictError());
    await expect(engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' })).rejects.toThrow(ConflictError);
    expect(commit).toHaveBeenCalledTimes(CONFLICT_RETRIES + 1);
    expect((await store.conversations.get(conversation.id))!.lastSeq).toBe(1);
  });

  it('does not redo a turn that failed for another reason', async () => {
    const { engine, store } = await setup(askFlow);
    const { conversation } = await engine.start('b', {});
    const commit = vi.spyOn(store.conversations, 'commitTurn').mockRejectedValue(new Error('disk full'));
    await expect(engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' })).rejects.toThrow('disk full');
    expect(commit).toHaveBeenCalledTimes(1);
  });

  it('refuses with its own errors, not HTTP ones', async () => {
    const { engine, store } = await setup(askFlow);
    await expect(engine.customerMessage('nope', { type: 'text', text: 'x' })).rejects.toThrow(ConversationNotFound);
    await store.bots.create('draft', 'Draft', FlowDocument.parse({ ...askFlow, id: 'draft' }), new Date().toISOString());
    await expect(engine.start('draft', {})).rejects.toThrow(NotPublished);
    const { conversation } = await engine.start('b', {});
    await engine.customerMessage(conversation.id, { type: 'text', text: 'Mina' });
    await expect(engine.customerMessage(conversation.id, { type: 'text', text: 'again' })).rejects.toThrow(ConversationEnded);
  });
});
