/**
 * One contract for every store: the same calls, the same answers, on SQLite and on a real PostgreSQL server (a fresh
 * database per run; see testing/pgGlobalSetup.ts). Every method of every repository is called with its result
 * asserted, edge cases included; the PostgreSQL half adds what only a shared server has (two processes, lock
 * timeouts, LISTEN/NOTIFY, connection loss).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FlowDocument, Message, PersistedState } from '@parley/shared';
import { ConflictError, LockTimeoutError, StoreConfigError, StoreUnavailableError, openStore, openStoreFromEnv, type Store } from '.';
import type { NewConversation, NewMessage, TurnWrite } from './conversations';
import { openPostgresStore, type PostgresStoreOptions } from './postgres';
import { SCHEMA_VERSION } from './postgres/migrations';
import { createTestDatabase, pgAvailable, pgServerUrl, pgUnavailableReason } from '../testing/postgres';
import { repoRoot } from '../testing/harness';

const SLOW = 60_000;

/** What a suite gets from its opener. */
interface Harness {
  store: Store;
  close(): Promise<void>;
}

interface PgHarness extends Harness {
  url: string;
  /** Another store on the same database: another "process". Closed with the harness. */
  another(options?: PostgresStoreOptions): Promise<Store>;
  /** SQL on the test database, outside any store. */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

let counter = 0;
const suffix = Math.random().toString(36).slice(2, 8);
const uid = (prefix: string) => `${prefix}-${++counter}-${suffix}`;

/** Minute `n` of 2026-01-01 as the ISO string the runtime passes. */
const at = (n: number, year = 2026) => new Date(Date.UTC(year, 0, 1) + n * 60_000).toISOString();

const document: FlowDocument = JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')) as FlowDocument;
const docNamed = (name: string): FlowDocument => ({ ...document, name });

const state = (nodeId: string): PersistedState => ({ value: { [nodeId]: 'waiting' }, context: { vars: { name: 'Ada', n: 1 }, nodeId } }) as unknown as PersistedState;

const customer = (text: string, clientId?: string): NewMessage => ({ author: 'customer', payload: { type: 'customer', text }, nodeId: null, ...(clientId ? { clientId } : {}) });
const bot = (text: string, nodeId = 'n1'): NewMessage => ({ author: 'bot', payload: { type: 'text', text }, nodeId });
const options = (text: string, buttons: { label: string; payload: string }[]): NewMessage => ({
  author: 'bot',
  payload: { type: 'options', text, buttons: buttons.map((b, i) => ({ id: `b${i}`, label: b.label, action: 'postback' as const, payload: b.payload })) },
  nodeId: 'menu',
});

/** Resolves when `condition` holds, checking on every event-loop turn; fails after `ms`. */
async function until(condition: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

/** A promise and its resolver, for holding a callback open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((ok) => (open = ok));
  return { promise, open };
}

/** The only fixed wait: how long a call that must stay blocked is given to (wrongly) get through. */
const PROVE_BLOCKED_MS = 400;
const settledWithin = async (p: Promise<unknown>, ms: number) => {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((ok) => setTimeout(ok, ms));
  return settled;
};

async function createBot(store: Store, name = 'Bot'): Promise<string> {
  const id = uid('bot');
  await store.bots.create(id, name, docNamed(name), at(0));
  return id;
}

async function createConversation(store: Store, botId: string, over: Partial<NewConversation> = {}): Promise<string> {
  const id = over.id ?? uid('conv');
  await store.conversations.create({ id, botId, flowVersion: 1, tokenHash: `token-${id}`, visitorId: null, visitor: {}, now: at(1), ...over });
  return id;
}

/** A turn on the conversation as it is now. */
async function turn(store: Store, id: string, change: Partial<TurnWrite> & { messages: NewMessage[] }) {
  const conv = (await store.conversations.get(id))!;
  return store.conversations.commitTurn(
    { id, expectedRowVersion: conv.rowVersion, status: conv.status, state: conv.state, nodeId: conv.nodeId, now: at(10), ...change },
    conv.lastSeq,
    conv.botId,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The contract

function storeContract(name: 'sqlite' | 'postgres', open: () => Promise<Harness>): void {
  describe(`store contract: ${name}`, { timeout: SLOW }, () => {
    let h: Harness;
    let store: Store;

    beforeAll(async () => {
      h = await open();
      store = h.store;
    }, SLOW);
    afterAll(async () => {
      await h?.close();
    }, SLOW);

    describe('store', () => {
      it('is open, answers ping and names its process', async () => {
        expect(store.isOpen()).toBe(true);
        await expect(store.ping()).resolves.toBeUndefined();
        expect(typeof store.instance).toBe('string');
        expect(store.instance.length).toBeGreaterThan(0);
      });
    });

    describe('meta', () => {
      it('gets, sets, overwrites and deletes', async () => {
        const key = uid('key');
        expect(await store.meta.get(key)).toBeUndefined();
        await store.meta.set(key, 'one');
        expect(await store.meta.get(key)).toBe('one');
        await store.meta.set(key, 'two');
        expect(await store.meta.get(key)).toBe('two');
        await store.meta.delete(key);
        expect(await store.meta.get(key)).toBeUndefined();
        await expect(store.meta.delete(key)).resolves.toBeUndefined();
      });

      it('claim: the first writer wins, also when claims race', async () => {
        const key = uid('claim');
        expect(await store.meta.claim(key, 'first')).toBe('first');
        expect(await store.meta.claim(key, 'second')).toBe('first');
        expect(await store.meta.get(key)).toBe('first');
        const raced = uid('raced');
        const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((v) => store.meta.claim(raced, v)));
        expect(new Set(answers).size).toBe(1);
        expect(await store.meta.get(raced)).toBe(answers[0]);
      });
    });

    describe('bots', () => {
      it('creates a bot with its first draft; get and list answer its summary', async () => {
        const id = uid('bot');
        expect(await store.bots.get(id)).toBeUndefined();
        expect(await store.bots.create(id, 'Order support', document, at(5))).toBe(true);
        expect(await store.bots.get(id)).toStrictEqual({ id, name: 'Order support', createdAt: at(5), updatedAt: at(5), publishedVersion: null, draftRevision: 1 });
        expect(await store.bots.draft(id)).toStrictEqual({ document, revision: 1, updatedAt: at(5) });
        expect(await store.bots.draft(uid('missing'))).toBeUndefined();
        // The same id twice is refused, and the first bot and its draft stay as they were.
        expect(await store.bots.create(id, 'Again', { ...document, name: 'Again' }, at(6))).toBe(false);
        expect((await store.bots.get(id))?.name).toBe('Order support');
        expect(await store.bots.draft(id)).toStrictEqual({ document, revision: 1, updatedAt: at(5) });
      });

      it('lists by creation time, then id', async () => {
        const [a, b, c] = [uid('list-b'), uid('list-a'), uid('list-c')];
        await store.bots.create(a, 'A', document, at(30, 2030));
        await store.bots.create(c, 'C', document, at(10, 2030));
        await store.bots.create(b, 'B', document, at(30, 2030));
        const mine = (await store.bots.list()).filter((r) => [a, b, c].includes(r.id));
        expect(mine.map((r) => r.id)).toStrictEqual([c, ...[a, b].sort()]);
        expect(mine[0]).toStrictEqual({ id: c, name: 'C', createdAt: at(10, 2030), updatedAt: at(10, 2030), publishedVersion: null, draftRevision: 1 });
      });

      it('saves drafts with revision checks: a stale base is a conflict that reports the current revision', async () => {
        const id = await createBot(store);
        expect(await store.bots.saveDraft(id, docNamed('Renamed'), 1, at(7))).toStrictEqual({ ok: true, revision: 2 });
        // The bot takes the document's name.
        expect(await store.bots.get(id)).toMatchObject({ name: 'Renamed', updatedAt: at(7), draftRevision: 2 });
        expect(await store.bots.saveDraft(id, docNamed('Stale'), 1, at(8))).toStrictEqual({ ok: false, current: 2 });
        expect((await store.bots.draft(id))!.document.name).toBe('Renamed');
        // No base: saved whatever the revision.
        expect(await store.bots.saveDraft(id, docNamed('Forced'), undefined, at(9))).toStrictEqual({ ok: true, revision: 3 });
        expect(await store.bots.draft(id)).toStrictEqual({ document: docNamed('Forced'), revision: 3, updatedAt: at(9) });
        // Two saves from the same base: exactly one lands.
        const raced = await Promise.all([store.bots.saveDraft(id, docNamed('X'), 3, at(10)), store.bots.saveDraft(id, docNamed('Y'), 3, at(10))]);
        expect(raced.filter((r) => r.ok)).toHaveLength(1);
        expect(raced.filter((r) => !r.ok)).toStrictEqual([{ ok: false, current: 4 }]);
      });

      it('publishes numbered versions 1, 2, …; previews are numbered below zero and never listed', async () => {
        const id = await createBot(store);
        expect(await store.bots.versions(id)).toStrictEqual([]);
        expect(await store.bots.publish(id, docNamed('v1'), at(1))).toBe(1);
        expect(await store.bots.publish(id, docNamed('v2'), at(2))).toBe(2);
        expect(await store.bots.freezePreview(id, docNamed('p1'), at(3))).toBe(-1);
        expect(await store.bots.freezePreview(id, docNamed('p2'), at(4))).toBe(-2);
        expect(await store.bots.publish(id, docNamed('v3'), at(5))).toBe(3);
        expect(await store.bots.versions(id)).toStrictEqual([
          { version: 3, publishedAt: at(5) },
          { version: 2, publishedAt: at(2) },
          { version: 1, publishedAt: at(1) },
        ]);
        expect((await store.bots.get(id))!.publishedVersion).toBe(3);
        expect(await store.bots.versionDocument(id, 2)).toStrictEqual(docNamed('v2'));
        expect(await store.bots.versionDocument(id, -2)).toStrictEqual(docNamed('p2'));
        expect(await store.bots.versionDocument(id, 9)).toBeUndefined();
        // Racing publishes each get their own number.
        const numbers = await Promise.all([4, 5, 6].map(() => store.bots.publish(id, document, at(6))));
        expect(numbers.sort()).toStrictEqual([4, 5, 6]);
        // Previews only: no published version.
        const previewOnly = await createBot(store);
        expect(await store.bots.freezePreview(previewOnly, document, at(1))).toBe(-1);
        expect((await store.bots.get(previewOnly))!.publishedVersion).toBeNull();
      });

      it('renames and deletes (with its drafts and versions)', async () => {
        const id = await createBot(store);
        await store.bots.publish(id, document, at(1));
        expect(await store.bots.rename(id, 'New name', at(2))).toBe(true);
        expect(await store.bots.get(id)).toMatchObject({ name: 'New name', updatedAt: at(2) });
        expect(await store.bots.rename(uid('missing'), 'x', at(2))).toBe(false);
        expect(await store.bots.delete(id)).toBe(true);
        expect(await store.bots.get(id)).toBeUndefined();
        expect(await store.bots.draft(id)).toBeUndefined();
        expect(await store.bots.versions(id)).toStrictEqual([]);
        expect(await store.bots.delete(id)).toBe(false);
      });
    });

    describe('conversations', () => {
      let botId: string;
      beforeAll(async () => {
        botId = await createBot(store);
      });

      it('creates conversations and reads them back exactly', async () => {
        const before = await store.conversations.count();
        const id = await createConversation(store, botId, { visitorId: 'v-1', visitor: { name: 'Ada', email: 'ada@example.com', pages: [{ url: 'https://shop.example/a' }] } });
        expect(await store.conversations.get(id)).toStrictEqual({
          id,
          botId,
          flowVersion: 1,
          status: 'active',
          state: null,
          nodeId: null,
          rowVersion: 0,
          lastSeq: 0,
          tokenHash: `token-${id}`,
          visitorId: 'v-1',
          visitor: { name: 'Ada', email: 'ada@example.com', pages: [{ url: 'https://shop.example/a' }] },
          preview: 0,
          ip: null,
          verified: 0,
          forceHours: null,
          createdAt: at(1),
          updatedAt: at(1),
          holder: null,
        });
        const preview = await createConversation(store, botId, { flowVersion: -3, ip: '203.0.113.9', verified: true, forceHours: 'closed' });
        expect(await store.conversations.get(preview)).toMatchObject({ flowVersion: -3, preview: 1, ip: '203.0.113.9', verified: 1, forceHours: 'closed', visitorId: null, visitor: {} });
        expect(await store.conversations.count()).toBe(before + 2);
        expect(await store.conversations.get(uid('missing'))).toBeUndefined();
        await expect(createConversation(store, botId, { id })).rejects.toThrow();
      });

      it('key: the fields an access check reads, following the turns', async () => {
        const id = await createConversation(store, botId, { visitorId: 'v-key' });
        expect(await store.conversations.key(id)).toStrictEqual({ id, botId, status: 'active', lastSeq: 0, tokenHash: `token-${id}`, visitorId: 'v-key' });
        await turn(store, id, { status: 'handoff', messages: [customer('hello'), bot('One moment', 'handoff')] });
        expect(await store.conversations.key(id)).toStrictEqual({ id, botId, status: 'handoff', lastSeq: 2, tokenHash: `token-${id}`, visitorId: 'v-key' });
        expect(await store.conversations.key(uid('missing'))).toBeUndefined();
      });

      it('commitTurn writes state and messages, numbers them, and bumps the row version', async () => {
        const id = await createConversation(store, botId);
        const written = await store.conversations.commitTurn(
          { id, expectedRowVersion: 0, status: 'active', state: state('ask'), nodeId: 'ask', messages: [customer('hello', 'client-0001'), bot('Hi! What is your order number?', 'ask')], now: at(20) },
          0,
          botId,
        );
        const expected: Message[] = [
          { author: 'customer', payload: { type: 'customer', text: 'hello' }, nodeId: null, seq: 1, createdAt: at(20) },
          { author: 'bot', payload: { type: 'text', text: 'Hi! What is your order number?' }, nodeId: 'ask', seq: 2, createdAt: at(20) },
        ];
        expect(written).toStrictEqual({ messages: expected, ticketId: null, rowVersion: 1 });
        expect(await store.conversations.get(id)).toMatchObject({ status: 'active', state: state('ask'), nodeId: 'ask', rowVersion: 1, lastSeq: 2, updatedAt: at(20), createdAt: at(1) });
        // Read back field by field as written (createdAt, nodeId null vs string, payload objects).
        expect(await store.conversations.messagesAfter(id, 0)).toStrictEqual(expected.map(({ seq, author, payload, nodeId, createdAt }) => ({ seq, author, payload, nodeId, createdAt })));
        expect(await store.conversations.messagesAfter(id, 1)).toStrictEqual([expected[1]]);
        expect(await store.conversations.messagesAfter(id, 0, 1)).toStrictEqual([expected[0]]);
        expect(await store.conversations.messagesAfter(id, 2)).toStrictEqual([]);
        // A turn without messages changes the state only.
        const quiet = await store.conversations.commitTurn({ id, expectedRowVersion: 1, status: 'ended', state: null, nodeId: null, messages: [], now: at(21) }, 2, botId);
        expect(quiet).toStrictEqual({ messages: [], ticketId: null, rowVersion: 2 });
        expect(await store.conversations.get(id)).toMatchObject({ status: 'ended', state: null, nodeId: null, rowVersion: 2, lastSeq: 2 });
      });

      it('commitTurn on a stale row version is a ConflictError and writes nothing', async () => {
        const id = await createConversation(store, botId);
        await turn(store, id, { messages: [customer('one')] });
        const head = await store.conversations.outboxHead();
        const stale = store.conversations.commitTurn({ id, expectedRowVersion: 0, status: 'handoff', state: null, nodeId: 'x', messages: [customer('two')], ticket: { subject: 's', priority: 'normal', tags: [], group: 'g', fields: {} }, deliveries: [{ kind: 'webhook', target: 'e1', idempotencyKey: uid('k'), payload: {} }], now: at(30) }, 1, botId);
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        expect(await store.conversations.get(id)).toMatchObject({ rowVersion: 1, lastSeq: 1, status: 'active' });
        expect(await store.conversations.messagesAfter(id, 0)).toHaveLength(1);
        expect(await store.tickets.latestFor(id)).toBeUndefined();
        expect((await store.conversations.outboxAfter(head, 100)).filter((r) => r.payload.conversationId === id)).toStrictEqual([]);
        // Two turns computed from the same read: one lands, the other conflicts.
        const conv = (await store.conversations.get(id))!;
        const write = (text: string) =>
          store.conversations.commitTurn({ id, expectedRowVersion: conv.rowVersion, status: 'active', state: null, nodeId: null, messages: [customer(text)], now: at(31) }, conv.lastSeq, botId);
        const results = await Promise.allSettled([write('a'), write('b')]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')!.reason).toBeInstanceOf(ConflictError);
      });

      it('client ids: replayOf answers the stored message and what answered it; a repeated id is refused atomically', async () => {
        const id = await createConversation(store, botId);
        await turn(store, id, { messages: [customer('first', 'client-aaaa1'), bot('answer 1'), bot('answer 1b')] });
        await turn(store, id, { messages: [customer('second', 'client-bbbb2'), bot('answer 2')] });
        await turn(store, id, { messages: [customer('third')] });
        expect((await store.conversations.replayOf(id, 'client-aaaa1'))!.map((m) => [m.seq, m.author])).toStrictEqual([
          [1, 'customer'],
          [2, 'bot'],
          [3, 'bot'],
        ]);
        const second = await store.conversations.replayOf(id, 'client-bbbb2');
        expect(second).toStrictEqual([
          { seq: 4, author: 'customer', payload: { type: 'customer', text: 'second' }, nodeId: null, createdAt: at(10) },
          { seq: 5, author: 'bot', payload: { type: 'text', text: 'answer 2' }, nodeId: 'n1', createdAt: at(10) },
        ]);
        expect(await store.conversations.replayOf(id, 'client-unknown')).toBeUndefined();
        // The same client id in the same conversation again: the whole turn is refused.
        await expect(turn(store, id, { messages: [customer('again', 'client-aaaa1'), bot('nope')] })).rejects.toThrow();
        expect(await store.conversations.get(id)).toMatchObject({ lastSeq: 6, rowVersion: 3 });
        // …while another conversation may use it.
        const other = await createConversation(store, botId);
        await turn(store, other, { messages: [customer('elsewhere', 'client-aaaa1')] });
        expect((await store.conversations.replayOf(other, 'client-aaaa1'))!).toHaveLength(1);
        // The last message with an id and nothing after it.
        await turn(store, other, { messages: [customer('last', 'client-cccc3')] });
        expect((await store.conversations.replayOf(other, 'client-cccc3'))!.map((m) => m.seq)).toStrictEqual([2]);
      });

      it('findRecent: newest first within the messagesAfter window, only messages holding the needle', async () => {
        const id = await createConversation(store, botId);
        await turn(store, id, { messages: [options('Pick one', [{ label: 'Old label', payload: 'menu:track' }]), bot('filler')] });
        await turn(store, id, { messages: [options('Again', [{ label: 'New label', payload: 'menu:track' }, { label: 'Other', payload: 'menu:other' }]), customer('x')] });
        const seen: string[] = [];
        const label = (p: Message['payload']) => {
          seen.push(p.type);
          return p.type === 'options' ? p.buttons.find((b) => b.payload === 'menu:track')?.label : undefined;
        };
        expect(await store.conversations.findRecent(id, 0, 20, JSON.stringify('menu:track'), label)).toBe('New label');
        // Only messages whose stored JSON holds the needle reach `pick`, and the search stops at the first answer.
        expect(seen).toStrictEqual(['options']);
        // The window: after 2, limit 1 is message 3 alone.
        expect(await store.conversations.findRecent(id, 2, 1, JSON.stringify('menu:track'), label)).toBe('New label');
        expect(await store.conversations.findRecent(id, 0, 2, JSON.stringify('menu:track'), label)).toBe('Old label');
        expect(await store.conversations.findRecent(id, 3, 20, JSON.stringify('menu:track'), label)).toBeUndefined();
        expect(await store.conversations.findRecent(id, 0, 20, JSON.stringify('menu:none'), label)).toBeUndefined();
        // A pick that declines the newest moves on to the older one.
        let calls = 0;
        const secondNewest = await store.conversations.findRecent(id, 0, 20, '"menu:track"', (p) => (++calls === 1 ? undefined : p.type === 'options' ? p.text : undefined));
        expect(secondNewest).toBe('Pick one');
      });

      it('commitTurn with a handoff creates the ticket and announces it; resolving it in a turn resolves it once', async () => {
        const id = await createConversation(store, botId);
        const head = await store.conversations.outboxHead();
        const handoff = await turn(store, id, {
          status: 'handoff',
          nodeId: 'handoff',
          messages: [customer('agent please'), bot('Connecting you', 'handoff')],
          ticket: { subject: 'Help with order 10001', priority: 'high', tags: ['order', 'vip'], group: 'support', fields: { email: 'ada@example.com', order: 10001, nested: { ok: true } } },
          now: at(40),
        });
        expect(typeof handoff.ticketId).toBe('number');
        const ticketId = handoff.ticketId!;
        expect(await store.tickets.get(ticketId)).toStrictEqual({
          id: ticketId,
          conversationId: id,
          botId,
          status: 'open',
          subject: 'Help with order 10001',
          priority: 'high',
          tags: ['order', 'vip'],
          group: 'support',
          fields: { email: 'ada@example.com', order: 10001, nested: { ok: true } },
          assignee: null,
          createdAt: at(40),
          updatedAt: at(40),
          resolvedAt: null,
        });
        const rows = await store.conversations.outboxAfter(head, 100);
        const mine = rows.filter((r) => r.payload.conversationId === id);
        expect(mine.map(({ topic, payload }) => ({ topic, payload }))).toStrictEqual([
          { topic: 'ticket.created', payload: { ticketId, conversationId: id, by: store.instance } },
          { topic: 'messages', payload: { conversationId: id, from: 1, to: 2, status: 'handoff', by: store.instance } },
        ]);
        expect(mine[0]!.id).toBeLessThan(mine[1]!.id);

        const resolved = await turn(store, id, { status: 'ended', messages: [{ author: 'system', payload: { type: 'system', text: 'Resolved' }, nodeId: null }], resolveTicketId: ticketId, now: at(41) });
        expect(resolved.ticketId).toBeNull();
        expect(await store.tickets.get(ticketId)).toMatchObject({ status: 'resolved', resolvedAt: at(41), updatedAt: at(41) });
        const after = (await store.conversations.outboxAfter(mine[1]!.id, 100)).filter((r) => r.payload.conversationId === id);
        expect(after.map(({ topic, payload }) => ({ topic, payload }))).toStrictEqual([
          { topic: 'ticket.resolved', payload: { ticketId, conversationId: id, by: store.instance } },
          { topic: 'messages', payload: { conversationId: id, from: 3, to: 3, status: 'ended', by: store.instance } },
        ]);
        // Resolving an already resolved ticket: the turn conflicts and nothing of it is written.
        await expect(turn(store, id, { messages: [bot('late')], resolveTicketId: ticketId })).rejects.toBeInstanceOf(ConflictError);
        expect(await store.conversations.get(id)).toMatchObject({ lastSeq: 3, status: 'ended' });
      });

      it("commitTurn queues the turn's deliveries, once per kind and key", async () => {
        const id = await createConversation(store, botId);
        const kind = uid('turn-kind');
        const key = uid('key');
        await turn(store, id, { messages: [bot('a')], deliveries: [{ kind, target: 'endpoint-1', idempotencyKey: key, payload: { event: 'message', n: 1 } }], now: at(50) });
        await turn(store, id, {
          messages: [bot('b')],
          deliveries: [
            { kind, target: 'endpoint-1', idempotencyKey: key, payload: { event: 'message', n: 2 } },
            { kind, target: 'endpoint-2', idempotencyKey: `${key}-b`, payload: null },
          ],
          now: at(51),
        });
        const queued = await store.deliveries.list({ kind, limit: 10 });
        expect(queued.map((d) => [d.target, d.idempotencyKey, d.payload, d.status, d.nextAttemptAt, d.createdAt])).toStrictEqual([
          ['endpoint-2', `${key}-b`, null, 'pending', at(51), at(51)],
          ['endpoint-1', key, { event: 'message', n: 1 }, 'pending', at(50), at(50)],
        ]);
      });

      it('outboxHead and outboxAfter: ids ascending from where a tail starts; pruneOutbox drops old rows', async () => {
        const id = await createConversation(store, botId);
        const head = await store.conversations.outboxHead();
        expect(typeof head).toBe('number');
        await turn(store, id, { messages: [bot('1')], now: at(1, 2001) });
        await turn(store, id, { messages: [bot('2'), bot('3')], now: at(2, 2001) });
        await turn(store, id, { messages: [bot('4')], now: at(3, 2001) });
        const rows = await store.conversations.outboxAfter(head, 100);
        const mine = rows.filter((r) => r.payload.conversationId === id);
        expect(mine.map((r) => [r.topic, r.payload.from, r.payload.to])).toStrictEqual([
          ['messages', 1, 1],
          ['messages', 2, 3],
          ['messages', 4, 4],
        ]);
        for (const r of rows) expect(typeof r.id).toBe('number');
        expect(rows.map((r) => r.id)).toStrictEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
        expect(await store.conversations.outboxHead()).toBe(rows.at(-1)!.id);
        expect(await store.conversations.outboxAfter(head, 1)).toStrictEqual([rows[0]]);
        expect(await store.conversations.outboxAfter(rows.at(-1)!.id, 100)).toStrictEqual([]);
        // Rows of 2001 only (no other test writes that year): the two before minute 3.
        expect(await store.conversations.pruneOutbox(at(3, 2001))).toBe(2);
        expect((await store.conversations.outboxAfter(head, 100)).filter((r) => r.payload.conversationId === id).map((r) => r.payload.from)).toStrictEqual([4]);
        expect(await store.conversations.pruneOutbox(at(0, 2001))).toBe(0);
      });

      it('extra tokens of a conversation', async () => {
        const id = await createConversation(store, botId);
        const other = await createConversation(store, botId);
        expect(await store.conversations.hasExtraToken(id, 'device-2')).toBe(false);
        await store.conversations.addToken(id, 'device-2', at(3));
        expect(await store.conversations.hasExtraToken(id, 'device-2')).toBe(true);
        expect(await store.conversations.hasExtraToken(other, 'device-2')).toBe(false);
        expect(await store.conversations.hasExtraToken(id, `token-${id}`)).toBe(false);
        await expect(store.conversations.addToken(id, 'device-2', at(4))).rejects.toThrow();
      });

      it("byVisitor: a visitor's newest 20 conversations, newest first, without state; latestOpenFor skips ended and previews", async () => {
        const visitor = uid('visitor');
        const other = await createBot(store);
        const ids: string[] = [];
        for (let i = 0; i < 22; i++) ids.push(await createConversation(store, i % 2 ? botId : other, { visitorId: visitor, now: at(100 + ((i * 7) % 22)) }));
        await createConversation(store, botId, { visitorId: uid('someone-else'), now: at(500) });
        const byTime = [...ids].map((id, i) => ({ id, t: at(100 + ((i * 7) % 22)) })).sort((a, b) => (a.t < b.t ? 1 : -1));
        const newest = byTime[0]!.id;
        await turn(store, newest, { state: state('x'), nodeId: 'x', messages: [] });
        const listed = await store.conversations.byVisitor(visitor);
        expect(listed).toHaveLength(20);
        expect(listed.map((c) => c.id)).toStrictEqual(byTime.slice(0, 20).map((c) => c.id));
        // Without state, even where there is one.
        for (const c of listed) expect(c.state).toBeNull();
        expect(listed[0]).toMatchObject({ id: newest, nodeId: 'x', rowVersion: 1, preview: 0, verified: 0, visitor: {}, visitorId: visitor });
        expect(await store.conversations.byVisitor(uid('nobody'))).toStrictEqual([]);

        const v2 = uid('visitor');
        expect(await store.conversations.latestOpenFor(v2, botId)).toBeUndefined();
        const older = await createConversation(store, botId, { visitorId: v2, now: at(1) });
        const newer = await createConversation(store, botId, { visitorId: v2, now: at(2) });
        await createConversation(store, botId, { visitorId: v2, now: at(3), flowVersion: -1 });
        await createConversation(store, other, { visitorId: v2, now: at(4) });
        expect(await store.conversations.latestOpenFor(v2, botId)).toBe(newer);
        await turn(store, newer, { status: 'ended', messages: [] });
        expect(await store.conversations.latestOpenFor(v2, botId)).toBe(older);
        await turn(store, older, { status: 'handoff', messages: [] });
        expect(await store.conversations.latestOpenFor(v2, botId)).toBe(older);
      });

      it('withTurnLock: runs and answers; turns of one conversation run one after another, of different ones at once', async () => {
        expect(await store.conversations.withTurnLock(uid('c'), async () => 42)).toBe(42);
        await expect(store.conversations.withTurnLock(uid('c'), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

        const id = uid('locked');
        const events: string[] = [];
        const hold = gate();
        const started = gate();
        const first = store.conversations.withTurnLock(id, async () => {
          events.push('first start');
          started.open();
          await hold.promise;
          events.push('first end');
          return 'first';
        });
        await started.promise;
        const second = store.conversations.withTurnLock(id, async () => {
          events.push('second start');
          return 'second';
        });
        // Another conversation is not held up by the first (this would hang if it were).
        expect(await store.conversations.withTurnLock(uid('free'), async () => 'free')).toBe('free');
        expect(await settledWithin(second, PROVE_BLOCKED_MS)).toBe(false);
        expect(events).toStrictEqual(['first start']);
        hold.open();
        expect(await Promise.all([first, second])).toStrictEqual(['first', 'second']);
        expect(events).toStrictEqual(['first start', 'first end', 'second start']);
        // Released after a failure too.
        await expect(store.conversations.withTurnLock(id, () => Promise.reject(new Error('fail')))).rejects.toThrow('fail');
        expect(await store.conversations.withTurnLock(id, async () => 'after')).toBe('after');
      });

      it('watchOutbox returns how to stop watching', () => {
        const stop = store.conversations.watchOutbox(() => undefined);
        expect(typeof stop).toBe('function');
        stop();
        stop();
      });
    });

    describe('tickets', () => {
      let botId: string;
      const handoff = async (conversationId: string, subject: string, now: string) =>
        (await turn(store, conversationId, { status: 'handoff', messages: [bot('handoff')], ticket: { subject, priority: 'normal', tags: [], group: 'g', fields: {} }, now })).ticketId!;
      beforeAll(async () => {
        botId = await createBot(store);
      });

      it('list by status in creation order; get; latestFor and openFor', async () => {
        const a = await createConversation(store, botId);
        const b = await createConversation(store, botId);
        const t1 = await handoff(a, 'first', at(10, 2031));
        const t2 = await handoff(b, 'second', at(5, 2031));
        expect(await store.tickets.resolve(t1, at(11, 2031))).toBe(true);
        const t3 = await handoff(a, 'third', at(12, 2031));
        const mine = (rows: { id: number }[]) => rows.map((r) => r.id).filter((x) => [t1, t2, t3].includes(x));
        expect(mine(await store.tickets.list('all'))).toStrictEqual([t2, t1, t3]);
        expect(mine(await store.tickets.list('open'))).toStrictEqual([t2, t3]);
        expect(mine(await store.tickets.list('resolved'))).toStrictEqual([t1]);
        expect((await store.tickets.list('open')).every((t) => t.status === 'open')).toBe(true);
        expect(await store.tickets.get(t1)).toMatchObject({ id: t1, subject: 'first', status: 'resolved', resolvedAt: at(11, 2031), updatedAt: at(11, 2031), createdAt: at(10, 2031) });
        expect(await store.tickets.get(999_999_999)).toBeUndefined();
        expect((await store.tickets.latestFor(a))!.id).toBe(t3);
        expect((await store.tickets.openFor(a))!.id).toBe(t3);
        expect(await store.tickets.resolve(t3, at(13, 2031))).toBe(true);
        expect(await store.tickets.resolve(t3, at(14, 2031))).toBe(false);
        expect((await store.tickets.latestFor(a))!.id).toBe(t3);
        expect(await store.tickets.openFor(a)).toBeUndefined();
        expect(await store.tickets.latestFor(uid('none'))).toBeUndefined();
        expect(await store.tickets.resolve(999_999_999, at(1))).toBe(false);
      });

      it('touch, update and notes', async () => {
        const c = await createConversation(store, botId);
        const id = await handoff(c, 'notes', at(1));
        await store.tickets.touch(id, at(2));
        expect((await store.tickets.get(id))!.updatedAt).toBe(at(2));
        const t = (await store.tickets.get(id))!;
        await store.tickets.update({ ...t, tags: ['billing', '환불'], priority: 'urgent', assignee: 'agent@example.com', subject: 'ignored' }, at(3));
        expect(await store.tickets.get(id)).toStrictEqual({ ...t, tags: ['billing', '환불'], priority: 'urgent', assignee: 'agent@example.com', updatedAt: at(3) });
        await store.tickets.update({ ...t, assignee: null }, at(4));
        expect((await store.tickets.get(id))!.assignee).toBeNull();
        expect(await store.tickets.notes(id)).toStrictEqual([]);
        const n1 = await store.tickets.addNote(id, 'Bea', 'Called the customer', at(5));
        const n2 = await store.tickets.addNote(id, 'Cy', 'Refund sent', at(6));
        expect(n1).toStrictEqual({ id: n1.id, author: 'Bea', text: 'Called the customer', createdAt: at(5) });
        expect(typeof n1.id).toBe('number');
        expect(await store.tickets.notes(id)).toStrictEqual([n1, n2]);
      });
    });

    describe('articles', () => {
      const article = (externalId: string, title: string, body: string, locale: string, labels: string[] = []) => ({ externalId, title, bodyHtml: `<p>${body}</p>`, url: `https://help.example/${externalId}`, locale, labels });

      it('imports by the source id: twice changes nothing; count', async () => {
        const before = await store.articles.count();
        const a = [article(uid('a'), 'Shipping times', 'Orders ship in <b>two</b> days.', 'en'), article(uid('a'), 'Payment', 'We take cards &amp; vouchers.', 'en')];
        expect(await store.articles.import(a, at(1))).toStrictEqual({ created: 2, updated: 0 });
        expect(await store.articles.import(a, at(2))).toStrictEqual({ created: 0, updated: 2 });
        expect(await store.articles.count()).toBe(before + 2);
        expect(await store.articles.import([], at(3))).toStrictEqual({ created: 0, updated: 0 });
      });

      it('search stems English words, ranks title hits first, filters by locale and answers cards', async () => {
        const loc = `e${++counter}`;
        const body = `Refunds reach your card within 5 business days after we receive the returned item. ${'Padding text. '.repeat(30)}`;
        const [title, bodyOnly, other] = [uid('r'), uid('r'), uid('r')];
        await store.articles.import(
          [
            article(bodyOnly, 'Money back', body, loc),
            article(title, 'Refunding an order', 'Start from your orders page.', `${loc}-GB`, ['billing']),
            article(other, 'Refund policy', 'Elsewhere', 'zz'),
          ],
          at(5),
        );
        const hits = await store.articles.search('how do I get a refund?', loc, 10);
        expect(hits.map((h) => h.id)).toStrictEqual([title, bodyOnly]);
        expect(hits[1]).toStrictEqual({ id: bodyOnly, title: 'Money back', url: `https://help.example/${bodyOnly}`, locale: loc, snippet: `Refunds reach your card within 5 business days after we receive the returned item. ${'Padding text. '.repeat(30)}`.slice(0, 200) });
        expect(hits[1]!.snippet).toHaveLength(200);
        // Stemmed both ways: "returns" finds "returned", "refunded" finds "Refunding".
        expect((await store.articles.search('returns', loc, 10)).map((h) => h.id)).toStrictEqual([bodyOnly]);
        expect((await store.articles.search('refunded', loc, 10)).map((h) => h.id)).toContain(title);
        // Labels are searched with the title.
        expect((await store.articles.search('billing', loc, 10)).map((h) => h.id)).toStrictEqual([title]);
        // The locale: its regions match (case aside), an exact different case does not, '' is every locale.
        expect((await store.articles.search('refund', loc.toUpperCase(), 10)).map((h) => h.id).sort()).toStrictEqual([bodyOnly, title].sort());
        expect((await store.articles.search('refund', `${loc}-gb`, 10)).map((h) => h.id)).toStrictEqual([]);
        expect((await store.articles.search('refund', '', 50)).map((h) => h.id)).toEqual(expect.arrayContaining([title, bodyOnly, other]));
        expect(await store.articles.search('refund', loc, 1)).toHaveLength(1);
        // Nothing searchable, or nothing found.
        expect(await store.articles.search('how do I', loc, 10)).toStrictEqual([]);
        expect(await store.articles.search('   ', loc, 10)).toStrictEqual([]);
        expect(await store.articles.search('zebra', loc, 10)).toStrictEqual([]);
        // Query syntax in the input is just text.
        expect((await store.articles.search(`refund" OR * NEAR( ) & | ! <-> ' : title:`, loc, 10)).map((h) => h.id).sort()).toStrictEqual([bodyOnly, title].sort());
      });

      it('search finds a Korean word whatever particle follows it (환불은, 환불을 → 환불)', async () => {
        const loc = `k${++counter}`;
        const [refund, exchange] = [uid('ko'), uid('ko')];
        await store.articles.import(
          [
            article(refund, '환불 안내', '주문하신 상품의 환불은 수령 후 7일 이내에 신청할 수 있습니다.', loc),
            article(exchange, '교환 방법', '사이즈 교환은 마이페이지에서 신청하세요.', loc),
          ],
          at(6),
        );
        for (const q of ['환불은 어떻게 하나요?', '환불을 받고 싶어요', '환불', '환불 문의']) {
          expect((await store.articles.search(q, loc, 10)).map((h) => h.id), q).toStrictEqual([refund]);
        }
        expect((await store.articles.search('교환은 가능한가요', loc, 10)).map((h) => h.id)).toStrictEqual([exchange]);
        expect(await store.articles.search('배송', loc, 10)).toStrictEqual([]);
      });

      it('search ignores accents and case, as FTS5 with remove_diacritics does', async () => {
        const loc = `d${++counter}`;
        const id = uid('cafe');
        await store.articles.import([article(id, 'Café opening hours', 'Our CAFÉ in München opens at nine.', loc)], at(7));
        expect((await store.articles.search('cafe', loc, 10)).map((h) => h.id)).toStrictEqual([id]);
        expect((await store.articles.search('MUNCHEN', loc, 10)).map((h) => h.id)).toStrictEqual([id]);
      });

      it('recent: newest first, then id, filtered by locale', async () => {
        const loc = `n${++counter}`;
        const [a, b, c] = [uid('n'), uid('n'), uid('n')];
        await store.articles.import([article(a, 'A', 'a', loc)], at(1, 2032));
        await store.articles.import([article(b, 'B', 'b', `${loc}-x`), article(c, 'C', 'c', loc)], at(2, 2032));
        const recent = await store.articles.recent(loc, 10);
        expect(recent.map((r) => r.id)).toStrictEqual([b, c, a]);
        expect(recent[2]).toStrictEqual({ id: a, title: 'A', url: `https://help.example/${a}`, locale: loc, snippet: 'a' });
        expect(await store.articles.recent(loc, 1)).toHaveLength(1);
        expect(await store.articles.recent(`${loc}-x`, 10)).toHaveLength(1);
        expect((await store.articles.recent('', 1000)).length).toBeGreaterThanOrEqual(3);
        // Re-importing moves an article up.
        await store.articles.import([article(a, 'A2', 'a2', loc)], at(3, 2032));
        expect((await store.articles.recent(loc, 10)).map((r) => r.id)).toStrictEqual([a, b, c]);
      });
    });

    describe('users', () => {
      it('creates, finds by email ignoring ASCII case, lists, updates and deletes', async () => {
        const before = await store.users.count();
        const email = `${uid('ada')}@Example.com`;
        const ada = await store.users.create(email, 'Ada', 'admin', 'hash-1', at(1));
        expect(ada).toStrictEqual({ id: ada.id, email, name: 'Ada', role: 'admin', skills: [], createdAt: at(1), disabledAt: null });
        expect(typeof ada.id).toBe('number');
        expect(await store.users.count()).toBe(before + 1);
        expect(await store.users.byEmail(email.toUpperCase())).toStrictEqual({ ...ada, passwordHash: 'hash-1' });
        expect(await store.users.byEmail(`x${email}`)).toBeUndefined();
        await expect(store.users.create(email.toLowerCase(), 'Twin', 'agent', 'h', at(2))).rejects.toThrow();
        expect(await store.users.byId(ada.id)).toStrictEqual(ada);
        expect(await store.users.byId(999_999_999)).toBeUndefined();
        const bea = await store.users.create(`${uid('bea')}@example.com`, 'Bea', 'agent', 'hash-2', at(2));
        const listed = (await store.users.list()).filter((u) => [ada.id, bea.id].includes(u.id));
        expect(listed).toStrictEqual([ada, bea]);
        await store.users.update({ ...bea, name: 'Beatrix', skills: ['billing', 'ko'] });
        expect(await store.users.byId(bea.id)).toStrictEqual({ ...bea, name: 'Beatrix', skills: ['billing', 'ko'] });
        expect(await store.users.delete(bea.id)).toBe(true);
        expect(await store.users.delete(bea.id)).toBe(false);
        expect(await store.users.byId(bea.id)).toBeUndefined();
      });

      it('activeAdmins counts admins who can sign in', async () => {
        const before = await store.users.activeAdmins();
        const a = await store.users.create(`${uid('adm')}@example.com`, 'A', 'admin', 'h', at(1));
        await store.users.create(`${uid('agt')}@example.com`, 'B', 'agent', 'h', at(1));
        expect(await store.users.activeAdmins()).toBe(before + 1);
        await store.users.update({ ...a, disabledAt: at(2) });
        expect(await store.users.activeAdmins()).toBe(before);
        expect((await store.users.byId(a.id))!.disabledAt).toBe(at(2));
      });

      it('sessions: created, read with their user, ended by sign-out, a role change, disabling or a new password', async () => {
        const u = await store.users.create(`${uid('s')}@example.com`, 'Sam', 'admin', 'old', at(1));
        await store.users.createSession('sid-1', u.id, 'csrf-1', at(1), at(600));
        expect(await store.users.session('sid-1')).toStrictEqual({ user: u, csrf: 'csrf-1', expiresAt: at(600) });
        expect(await store.users.session('sid-unknown')).toBeUndefined();
        await store.users.deleteSession('sid-1');
        expect(await store.users.session('sid-1')).toBeUndefined();

        await store.users.createSession('sid-2', u.id, 'c', at(1), at(600));
        await store.users.update({ ...u, name: 'Samuel', skills: ['x'] });
        expect((await store.users.session('sid-2'))!.user).toStrictEqual({ ...u, name: 'Samuel', skills: ['x'] });
        await store.users.update({ ...u, role: 'agent' });
        expect(await store.users.session('sid-2')).toBeUndefined();

        await store.users.createSession('sid-3', u.id, 'c', at(1), at(600));
        await store.users.setPassword(u.id, 'new');
        expect(await store.users.session('sid-3')).toBeUndefined();
        expect((await store.users.byEmail(u.email))!.passwordHash).toBe('new');

        await store.users.createSession('sid-4', u.id, 'c', at(1), at(600));
        await store.users.delete(u.id);
        expect(await store.users.session('sid-4')).toBeUndefined();
      });

      it('API tokens: created, found by hash, listed, revoked once', async () => {
        const creator = await store.users.create(`${uid('t')}@example.com`, 'T', 'admin', 'h', at(1));
        const t1 = await store.users.createToken('CI', 'admin', uid('hash'), creator.id, at(2));
        const hash2 = uid('hash');
        const t2 = await store.users.createToken('Zapier', 'agent', hash2, null, at(3));
        expect(t2).toStrictEqual({ id: t2.id, name: 'Zapier', role: 'agent', createdAt: at(3), revokedAt: null });
        expect(typeof t2.id).toBe('number');
        expect(await store.users.tokenByHash(hash2)).toStrictEqual(t2);
        expect(await store.users.tokenByHash('unknown')).toBeUndefined();
        expect((await store.users.tokens()).filter((t) => [t1.id, t2.id].includes(t.id))).toStrictEqual([t1, t2]);
        expect(await store.users.revokeToken(t2.id, at(4))).toBe(true);
        expect(await store.users.revokeToken(t2.id, at(5))).toBe(false);
        expect(await store.users.tokenByHash(hash2)).toStrictEqual({ ...t2, revokedAt: at(4) });
        // A token outlives the user who created it.
        await store.users.delete(creator.id);
        expect((await store.users.tokens()).find((t) => t.id === t1.id)).toStrictEqual(t1);
      });
    });

    describe('audit', () => {
      it('appends and lists newest first', async () => {
        const actor = uid('actor');
        await store.audit.add(at(1), actor, 'bot.publish', { botId: 'b', version: 3 });
        await store.audit.add(at(2), actor, 'user.create', { email: 'x@example.com', nested: { list: [1, 'two'] } });
        await store.audit.add(at(3), actor, 'token.revoke', {});
        const two = await store.audit.list(2);
        expect(two.map(({ id: _, ...e }) => e)).toStrictEqual([
          { at: at(3), actor, action: 'token.revoke', detail: {} },
          { at: at(2), actor, action: 'user.create', detail: { email: 'x@example.com', nested: { list: [1, 'two'] } } },
        ]);
        expect(typeof two[0]!.id).toBe('number');
        expect(two[0]!.id).toBeGreaterThan(two[1]!.id);
        const all = await store.audit.list();
        expect(all.length).toBeGreaterThanOrEqual(3);
        expect(all.length).toBeLessThanOrEqual(200);
        expect(all.filter((e) => e.actor === actor).map((e) => e.action)).toStrictEqual(['token.revoke', 'user.create', 'bot.publish']);
      });
    });

    describe('blocks', () => {
      it('adds (again: same id, new reason), lists newest first, checks and removes', async () => {
        const visitor = uid('v');
        const ip = `198.51.100.${++counter % 250}`;
        const b1 = await store.blocks.add('visitor', visitor, 'spam', 'agent-1', at(1));
        const b2 = await store.blocks.add('ip', ip, '', 'agent-2', at(2));
        expect(await store.blocks.add('visitor', visitor, 'abuse', 'agent-3', at(3))).toBe(b1);
        const mine = (await store.blocks.list()).filter((b) => [b1, b2].includes(b.id));
        expect(mine).toStrictEqual([
          { id: b2, kind: 'ip', value: ip, reason: '', createdBy: 'agent-2', createdAt: at(2) },
          { id: b1, kind: 'visitor', value: visitor, reason: 'abuse', createdBy: 'agent-1', createdAt: at(1) },
        ]);
        expect(await store.blocks.isBlocked(visitor, null)).toBe(true);
        expect(await store.blocks.isBlocked(null, ip)).toBe(true);
        expect(await store.blocks.isBlocked('someone', ip)).toBe(true);
        expect(await store.blocks.isBlocked(ip, visitor)).toBe(false);
        expect(await store.blocks.isBlocked(null, null)).toBe(false);
        expect(await store.blocks.isBlocked(uid('v'), '192.0.2.1')).toBe(false);
        expect(await store.blocks.remove(b1)).toBe(true);
        expect(await store.blocks.remove(b1)).toBe(false);
        expect(await store.blocks.isBlocked(visitor, null)).toBe(false);
      });
    });

    describe('deliveries', () => {
      // Times in 1990: no other test has deliveries due then, so claimDue sees only this block's.
      const t = (n: number) => at(n, 1990);

      it('enqueue dedupes by kind and key; get answers the delivery and its log', async () => {
        const kind = uid('kind');
        const id = await store.deliveries.enqueue({ kind, target: 'https://hooks.example/1', idempotencyKey: 'k1', payload: { a: [1, 2], b: 'é' } }, t(0));
        expect(typeof id).toBe('number');
        expect(await store.deliveries.enqueue({ kind, target: 'elsewhere', idempotencyKey: 'k1', payload: {} }, t(1))).toBeNull();
        expect(await store.deliveries.enqueue({ kind: `${kind}-other`, target: 'x', idempotencyKey: 'k1', payload: 'text' }, t(1))).toEqual(expect.any(Number));
        expect(await store.deliveries.get(id!)).toStrictEqual({
          id,
          kind,
          target: 'https://hooks.example/1',
          idempotencyKey: 'k1',
          payload: { a: [1, 2], b: 'é' },
          status: 'pending',
          attempts: 0,
          nextAttemptAt: t(0),
          lastError: null,
          createdAt: t(0),
          deliveredAt: null,
          progress: 0,
          log: [],
        });
        expect(await store.deliveries.get(999_999_999)).toBeUndefined();
        // Claimed out of the way of the lease test below.
        await store.deliveries.claimDue(t(1), t(1_000_000), 100);
      });

      it('claimDue leases the oldest due deliveries; a leased one is not claimed again before its lease ends, and is after', async () => {
        const kind = uid('lease');
        const ids: number[] = [];
        for (const [key, due] of [
          ['c', 12],
          ['a', 10],
          ['b', 11],
          ['later', 50],
        ] as const) {
          ids.push((await store.deliveries.enqueue({ kind, target: 't', idempotencyKey: key, payload: { key } }, t(due)))!);
        }
        const [c, a, b, later] = ids;
        const first = await store.deliveries.claimDue(t(20), t(30), 2);
        expect(first.map((d) => d.id)).toStrictEqual([a, b]);
        expect(first[0]).toStrictEqual({ id: a, kind, target: 't', idempotencyKey: 'a', payload: { key: 'a' }, status: 'pending', attempts: 0, nextAttemptAt: t(30), lastError: null, createdAt: t(10), deliveredAt: null, progress: 0 });
        expect((await store.deliveries.get(a!))!.nextAttemptAt).toBe(t(30));
        expect((await store.deliveries.claimDue(t(20), t(30), 10)).map((d) => d.id)).toStrictEqual([c]);
        expect(await store.deliveries.claimDue(t(29), t(40), 10)).toStrictEqual([]);
        // The lease ends: due again. All three were leased to minute 30, so the id breaks the tie.
        const byId = [a!, b!, c!].sort((x, y) => x - y);
        expect((await store.deliveries.claimDue(t(30), t(45), 10)).map((d) => d.id)).toStrictEqual(byId);
        // Leased to 45 now, before `later` (due at 50).
        expect((await store.deliveries.claimDue(t(60), t(70), 10)).map((d) => d.id)).toStrictEqual([...byId, later]);
      });

      it("keeps a delivery's progress, only ever forward", async () => {
        const id = (await store.deliveries.enqueue({ kind: `k-${uid('progress')}`, target: 't', idempotencyKey: 'p', payload: {} }, at(1)))!;
        expect((await store.deliveries.get(id))?.progress).toBe(0);
        await store.deliveries.setProgress(id, 3);
        await store.deliveries.setProgress(id, 2);
        expect((await store.deliveries.get(id))?.progress).toBe(3);
      });

      it('claims racing for the same deliveries never share one', async () => {
        const kind = uid('race');
        const ids = new Set<number>();
        for (let i = 0; i < 12; i++) ids.add((await store.deliveries.enqueue({ kind, target: 't', idempotencyKey: `k${i}`, payload: i }, t(100)))!);
        // The previous test's deliveries (leased to minute 70) are due as well: 4 more, so 16 in all.
        const claims = await Promise.all([0, 1, 2, 3].map(() => store.deliveries.claimDue(t(100), t(200), 5)));
        expect(claims.flat()).toHaveLength(16);
        const claimed = claims.flat().filter((d) => d.kind === kind).map((d) => d.id);
        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed.length).toBe(12);
        expect(new Set(claimed)).toStrictEqual(ids);
      });

      it('recordAttempt: retry later, delivered, dead; the log keeps every attempt; revive; list; prune', async () => {
        const kind = uid('attempts');
        const id = (await store.deliveries.enqueue({ kind, target: 't', idempotencyKey: 'k', payload: null }, t(300)))!;
        await store.deliveries.recordAttempt(id, { attempt: 1, at: t(301), ok: false, status: 503, error: 'HTTP 503', ms: 12.5 }, { status: 'pending', nextAttemptAt: t(305) });
        expect(await store.deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t(305), lastError: 'HTTP 503', deliveredAt: null });
        await store.deliveries.recordAttempt(id, { attempt: 2, at: t(306), ok: true, status: 200, error: null, ms: 3 }, { status: 'delivered' });
        const delivered = (await store.deliveries.get(id))!;
        expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, nextAttemptAt: t(305), lastError: null, deliveredAt: t(306) });
        expect(delivered.log).toStrictEqual([
          { attempt: 1, at: t(301), ok: false, status: 503, error: 'HTTP 503', ms: 12.5 },
          { attempt: 2, at: t(306), ok: true, status: 200, error: null, ms: 3 },
        ]);
        expect((await store.deliveries.claimDue(t(1000), t(2000), 100)).filter((d) => d.kind === kind)).toStrictEqual([]);

        const dead = (await store.deliveries.enqueue({ kind, target: 't', idempotencyKey: 'dead', payload: 1 }, t(300)))!;
        await store.deliveries.recordAttempt(dead, { attempt: 1, at: t(302), ok: false, status: null, error: 'ECONNREFUSED', ms: 0.25 }, { status: 'dead' });
        expect(await store.deliveries.get(dead)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'ECONNREFUSED', deliveredAt: null });
        expect((await store.deliveries.get(dead))!.log).toStrictEqual([{ attempt: 1, at: t(302), ok: false, status: null, error: 'ECONNREFUSED', ms: 0.25 }]);
        expect(await store.deliveries.revive(id, t(400))).toBe(false);
        expect(await store.deliveries.revive(dead, t(400))).toBe(true);
        expect(await store.deliveries.revive(dead, t(401))).toBe(false);
        expect(await store.deliveries.get(dead)).toMatchObject({ status: 'pending', nextAttemptAt: t(400), lastError: null, attempts: 1 });
        expect((await store.deliveries.claimDue(t(400), t(410), 100)).filter((d) => d.kind === kind).map((d) => d.id)).toStrictEqual([dead]);

        expect((await store.deliveries.list({ kind, limit: 10 })).map((d) => d.id)).toStrictEqual([dead, id]);
        expect((await store.deliveries.list({ kind, status: 'delivered', limit: 10 })).map((d) => d.id)).toStrictEqual([id]);
        expect((await store.deliveries.list({ kind, limit: 1 })).map((d) => d.id)).toStrictEqual([dead]);
        expect((await store.deliveries.list({ status: 'pending', limit: 1000 })).every((d) => d.status === 'pending')).toBe(true);
        expect(await store.deliveries.list({ kind: uid('none'), limit: 10 })).toStrictEqual([]);
        // By receiver: kind and target together (a webhook endpoint's deliveries), newest first.
        const elsewhere = (await store.deliveries.enqueue({ kind, target: 'u', idempotencyKey: 'other-target', payload: 2 }, t(300)))!;
        expect((await store.deliveries.list({ kind, target: 't', limit: 10 })).map((d) => d.id)).toStrictEqual([dead, id]);
        expect((await store.deliveries.list({ kind, target: 'u', limit: 10 })).map((d) => d.id)).toStrictEqual([elsewhere]);
        expect((await store.deliveries.list({ kind, target: 't', status: 'delivered', limit: 10 })).map((d) => d.id)).toStrictEqual([id]);
        expect((await store.deliveries.list({ kind, target: 't', limit: 1 })).map((d) => d.id)).toStrictEqual([dead]);
        expect((await store.deliveries.list({ target: 'u', limit: 1000 })).map((d) => d.id)).toContain(elsewhere);

        // Prune: delivered before the cut only (this one was delivered at 1990 minute 306); the pending one stays.
        expect(await store.deliveries.prune(t(306))).toBe(0);
        expect(await store.deliveries.prune(t(307))).toBeGreaterThanOrEqual(1);
        expect(await store.deliveries.get(id)).toBeUndefined();
        expect(await store.deliveries.get(dead)).toBeDefined();
      });
    });

    describe('channels', () => {
      it("stores a bot's channel settings, replaces them, and lists them by channel", async () => {
        const botId = uid('bot');
        await store.bots.create(botId, 'Channels', document, at(1));
        expect(await store.channels.getConfig(botId, 'telegram')).toBeUndefined();
        expect(await store.channels.listConfigs(botId)).toStrictEqual([]);
        const config = { botToken: '1:abc', secretToken: 's'.repeat(16), apiBase: 'https://api.telegram.org' };
        await store.channels.putConfig({ botId, channel: 'telegram', config, updatedAt: at(2) });
        expect(await store.channels.getConfig(botId, 'telegram')).toStrictEqual({ botId, channel: 'telegram', config, updatedAt: at(2), broken: null });
        const changed = { ...config, secretToken: 't'.repeat(16) };
        await store.channels.putConfig({ botId, channel: 'telegram', config: changed, updatedAt: at(3) });
        await store.channels.putConfig({ botId, channel: 'another', config: { a: 'b' }, updatedAt: at(4) });
        expect(await store.channels.listConfigs(botId)).toStrictEqual([
          { botId, channel: 'another', config: { a: 'b' }, updatedAt: at(4), broken: null },
          { botId, channel: 'telegram', config: changed, updatedAt: at(3), broken: null },
        ]);
      });

      it('marks a channel broken once, and saving its settings clears the mark', async () => {
        const botId = uid('bot');
        await store.bots.create(botId, 'Broken', document, at(1));
        await store.channels.putConfig({ botId, channel: 'telegram', config: { a: 'b' }, updatedAt: at(2) });
        expect(await store.channels.markBroken(botId, 'telegram', 'Unauthorized', at(3))).toBe(true);
        expect(await store.channels.markBroken(botId, 'telegram', 'Unauthorized again', at(4))).toBe(false);
        expect((await store.channels.getConfig(botId, 'telegram'))?.broken).toStrictEqual({ reason: 'Unauthorized', at: at(3) });
        await store.channels.putConfig({ botId, channel: 'telegram', config: { a: 'c' }, updatedAt: at(5) });
        expect((await store.channels.getConfig(botId, 'telegram'))?.broken).toBeNull();
      });

      it("keeps when a chat last heard from its customer", async () => {
        const link = { channel: 'whatsapp', botId: uid('bot'), chatId: '821012345678' };
        await store.channels.linkChat(link, uid('conv'), at(1));
        expect(await store.channels.lastInboundAt(link)).toBeUndefined();
        await store.channels.touchInbound(link, at(2));
        expect(await store.channels.lastInboundAt(link)).toBe(at(2));
        expect(await store.channels.lastInboundAt({ ...link, chatId: 'other' })).toBeUndefined();
      });

      it('moves message statuses only forward, by message ids or up to a watermark', async () => {
        const botId = uid('bot');
        const conv = uid('conv');
        await store.channels.recordSent('messenger', botId, conv, 2, ['m.1'], at(1));
        await store.channels.recordSent('messenger', botId, conv, 3, ['m.2', 'm.3'], at(2));
        await store.channels.recordSent('messenger', botId, conv, 5, ['m.4'], at(4));
        // A retried send records the same id again: still one row.
        await store.channels.recordSent('messenger', botId, conv, 2, ['m.1'], at(1));
        expect(await store.channels.statuses(conv)).toStrictEqual([{ seq: 2, status: 'sent' }, { seq: 3, status: 'sent' }, { seq: 5, status: 'sent' }]);
        expect(await store.channels.markStatus('messenger', botId, { messageIds: ['m.2'] }, 'read', at(5))).toBe(1);
        // One part of message 3 is read, the other only sent: message 3 is as far as its least advanced part.
        expect(await store.channels.statuses(conv)).toContainEqual({ seq: 3, status: 'sent' });
        expect(await store.channels.markStatus('messenger', botId, { conversationId: conv, before: at(2) }, 'delivered', at(6))).toBe(2);
        // Read does not go back to delivered.
        expect(await store.channels.markStatus('messenger', botId, { messageIds: ['m.2'] }, 'delivered', at(7))).toBe(0);
        expect(await store.channels.statuses(conv)).toStrictEqual([{ seq: 2, status: 'delivered' }, { seq: 3, status: 'delivered' }, { seq: 5, status: 'sent' }]);
        // Failed replaces only sent; another bot's ids are not touched.
        expect(await store.channels.markStatus('messenger', botId, { messageIds: ['m.1', 'm.4'] }, 'failed', at(8))).toBe(1);
        expect(await store.channels.markStatus('messenger', uid('bot'), { messageIds: ['m.1'] }, 'read', at(8))).toBe(0);
        expect(await store.channels.statuses(conv)).toStrictEqual([{ seq: 2, status: 'delivered' }, { seq: 3, status: 'delivered' }, { seq: 5, status: 'failed' }]);
      });

      it('links a chat to one conversation: the first link wins, a relink replaces it, and the chat is found from the conversation', async () => {
        const link = { channel: 'telegram', botId: uid('bot'), chatId: '42' };
        expect(await store.channels.conversationOf(link)).toBeUndefined();
        expect(await store.channels.linkChat(link, 'conv-a', at(1))).toBe('conv-a');
        expect(await store.channels.linkChat(link, 'conv-b', at(2))).toBe('conv-a');
        expect(await store.channels.conversationOf(link)).toBe('conv-a');
        expect(await store.channels.chatOf('conv-a')).toStrictEqual(link);
        expect(await store.channels.chatOf('conv-b')).toBeUndefined();
        await store.channels.relinkChat(link, 'conv-c', at(3));
        expect(await store.channels.conversationOf(link)).toBe('conv-c');
        expect(await store.channels.conversationOf({ ...link, chatId: '43' })).toBeUndefined();
      });

      it('claims an update id once per channel and bot, and gives it back', async () => {
        const botId = uid('bot');
        expect(await store.channels.claimUpdate('telegram', botId, '100', at(1))).toBe(true);
        expect(await store.channels.claimUpdate('telegram', botId, '100', at(2))).toBe(false);
        expect(await store.channels.claimUpdate('telegram', uid('bot'), '100', at(2))).toBe(true);
        await store.channels.releaseUpdate('telegram', botId, '100');
        expect(await store.channels.claimUpdate('telegram', botId, '100', at(3))).toBe(true);
      });
    });

    describe('profiles', () => {
      it('gives identities one profile, and merges profiles that turn out to be one customer', async () => {
        let n = 0;
        const newId = () => uid(`profile-${++n}`);
        const [web, tg, web2] = [uid('conv-web'), uid('conv-tg'), uid('conv-web2')];
        const email = `${uid('ada')}@example.com`;
        const user = { kind: 'visitor' as const, value: uid('user:ada') };
        const chat = { kind: 'visitor' as const, value: uid('telegram:42') };
        const a = await store.profiles.link({ conversationId: web, channel: 'web' }, [user], at(1), newId);
        const b = await store.profiles.link({ conversationId: tg, channel: 'telegram' }, [chat], at(2), newId);
        expect(a).not.toBe(b);
        // The same user again: the same profile.
        expect(await store.profiles.link({ conversationId: web2, channel: 'web' }, [user], at(3), newId)).toBe(a);
        // The Telegram chat gives the email the web customer gave: one customer now.
        await store.profiles.link({ conversationId: web, channel: 'web' }, [user, { kind: 'email', value: email }], at(4), newId);
        const merged = await store.profiles.link({ conversationId: tg, channel: 'telegram' }, [chat, { kind: 'email', value: email }], at(5), newId);
        expect(await store.profiles.profileOf(web)).toBe(merged);
        expect(await store.profiles.profileOf(tg)).toBe(merged);
        expect(await store.profiles.profileOf(web2)).toBe(merged);
        expect(await store.profiles.conversationsOf(merged)).toStrictEqual(
          [
            { conversationId: web, channel: 'web' },
            { conversationId: tg, channel: 'telegram' },
            { conversationId: web2, channel: 'web' },
          ].sort((x, y) => (x.conversationId < y.conversationId ? -1 : 1)),
        );
        expect(await store.profiles.profileOf(uid('nobody'))).toBeUndefined();
      });

      it('links racing conversations of one identity to one profile', async () => {
        const email = { kind: 'email' as const, value: `${uid('race')}@example.com` };
        const conversations = Array.from({ length: 8 }, (_, i) => uid(`race-${i}`));
        await Promise.all(conversations.map((conversationId, i) => store.profiles.link({ conversationId, channel: 'web' }, [email], at(1), () => uid(`p${i}`))));
        const final = await Promise.all(conversations.map((id) => store.profiles.profileOf(id)));
        expect(final.every((p) => p !== undefined && p === final[0])).toBe(true);
      });
    });

    describe('integrations and webhook endpoints', () => {
      it('keeps an integration by its key digest, revokes it once, and notes its use', async () => {
        const id = uid('int');
        const key = Buffer.from(uid('key-digest').padEnd(32, 'x'));
        const integration = { id, name: 'Shop', scopes: ['webhooks' as const, 'switchboard' as const], keyHint: 'abcd', createdAt: at(1), createdBy: 'admin', revokedAt: null, lastUsedAt: null };
        await store.integrations.create(integration, key);
        expect(await store.integrations.get(id)).toStrictEqual(integration);
        expect(await store.integrations.byKeyHash(key)).toStrictEqual(integration);
        expect(await store.integrations.byKeyHash(Buffer.from('nope'))).toBeUndefined();
        expect((await store.integrations.list()).map((i) => i.id)).toContain(id);
        await store.integrations.touch(id, at(2));
        expect(await store.integrations.revoke(id, at(3))).toBe(true);
        expect(await store.integrations.revoke(id, at(4))).toBe(false);
        expect(await store.integrations.byKeyHash(key)).toMatchObject({ revokedAt: at(3), lastUsedAt: at(2) });
      });

      it('finds the enabled endpoints subscribed to an event, leaving out disabled ones and those of revoked integrations', async () => {
        const integration = uid('int');
        await store.integrations.create({ id: integration, name: 'Bot', scopes: ['webhooks'], keyHint: 'wxyz', createdAt: at(1), createdBy: 'admin', revokedAt: null, lastUsedAt: null }, Buffer.from(uid('k')));
        const type = `test.${uid('event')}`;
        const base = { url: 'https://example.com/hook', secret: 'whsec_x', createdAt: at(1), createdBy: 'admin', disabledAt: null };
        const [admin, mine, disabled, other] = [uid('wh'), uid('wh'), uid('wh'), uid('wh')];
        await store.webhooks.create({ ...base, id: admin, integrationId: null, events: [type, 'message.created'] });
        await store.webhooks.create({ ...base, id: mine, integrationId: integration, events: [type] });
        await store.webhooks.create({ ...base, id: disabled, integrationId: null, events: [type], disabledAt: at(2) });
        await store.webhooks.create({ ...base, id: other, integrationId: null, events: ['ticket.created'] });
        expect((await store.webhooks.subscribedTo(type)).map((e) => e.id)).toStrictEqual([admin, mine]);
        expect((await store.webhooks.list(integration)).map((e) => e.id)).toStrictEqual([mine]);
        expect(await store.webhooks.get(mine)).toMatchObject({ integrationId: integration, events: [type], secret: 'whsec_x' });
        await store.webhooks.update(admin, { events: ['ticket.created'] });
        await store.webhooks.update(disabled, { disabledAt: null, url: 'https://example.com/other' });
        await store.integrations.revoke(integration, at(3));
        expect((await store.webhooks.subscribedTo(type)).map((e) => e.id)).toStrictEqual([disabled]);
        expect((await store.webhooks.get(disabled))?.url).toBe('https://example.com/other');
        expect(await store.webhooks.delete(disabled)).toBe(true);
        expect(await store.webhooks.delete(disabled)).toBe(false);
      });
    });

    describe('rateLimits', () => {
      it('counts hits in fixed windows, takes one back, resets and prunes', async () => {
        const key = uid('ip');
        const minute = 60_000;
        const now = Date.UTC(2026, 0, 1, 12, 0, 30);
        const start = Date.UTC(2026, 0, 1, 12, 0, 0);
        expect(await store.rateLimits.hit(key, minute, now)).toStrictEqual({ count: 1, resetAt: start + minute });
        expect(await store.rateLimits.hit(key, minute, now + 29_000)).toStrictEqual({ count: 2, resetAt: start + minute });
        // The next window starts again at one.
        expect(await store.rateLimits.hit(key, minute, start + minute)).toStrictEqual({ count: 1, resetAt: start + 2 * minute });
        await store.rateLimits.unhit(key, minute, now);
        expect(await store.rateLimits.hit(key, minute, now)).toStrictEqual({ count: 2, resetAt: start + minute });
        await store.rateLimits.unhit(key, minute, now);
        await store.rateLimits.unhit(key, minute, now);
        await store.rateLimits.unhit(key, minute, now);
        expect((await store.rateLimits.hit(key, minute, now)).count).toBe(1);
        // Another key counts on its own.
        expect((await store.rateLimits.hit(`${key}-b`, minute, now)).count).toBe(1);
        await store.rateLimits.reset(key);
        expect((await store.rateLimits.hit(key, minute, now)).count).toBe(1);
        expect((await store.rateLimits.hit(key, minute, start + minute)).count).toBe(1);
        // Prune: windows that ended before the cut (the first window of key and key-b), in 1970 terms too.
        const pruned = await store.rateLimits.prune(start + minute + 1);
        expect(pruned).toBeGreaterThanOrEqual(2);
        expect((await store.rateLimits.hit(key, minute, now)).count).toBe(1);
        expect((await store.rateLimits.hit(key, minute, start + minute)).count).toBe(2);
      });

      it('racing hits each get their own count', async () => {
        const key = uid('burst');
        const counts = await Promise.all(Array.from({ length: 20 }, () => store.rateLimits.hit(key, 1_000, 5_000_000)));
        expect(counts.map((c) => c.count).sort((a, b) => a - b)).toStrictEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(new Set(counts.map((c) => c.resetAt))).toStrictEqual(new Set([5_001_000]));
      });
    });

    describe('close', () => {
      it('a closed store says so', async () => {
        const other = name === 'sqlite' ? openStore(':memory:') : await (h as PgHarness).another();
        expect(other.isOpen()).toBe(true);
        await other.close();
        expect(other.isOpen()).toBe(false);
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The stores

storeContract('sqlite', async () => {
  const store = openStore(':memory:');
  return { store, close: () => store.close() };
});

async function openPgHarness(options: PostgresStoreOptions = {}): Promise<PgHarness> {
  const database = await createTestDatabase();
  const stores: Store[] = [];
  const store = await openPostgresStore(database.url, options);
  stores.push(store);
  const admin = new pg.Pool({ connectionString: database.url, max: 2 });
  admin.on('error', () => undefined);
  return {
    url: database.url,
    store,
    another: async (more) => {
      const s = await openPostgresStore(database.url, { ...options, ...more });
      stores.push(s);
      return s;
    },
    sql: async <R,>(text: string, values: unknown[] = []) => (await admin.query(text, values)).rows as R[],
    close: async () => {
      await Promise.allSettled(stores.map((s) => s.close()));
      await admin.end();
      await database.drop();
    },
  };
}

if (pgAvailable()) {
  storeContract('postgres', () => openPgHarness());
  postgresOnly();
} else {
  console.error(
    `\n*** PostgreSQL store contract tests SKIPPED: no PostgreSQL server. ${pgUnavailableReason()}. ` +
      'Set PARLEY_TEST_DATABASE_URL=postgres://user:password@host:5432/postgres (a user that may create databases), or install PostgreSQL (apt-get install postgresql). ***\n',
  );
  describe.skip(`store contract: postgres (SKIPPED: ${pgUnavailableReason()})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// What only a shared PostgreSQL server has

/** A TCP forwarder to the test server that can be cut and restored, standing in for a network or server outage. */
async function startProxy(target: { host: string; port: number }): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((ok, fail) => {
      server = createServer((client) => {
        const upstream = tcpConnect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        ok();
      });
    });
  const cut = async () => {
    await new Promise<void>((ok) => {
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    });
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

function postgresOnly(): void {
  describe('store contract: postgres only', { timeout: SLOW }, () => {
    let h: PgHarness;
    beforeAll(async () => {
      h = await openPgHarness({ applicationName: 'contract-main' });
    }, SLOW);
    afterAll(async () => {
      await h?.close();
    }, SLOW);

    const botWithConversation = async (store: Store) => {
      const botId = await createBot(store);
      return { botId, id: await createConversation(store, botId) };
    };

    it('drops U+0000 from text (PostgreSQL text cannot hold it) instead of failing the write', async () => {
      const { id } = await botWithConversation(h.store);
      await h.store.blocks.add('visitor', 'nul\u0000visitor', 'why\u0000', 'agent', new Date().toISOString());
      expect(await h.store.blocks.isBlocked('nulvisitor', null)).toBe(true);
      await h.store.conversations.addToken(id, 'tok\u0000en', new Date().toISOString());
      expect(await h.store.conversations.hasExtraToken(id, 'token')).toBe(true);
    });

    it('migrations: processes starting together apply each version exactly once, recorded in a table', async () => {
      const database = await createTestDatabase();
      try {
        const stores = await Promise.all([0, 1, 2, 3].map(() => openPostgresStore(database.url)));
        const again = await openPostgresStore(database.url);
        stores.push(again);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const { rows } = await client.query<{ version: number }>('SELECT version FROM parley_schema_migrations ORDER BY version');
        await client.end();
        expect(rows.map((r) => r.version)).toStrictEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
        for (const s of stores) await expect(s.ping()).resolves.toBeUndefined();
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await database.drop();
      }
    });

    it('a database migrated by a newer server: ping rejects and opening is a StoreConfigError', async () => {
      const database = await createTestDatabase();
      try {
        const store = await openPostgresStore(database.url);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query('INSERT INTO parley_schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
        await client.end();
        await expect(store.ping()).rejects.toThrow(`version ${SCHEMA_VERSION + 1}`);
        await store.close();
        const opening = openPostgresStore(database.url);
        await expect(opening).rejects.toBeInstanceOf(StoreConfigError);
        await expect(opening).rejects.toThrow(/newer than this server/);
      } finally {
        await database.drop();
      }
    });

    it('withTurnLock excludes another process: it waits, then runs', async () => {
      const other = await h.another({ applicationName: 'contract-other' });
      const id = uid('shared');
      const hold = gate();
      const started = gate();
      const events: string[] = [];
      const first = h.store.conversations.withTurnLock(id, async () => {
        events.push('A start');
        started.open();
        await hold.promise;
        events.push('A end');
      });
      await started.promise;
      const second = other.conversations.withTurnLock(id, async () => {
        events.push('B start');
      });
      expect(await other.conversations.withTurnLock(uid('different'), async () => 'free')).toBe('free');
      expect(await settledWithin(second, PROVE_BLOCKED_MS)).toBe(false);
      hold.open();
      await Promise.all([first, second]);
      expect(events).toStrictEqual(['A start', 'A end', 'B start']);
    });

    it('withTurnLock: released after run throws, so another process takes it at once', async () => {
      const other = await h.another({ lockTimeoutMs: 5_000 });
      const id = uid('thrown');
      await expect(h.store.conversations.withTurnLock(id, () => Promise.reject(new Error('turn failed')))).rejects.toThrow('turn failed');
      expect(await other.conversations.withTurnLock(id, async () => 'got it')).toBe('got it');
    });

    it('withTurnLock: a held lock makes another process wait, then time out with LockTimeoutError; the lock outlives the timeout', async () => {
      const impatient = await h.another({ lockTimeoutMs: 300 });
      const id = uid('held');
      const hold = gate();
      const started = gate();
      const holder = h.store.conversations.withTurnLock(id, async () => {
        started.open();
        await hold.promise;
        return 'held';
      });
      await started.promise;
      let ran = false;
      const waited = impatient.conversations.withTurnLock(id, async () => {
        ran = true;
      });
      await expect(waited).rejects.toBeInstanceOf(LockTimeoutError);
      expect(ran).toBe(false);
      hold.open();
      expect(await holder).toBe('held');
      expect(await impatient.conversations.withTurnLock(id, async () => 'free now')).toBe('free now');
    });

    it('withTurnLock: a holder whose connection dies loses the lock to the others, and its process lives on', async () => {
      const dying = await h.another({ applicationName: 'contract-dying' });
      const other = await h.another({ lockTimeoutMs: 20_000 });
      const id = uid('dies');
      const hold = gate();
      const started = gate();
      const holder = dying.conversations.withTurnLock(id, async () => {
        started.open();
        await hold.promise;
        return 'finished anyway';
      });
      await started.promise;
      // What a killed process looks like to PostgreSQL: its connection goes away.
      await h.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'contract-dying:locks'`);
      expect(await other.conversations.withTurnLock(id, async () => 'taken over')).toBe('taken over');
      hold.open();
      expect(await holder).toBe('finished anyway');
      // The dead connection was thrown away, not handed out again.
      expect(await dying.conversations.withTurnLock(id, async () => 'again')).toBe('again');
    });

    it('watchOutbox: a commit through one process wakes a watcher in another; after a dropped connection it reconnects and calls again', async () => {
      const watcherStore = await h.another({ applicationName: 'contract-watch' });
      let calls = 0;
      const stop = watcherStore.conversations.watchOutbox(() => calls++);
      // Once as soon as it listens (to catch up on anything committed before).
      await until(() => calls >= 1, 20_000, 'the first call after LISTEN');
      const before = calls;
      const { id } = await botWithConversation(h.store);
      await turn(h.store, id, { messages: [bot('ping')] });
      await until(() => calls > before, 20_000, 'a notification of the commit');
      const rows = await watcherStore.conversations.outboxAfter((await watcherStore.conversations.outboxHead()) - 1, 10);
      expect(rows.at(-1)!.payload).toMatchObject({ conversationId: id, by: h.store.instance });

      // One connection per store, whatever the number of watchers.
      let second = 0;
      const stopSecond = watcherStore.conversations.watchOutbox(() => second++);
      await until(() => second >= 1, 20_000, 'the second watcher');
      const listening = await h.sql<{ n: number }>(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contract-watch:listen'`);
      expect(listening[0]!.n).toBe(1);

      // The connection drops: a new one listens, and every watcher is called once it does.
      const beforeDrop = calls;
      const secondBeforeDrop = second;
      await h.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'contract-watch:listen'`);
      await until(() => calls > beforeDrop && second > secondBeforeDrop, 30_000, 'a call after reconnecting');
      const afterReconnect = calls;
      await turn(h.store, id, { messages: [bot('again')] });
      await until(() => calls > afterReconnect, 20_000, 'a notification after reconnecting');

      stop();
      stopSecond();
      const stopped = calls;
      await turn(h.store, id, { messages: [bot('unheard')] });
      // The commit's notification has surely reached the listener by the time a later query on that store answers.
      await watcherStore.conversations.outboxHead();
      expect(calls).toBe(stopped);
    });

    it('outbox ids follow commit order across processes, so a tail never steps over a row', async () => {
      const stores = [h.store, await h.another(), await h.another()];
      const botId = await createBot(h.store);
      const ids = await Promise.all(Array.from({ length: 9 }, () => createConversation(h.store, botId)));
      const head = await h.store.conversations.outboxHead();
      let last = head;
      const seen: number[] = [];
      let tailing = true;
      const tail = (async () => {
        while (tailing) {
          for (const row of await h.store.conversations.outboxAfter(last, 100)) {
            seen.push(row.id);
            last = row.id;
          }
          await new Promise((ok) => setImmediate(ok));
        }
      })();
      await Promise.all(ids.map((id, i) => (async () => { for (let n = 0; n < 5; n++) await turn(stores[i % 3]!, id, { messages: [bot(`m${n}`)] }); })()));
      tailing = false;
      await tail;
      for (const row of await h.store.conversations.outboxAfter(last, 1000)) seen.push(row.id);
      const all = (await h.store.conversations.outboxAfter(head, 1000)).map((r) => r.id);
      expect(all).toHaveLength(45);
      expect(seen).toStrictEqual(all);
    });

    it('meta.claim and deliveries.claimDue agree across processes', async () => {
      const others = [await h.another(), await h.another()];
      const key = uid('shared-claim');
      const answers = await Promise.all([h.store, ...others].map((s, i) => s.meta.claim(key, `value-${i}`)));
      expect(new Set(answers).size).toBe(1);

      const kind = uid('multi');
      const t = (n: number) => at(n, 1980);
      for (let i = 0; i < 30; i++) await h.store.deliveries.enqueue({ kind, target: 't', idempotencyKey: `k${i}`, payload: i }, t(1));
      const claims = await Promise.all([h.store, ...others, h.store, ...others].map((s) => s.deliveries.claimDue(t(2), t(100), 7)));
      const claimed = claims.flat().map((d) => d.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(30);
    });

    it('a lost server is StoreUnavailableError (503), and the pool recovers by itself when it returns', async () => {
      const server = new URL(h.url);
      const proxy = await startProxy({ host: server.hostname, port: Number(server.port || 5432) });
      try {
        const via = new URL(h.url);
        via.host = `127.0.0.1:${proxy.port}`;
        const store = await openPostgresStore(via.toString(), { connectTimeoutMs: 2_000, lockTimeoutMs: 2_000 });
        try {
          await store.meta.set('outage', 'before');
          await proxy.cut();
          await expect(store.meta.get('outage')).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.bots.create(uid('b'), 'x', document, at(1))).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.conversations.withTurnLock(uid('c'), async () => 1)).rejects.toBeInstanceOf(StoreUnavailableError);
          await proxy.restore();
          await until(async () => (await store.meta.get('outage').catch(() => 'down')) === 'before', 20_000, 'the pool to reconnect');
          await expect(store.ping()).resolves.toBeUndefined();
          expect(await store.conversations.withTurnLock(uid('c'), async () => 'locks too')).toBe('locks too');
        } finally {
          await store.close();
        }
      } finally {
        await proxy.close();
      }
    });

    it('openStoreFromEnv opens PostgreSQL from PARLEY_DATABASE_URL', async () => {
      const store = await openStoreFromEnv({ PARLEY_DATABASE_URL: h.url, PARLEY_DB: '/nonexistent/ignored.db' }, '/nonexistent');
      try {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.meta.set('from-env', 'yes');
        expect(await h.store.meta.get('from-env')).toBe('yes');
      } finally {
        await store.close();
      }
    });

    it('openStoreFromEnv: a database that does not exist, or a wrong password, is one line that never shows the password', async () => {
      const missing = new URL(h.url);
      missing.pathname = '/parley_no_such_database';
      missing.password = 'sekret-pw';
      const error = await openStoreFromEnv({ PARLEY_DATABASE_URL: missing.toString() }, '/').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConfigError);
      expect((error as Error).message).toMatch(/no database "parley_no_such_database"/);
      expect((error as Error).message).not.toContain('sekret-pw');
      expect((error as Error).stack).not.toContain('\n');
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Choosing the store from the environment (no server needed)

describe('openStoreFromEnv', { timeout: SLOW }, () => {
  const PASSWORD = 'hunter2-Secret';

  it('without PARLEY_DATABASE_URL opens SQLite at PARLEY_DB under the root (default data/parley.db)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-env-'));
    try {
      const store = await openStoreFromEnv({ PARLEY_DB: 'custom/here.db' }, root);
      await store.meta.set('k', 'v');
      await store.close();
      const again = openStore(join(root, 'custom/here.db'));
      expect(await again.meta.get('k')).toBe('v');
      await again.close();
      const byDefault = await openStoreFromEnv({}, root);
      await byDefault.meta.set('d', '1');
      await byDefault.close();
      const check = openStore(join(root, 'data/parley.db'));
      expect(await check.meta.get('d')).toBe('1');
      await check.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const refused = async (url: string): Promise<StoreConfigError> => {
    const error = await openStoreFromEnv({ PARLEY_DATABASE_URL: url }, '/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain('\n');
    expect((error as Error).stack).not.toContain('\n');
    return error as StoreConfigError;
  };

  it('refuses what is not a postgres:// URL, naming what is wrong', async () => {
    expect((await refused('')).message).toMatch(/PARLEY_DATABASE_URL is set but empty/);
    expect((await refused(`mysql://root:${PASSWORD}@db:3306/parley`)).message).toMatch(/must be a PostgreSQL URL starting with postgres:\/\/ or postgresql:\/\//);
    expect((await refused(`root:${PASSWORD}@db/parley`)).message).toMatch(/starting with postgres:\/\//);
    expect((await refused('data/parley.db')).message).toMatch(/starting with postgres:\/\//);
    expect((await refused(`postgres://root:${PASSWORD}@db:99999/parley`)).message).toMatch(/not a valid URL/);
    expect((await refused(`postgres://root:${PASSWORD}@[db/parley`)).message).toMatch(/not a valid URL/);
  });

  it('an unreachable server at start is a StoreConfigError naming the host and port', async () => {
    const port = await new Promise<number>((ok) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    for (const scheme of ['postgres', 'postgresql']) {
      const error = await refused(`${scheme}://parley:${PASSWORD}@127.0.0.1:${port}/parley`);
      expect(error.message).toBe(
        `Cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED): check the host and port in PARLEY_DATABASE_URL and that the server is running and accepts connections from here`,
      );
    }
  });

  it('the PostgreSQL server for these tests', () => {
    // Visible in the test output: whether the PostgreSQL half ran, and against what.
    const url = pgServerUrl();
    if (url === null) console.error(`PostgreSQL contract tests were skipped: ${pgUnavailableReason()}`);
    expect(pgAvailable()).toBe(url !== null);
  });
});
