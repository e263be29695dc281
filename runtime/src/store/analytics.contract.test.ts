/**
 * The analytics store's contract, run against SQLite and (when a PostgreSQL server is available, see
 * testing/pgGlobalSetup.ts) PostgreSQL: analytics written inside a turn's commit (and not at all when the commit
 * fails), counters summed by UPSERT, abandonment and its undoing, automated resolution unless the visitor returned,
 * and the conversations list with its filters and keyset.
 */
import { onEachStore } from '../testing/eachStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDocument } from '@parley/shared';
import type { Store } from '.';
import { ConflictError } from './conversations';
import type { AnalyticsWrite } from './analytics';
import { repoRoot } from '../testing/harness';

const document = JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')) as FlowDocument;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 15) + minutes * 60_000).toISOString();
const BOT = 'bot-a';

function write(conversationId: string, over: Partial<AnalyticsWrite> = {}): AnalyticsWrite {
  return {
    conversationId,
    botId: BOT,
    version: 1,
    faqOrd: 0,
    day: '2026-11-25',
    startedAt: at(0),
    visitorId: null,
    channel: 'web',
    at: at(0),
    started: false,
    returnSince: at(-72 * 60),
    path: [],
    faq: [],
    counts: [],
    summary: { lastNodeId: 'menu', outcome: 'open', endedAt: null, pending: false },
    ...over,
  };
}

function contract(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>) {
  describe(`analytics store (${name})`, () => {
    let store: Store;
    let close: () => Promise<void>;
    let rowVersions: Record<string, number>;
    const begin = async (id: string, visitorId: string | null = null, startedAt = at(0)) => {
      await store.conversations.create({ id, botId: BOT, flowVersion: 1, tokenHash: `t-${id}`, visitorId, visitor: {}, now: startedAt });
      rowVersions[id] = 0;
    };
    const commit = async (id: string, analytics: AnalyticsWrite, expectedRowVersion = rowVersions[id]!) => {
      await store.conversations.commitTurn({ id, expectedRowVersion, status: 'active', state: null, nodeId: null, messages: [], analytics, now: analytics.at }, 0, BOT);
      rowVersions[id] = expectedRowVersion + 1;
    };
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const c of (await store.analytics.figures(BOT, '2026-11-01', '2026-11-30', null)).counts) out[`${c.nodeId}/${c.key}`] = (out[`${c.nodeId}/${c.key}`] ?? 0) + Number(c.n);
      return out;
    };

    beforeAll(async () => {
      ({ store, close } = await open());
      rowVersions = {};
      await store.bots.create(BOT, 'Bot A', { ...document, id: BOT }, at(0));
    });
    afterAll(async () => close?.());

    it('writes a turn’s analytics with the turn, sums counters, and writes nothing when the turn conflicts', async () => {
      await begin('c1');
      await commit(
        'c1',
        write('c1', {
          started: true,
          path: [
            { nodeId: 'start', via: null },
            { nodeId: 'menu', via: 'next' },
          ],
          counts: [
            { nodeId: '$', key: 'started', n: 1 },
            { nodeId: 'menu', key: 'visit', n: 1 },
            { nodeId: 'start', key: 'o:next', n: 1 },
            { nodeId: 'start', key: 'visit', n: 1 },
          ],
          faq: [{ nodeId: 'faq', text: 'gift card?', outcome: 'suggested', answerId: null, score: 0.4, suggestions: [{ answerId: 'payment', score: 0.4 }] }],
        }),
      );
      await begin('c2');
      await commit('c2', write('c2', { started: true, counts: [{ nodeId: '$', key: 'started', n: 1 }, { nodeId: 'menu', key: 'visit', n: 1 }] }));
      await expect(commit('c2', write('c2', { counts: [{ nodeId: '$', key: 'started', n: 5 }] }), 0)).rejects.toBeInstanceOf(ConflictError);

      expect(await counts()).toEqual({ '$/started': 2, 'menu/visit': 2, 'start/o:next': 1, 'start/visit': 1 });
      expect((await store.analytics.path('c1')).map((p) => [p.nodeId, p.via])).toEqual([
        ['start', null],
        ['menu', 'next'],
      ]);
      expect(await store.analytics.unmatched(BOT, at(-1), at(1), 10)).toEqual([{ nodeId: 'faq', text: 'gift card?', outcome: 'suggested', suggestions: [{ answerId: 'payment', score: 0.4 }], at: at(0) }]);
      expect(await store.analytics.summary('c1')).toEqual({ conversationId: 'c1', botId: BOT, version: 1, startedAt: at(0), channel: 'web', outcome: 'open', lastNodeId: 'menu', messages: 0 });
      expect((await store.analytics.figures(BOT, '2026-11-25', '2026-11-25', null)).waiting).toEqual([{ nodeId: 'menu', n: 2 }]);
    });

    it('abandons silent conversations once, and takes it back when the customer writes again', async () => {
      await commit('c1', write('c1', { at: at(10), path: [{ nodeId: 'ask-order', via: 'track' }] }));
      expect(await store.analytics.path('c1')).toEqual([
        { nodeId: 'start', via: null, at: at(0) },
        { nodeId: 'menu', via: 'next', at: at(0) },
        { nodeId: 'ask-order', via: 'track', at: at(10) },
      ]);
      await store.analytics.finalise(BOT, at(5), at(-72 * 60));
      let c = await counts();
      expect([c['$/abandoned'], c['menu/abandoned']]).toEqual([1, 1]); // c2 (last at 0), not c1 (last at 10)
      await store.analytics.finalise(BOT, at(5), at(-72 * 60));
      expect((await counts())['$/abandoned']).toBe(1);
      expect((await store.analytics.summary('c2'))!.outcome).toBe('abandoned');

      await commit('c2', write('c2', { at: at(50), summary: { lastNodeId: 'ask-order', outcome: 'open', endedAt: null, pending: false }, counts: [{ nodeId: 'menu', key: 'o:track', n: 1 }, { nodeId: 'ask-order', key: 'visit', n: 1 }] }));
      c = await counts();
      expect([c['$/abandoned'], c['menu/abandoned']]).toEqual([0, 0]);
      expect((await store.analytics.figures(BOT, '2026-11-25', '2026-11-25', null)).waiting).toEqual(expect.arrayContaining([{ nodeId: 'ask-order', n: 1 }]));
    });

    it('keeps an open conversation’s counters in its row, adds them early when they grow, and all of them when it ends', async () => {
      await begin('long');
      const before = (await counts())['faq/o:noMatch'] ?? 0;
      for (let i = 0; i < 150; i++) await commit('long', write('long', { at: at(1), counts: [{ nodeId: 'faq', key: 'o:noMatch', n: 1 }] }));
      expect((await counts())['faq/o:noMatch']).toBe(before + 150);
      const ended = { lastNodeId: 'done', outcome: 'ended' as const, endedAt: at(2), pending: false };
      await commit('long', write('long', { at: at(2), summary: ended, counts: [{ nodeId: 'done', key: 'end', n: 1 }] }));
      const c = await counts();
      expect([c['faq/o:noMatch'], c['done/end']]).toEqual([before + 150, 1]);
      expect((await store.analytics.figures(BOT, '2026-11-25', '2026-11-25', null)).waiting).not.toContainEqual(expect.objectContaining({ nodeId: 'done' }));
    });

    it('counts an automated resolution after 72 hours unless the same visitor started again within them', async () => {
      const ended = { lastNodeId: 'done', outcome: 'ended' as const, endedAt: at(20), pending: true };
      await begin('r1', 'v-1');
      await commit('r1', write('r1', { visitorId: 'v-1', at: at(20), summary: ended }));
      await begin('r2', 'v-2');
      await commit('r2', write('r2', { visitorId: 'v-2', at: at(20), summary: ended }));
      // v-2 comes back an hour later.
      await begin('r3', 'v-2', at(80));
      await commit('r3', write('r3', { visitorId: 'v-2', startedAt: at(80), at: at(80), started: true, returnSince: at(80 - 72 * 60) }));
      // The cutoffs are "now − 30 minutes" and "now − 72 hours": a minute short of 72 hours after the end, then a minute past.
      await store.analytics.finalise(BOT, at(0), at(19));
      expect((await counts())['$/resolved']).toBeUndefined();
      await store.analytics.finalise(BOT, at(0), at(21));
      expect((await counts())['$/resolved']).toBe(1);
      expect((await store.analytics.summary('r1'))!.outcome).toBe('resolved');
      expect((await store.analytics.summary('r2'))!.outcome).toBe('ended');
    });

    it('lists conversations newest first with filters and a keyset', async () => {
      const base = { botId: BOT, fromAt: at(-60), toAt: at(24 * 60), version: null, outcome: null, channel: null, step: null, before: null, limit: 50 };
      const all = await store.analytics.conversations(base);
      expect(all.map((r) => r.conversationId)).toEqual(['r3', 'r2', 'r1', 'long', 'c2', 'c1']);
      expect((await store.analytics.conversations({ ...base, outcome: 'resolved' })).map((r) => r.conversationId)).toEqual(['r1']);
      expect((await store.analytics.conversations({ ...base, step: 'start' })).map((r) => r.conversationId)).toEqual(['c1']);
      // A step id that is a prefix of another's is no match for it.
      expect(await store.analytics.conversations({ ...base, step: 'ask' })).toEqual([]);
      expect(await store.analytics.conversations({ ...base, channel: 'telegram' })).toEqual([]);
      expect(await store.analytics.conversations({ ...base, version: 2 })).toEqual([]);
      const page1 = await store.analytics.conversations({ ...base, limit: 2 });
      const page2 = await store.analytics.conversations({ ...base, limit: 2, before: { startedAt: page1[1]!.startedAt, conversationId: page1[1]!.conversationId } });
      expect([...page1, ...page2].map((r) => r.conversationId)).toEqual(['r3', 'r2', 'r1', 'long']);
    });

    it('drops a conversation’s analytics with the bot', async () => {
      expect(await store.bots.delete(BOT)).toBe(true);
      expect(await store.analytics.summary('c1')).toBeUndefined();
      expect((await store.analytics.figures(BOT, '2026-11-01', '2026-11-30', null)).counts).toEqual([]);
    });
  });
}

onEachStore('analytics store', contract, 'file');
