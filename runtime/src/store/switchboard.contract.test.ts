/**
 * The switchboard repository's contract, the same on SQLite and on a real PostgreSQL server (a fresh database per
 * run; see testing/pgGlobalSetup.ts): the switchboard record, metadata merges, the holder on the conversation row
 * (written by a turn, read with the row) and business messages.
 */
import { onEachStore } from '../testing/eachStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '@parley/shared';
import Database from 'better-sqlite3';
import type { Store } from '.';
import { migrate } from './sqlite/db';
import { migrations } from './sqlite/migrations';

const SLOW = 60_000;
// Not the harness's repoRoot: the harness loads the whole app, which a store test does not need.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const document = JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')) as FlowDocument;

let counter = 0;
const suffix = Math.random().toString(36).slice(2, 8);
const uid = (prefix: string) => `${prefix}-${++counter}-${suffix}`;
const at = (n: number) => new Date(Date.UTC(2026, 10, 25, 12, n)).toISOString();

interface Harness {
  store: Store;
  close(): Promise<void>;
}

function switchboardContract(name: 'sqlite' | 'postgres', open: () => Promise<Harness>): void {
  describe(`switchboard store contract: ${name}`, { timeout: SLOW }, () => {
    let h: Harness;
    let store: Store;
    let botId: string;

    beforeAll(async () => {
      h = await open();
      store = h.store;
      botId = uid('bot');
      await store.bots.create(botId, 'Bot', { ...document, name: 'Bot' }, at(0));
    }, SLOW);
    afterAll(async () => {
      await h?.close();
    }, SLOW);

    const conversation = async () => {
      const id = uid('conv');
      await store.conversations.create({ id, botId, flowVersion: 1, tokenHash: `token-${id}`, visitorId: null, visitor: {}, now: at(1) });
      return id;
    };

    it('keeps one record per conversation, replaced by each put', async () => {
      const id = await conversation();
      expect(await store.switchboard.get(id)).toBeUndefined();
      await store.switchboard.put({ conversationId: id, offeredTo: 'agent', releaseStep: 'menu', passMetadata: { order: { id: 'A-1' } }, updatedAt: at(2) });
      expect(await store.switchboard.get(id)).toEqual({ conversationId: id, offeredTo: 'agent', releaseStep: 'menu', passMetadata: { order: { id: 'A-1' } }, updatedAt: at(2) });
      await store.switchboard.put({ conversationId: id, offeredTo: null, releaseStep: null, passMetadata: {}, updatedAt: at(3) });
      expect(await store.switchboard.get(id)).toEqual({ conversationId: id, offeredTo: null, releaseStep: null, passMetadata: {}, updatedAt: at(3) });
    });

    it('merges metadata shallowly, removes keys set to null, and refuses a result over the limit without writing it', async () => {
      const id = await conversation();
      expect(await store.switchboard.metadata(id)).toEqual({});
      expect(await store.switchboard.mergeMetadata(id, { order: { status: 'packed' }, vip: true }, at(2), 1000)).toEqual({ order: { status: 'packed' }, vip: true });
      expect(await store.switchboard.mergeMetadata(id, { order: { status: 'shipped' }, vip: null, note: 'gift' }, at(3), 1000)).toEqual({ order: { status: 'shipped' }, note: 'gift' });
      expect(await store.switchboard.mergeMetadata(id, { blob: 'x'.repeat(2000) }, at(4), 1000)).toBeUndefined();
      expect(await store.switchboard.metadata(id)).toEqual({ order: { status: 'shipped' }, note: 'gift' });
    });

    it('loses no key when merges of one conversation race', async () => {
      const id = await conversation();
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.switchboard.mergeMetadata(id, { [`k${i}`]: i }, at(2), 10_000)));
      expect(Object.keys(await store.switchboard.metadata(id)).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
    });

    it('reads the holder with the conversation row; a turn sets it, clears it, or leaves it', async () => {
      const id = await conversation();
      expect((await store.conversations.get(id))!.holder).toBeNull();
      const write = async (holder: string | null | undefined, author: 'business' | 'customer') => {
        const row = (await store.conversations.get(id))!;
        await store.conversations.commitTurn(
          {
            id,
            expectedRowVersion: row.rowVersion,
            status: 'active',
            state: null,
            nodeId: null,
            messages: [{ author, payload: author === 'customer' ? { type: 'customer', text: 'hi' } : { type: 'text', text: 'Hello from the shop' }, nodeId: null }],
            ...(holder !== undefined ? { holder } : {}),
            now: at(5),
          },
          row.lastSeq,
          botId,
        );
      };
      await write('int_1', 'business');
      expect((await store.conversations.get(id))!.holder).toBe('int_1');
      await write(undefined, 'customer');
      expect((await store.conversations.get(id))!.holder).toBe('int_1');
      await write(null, 'customer');
      expect((await store.conversations.get(id))!.holder).toBeNull();
      expect((await store.conversations.messagesAfter(id, 0)).map((m) => m.author)).toEqual(['business', 'customer', 'customer']);
    });
  });
}

describe('SQLite schema v8', () => {
  it("rebuilds a v7 database's messages so the business may speak, keeping every message and client id", () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((x) => x.version <= 7)) db.exec(m.sql);
    db.pragma('user_version = 7');
    db.prepare(`INSERT INTO bots (id, name, created_at, updated_at) VALUES ('b', 'Bot', 't', 't')`).run();
    db.prepare(`INSERT INTO conversations (id, bot_id, flow_version, status, row_version, last_seq, token_hash, created_at, updated_at)
      VALUES ('c', 'b', 1, 'active', 2, 2, 'h', 't', 't')`).run();
    db.prepare(`INSERT INTO messages (conversation_id, seq, author, payload, node_id, created_at, client_id) VALUES ('c', 1, 'customer', '{"type":"customer","text":"hi"}', NULL, 't1', 'k1'), ('c', 2, 'bot', '{"type":"text","text":"Hello"}', 'n1', 't2', NULL)`).run();
    expect(() => db.prepare(`INSERT INTO messages (conversation_id, seq, author, payload, created_at) VALUES ('c', 3, 'business', '{}', 't3')`).run()).toThrow(/CHECK/);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    expect(db.prepare('SELECT conversation_id, seq, author, payload, node_id, created_at, client_id FROM messages ORDER BY seq').all()).toEqual([
      { conversation_id: 'c', seq: 1, author: 'customer', payload: '{"type":"customer","text":"hi"}', node_id: null, created_at: 't1', client_id: 'k1' },
      { conversation_id: 'c', seq: 2, author: 'bot', payload: '{"type":"text","text":"Hello"}', node_id: 'n1', created_at: 't2', client_id: null },
    ]);
    db.prepare(`INSERT INTO messages (conversation_id, seq, author, payload, created_at) VALUES ('c', 3, 'business', '{}', 't3')`).run();
    expect(() => db.prepare(`INSERT INTO messages (conversation_id, seq, author, payload, created_at) VALUES ('c', 4, 'robot', '{}', 't4')`).run()).toThrow(/CHECK/);
    // The client-id index came back: a client's retry is still recognised.
    expect(() => db.prepare(`INSERT INTO messages (conversation_id, seq, author, payload, created_at, client_id) VALUES ('c', 5, 'customer', '{}', 't5', 'k1')`).run()).toThrow(/UNIQUE/);
    // Messages still go with their conversation.
    db.prepare(`DELETE FROM conversations WHERE id = 'c'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT name FROM pragma_table_info('conversations') WHERE name = 'holder'`).all()).toEqual([{ name: 'holder' }]);
    db.close();
  });
});

onEachStore('switchboard store contract', switchboardContract);
