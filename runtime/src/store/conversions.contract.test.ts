/**
 * The conversions repository's contract, the same on SQLite and on a real PostgreSQL server (a fresh database per
 * run; see testing/pgGlobalSetup.ts): goals, attribution lookups, conversions and their per-day figures.
 */
import { onEachStore } from '../testing/eachStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '@parley/shared';
import type { Store } from '.';
import type { Goal, NewConversion } from './conversions';

const SLOW = 60_000;
// Not the harness's repoRoot: the harness loads the whole app, which a store test does not need.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const document = JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')) as FlowDocument;

let counter = 0;
const suffix = Math.random().toString(36).slice(2, 8);
const uid = (prefix: string) => `${prefix}-${++counter}-${suffix}`;
/** Day `d`, hour `h` of November 2026 as the ISO string the runtime passes. */
const at = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

interface Harness {
  store: Store;
  close(): Promise<void>;
}

function conversionsContract(name: 'sqlite' | 'postgres', open: () => Promise<Harness>): void {
  describe(`conversions store contract: ${name}`, { timeout: SLOW }, () => {
    let h: Harness;
    let store: Store;

    beforeAll(async () => {
      h = await open();
      store = h.store;
    }, SLOW);
    afterAll(async () => {
      await h?.close();
    }, SLOW);

    const bot = async () => {
      const id = uid('bot');
      await store.bots.create(id, 'Bot', { ...document, name: 'Bot' }, at(1));
      return id;
    };
    const goal = (botId: string, over: Partial<Goal> = {}): Goal => ({
      id: uid('goal'),
      botId,
      name: 'Purchase',
      event: 'purchase',
      windowDays: 7,
      createdAt: at(1),
      updatedAt: at(1),
      ...over,
    });
    const conversation = async (botId: string, visitorId: string | null, now: string, flowVersion = 1) => {
      const id = uid('conv');
      await store.conversations.create({ id, botId, flowVersion, tokenHash: `token-${id}`, visitorId, visitor: {}, now });
      return id;
    };
    const conversion = (g: Goal, over: Partial<NewConversion> = {}): NewConversion => ({
      botId: g.botId,
      goalId: g.id,
      event: g.event,
      value: null,
      currency: null,
      visitorId: null,
      profileId: null,
      conversationId: null,
      source: 'visitor',
      recordedAt: at(10),
      ...over,
    });

    it('creates goals, one per event and bot, and lists them in creation order', async () => {
      const botId = await bot();
      const other = await bot();
      const purchase = goal(botId);
      const signup = goal(botId, { name: 'Signup', event: 'signup', windowDays: 30, createdAt: at(2), updatedAt: at(2) });
      expect(await store.conversions.createGoal(signup)).toBe('ok');
      expect(await store.conversions.createGoal(purchase)).toBe('ok');
      expect(await store.conversions.createGoal(goal(botId, { name: 'Again' }))).toBe('duplicate');
      expect(await store.conversions.createGoal(goal(other))).toBe('ok');
      expect(await store.conversions.goals(botId)).toEqual([purchase, signup]);
      expect(await store.conversions.goal(botId, signup.id)).toEqual(signup);
      expect(await store.conversions.goal(other, signup.id)).toBeUndefined();
      expect(await store.conversions.goalForEvent(botId, 'signup')).toEqual(signup);
      expect(await store.conversions.goalForEvent(botId, 'SIGNUP')).toBeUndefined();
      expect(await store.conversions.goalForEvent(other, 'signup')).toBeUndefined();
    });

    it('changes a goal in part, refusing an event another goal counts', async () => {
      const botId = await bot();
      const a = goal(botId);
      const b = goal(botId, { event: 'signup' });
      await store.conversions.createGoal(a);
      await store.conversions.createGoal(b);
      expect(await store.conversions.updateGoal(botId, a.id, { windowDays: 14 }, at(3))).toBe('ok');
      expect(await store.conversions.goal(botId, a.id)).toEqual({ ...a, windowDays: 14, updatedAt: at(3) });
      expect(await store.conversions.updateGoal(botId, a.id, { name: 'Order', event: 'order' }, at(4))).toBe('ok');
      expect(await store.conversions.goal(botId, a.id)).toMatchObject({ name: 'Order', event: 'order', windowDays: 14, updatedAt: at(4) });
      expect(await store.conversions.updateGoal(botId, a.id, { event: 'signup' }, at(5))).toBe('duplicate');
      expect(await store.conversions.goal(botId, a.id)).toMatchObject({ event: 'order', updatedAt: at(4) });
      expect(await store.conversions.updateGoal(botId, 'missing', { name: 'x' }, at(5))).toBe('missing');
      expect(await store.conversions.updateGoal(await bot(), a.id, { name: 'x' }, at(5))).toBe('missing');
    });

    it('finds the customer by any identity of their profile', async () => {
      const botId = await bot();
      const conv = await conversation(botId, 'user:p1', at(1));
      const profile = await store.profiles.link({ conversationId: conv, channel: 'web' }, [{ kind: 'visitor', value: 'user:p1' }, { kind: 'email', value: 'p1@example.com' }], at(1), () => uid('profile'));
      expect(await store.conversions.profileOf([{ kind: 'email', value: 'p1@example.com' }])).toBe(profile);
      expect(await store.conversions.profileOf([{ kind: 'visitor', value: 'nobody' }, { kind: 'visitor', value: 'user:p1' }])).toBe(profile);
      expect(await store.conversions.profileOf([{ kind: 'visitor', value: 'p1@example.com' }])).toBeUndefined();
      expect(await store.conversions.profileOf([])).toBeUndefined();
    });

    it("finds the customer's newest conversation with the bot since a moment, by conversation, visitor id or profile", async () => {
      const botId = await bot();
      const otherBot = await bot();
      const old = await conversation(botId, 'device-1', at(1));
      const recent = await conversation(botId, 'device-1', at(5));
      await conversation(otherBot, 'device-1', at(6));
      await conversation(botId, 'device-1', at(7), -1); // a preview chat in the editor
      const anonymous = await conversation(botId, null, at(4));
      const none = { conversationIds: [], visitorIds: [], profileId: undefined };
      expect(await store.conversions.latestConversation(botId, { ...none, visitorIds: ['device-1'] }, at(1))).toBe(recent);
      expect(await store.conversions.latestConversation(botId, { ...none, visitorIds: ['device-1'] }, at(5))).toBe(recent);
      expect(await store.conversions.latestConversation(botId, { ...none, visitorIds: ['device-1'] }, at(5, 13))).toBeUndefined();
      expect(await store.conversions.latestConversation(botId, { ...none, conversationIds: [old] }, at(1))).toBe(old);
      expect(await store.conversions.latestConversation(botId, { ...none, conversationIds: [anonymous, old] }, at(1))).toBe(anonymous);
      expect(await store.conversions.latestConversation(botId, { ...none, visitorIds: ['device-2'] }, at(1))).toBeUndefined();
      expect(await store.conversions.latestConversation(botId, none, at(1))).toBeUndefined();

      // A profile gathers a Telegram chat and a web conversation of one customer.
      const chat = await conversation(botId, 'telegram:77', at(8));
      const web = await conversation(botId, 'device-3', at(2));
      const profile = uid('profile');
      await store.profiles.link({ conversationId: web, channel: 'web' }, [{ kind: 'email', value: 'c@example.com' }], at(2), () => profile);
      await store.profiles.link({ conversationId: chat, channel: 'telegram' }, [{ kind: 'email', value: 'c@example.com' }], at(8), () => 'unused');
      expect(await store.conversions.latestConversation(botId, { ...none, visitorIds: ['device-3'], profileId: profile }, at(1))).toBe(chat);
      expect(await store.conversions.latestConversation(otherBot, { ...none, profileId: profile }, at(1))).toBeUndefined();
    });

    it('records conversions and keeps per-day figures for every goal, and deletes them with their goal', async () => {
      const botId = await bot();
      const purchase = goal(botId);
      const signup = goal(botId, { event: 'signup', name: 'Signup', createdAt: at(2) });
      await store.conversions.createGoal(purchase);
      await store.conversions.createGoal(signup);
      const conv = await conversation(botId, 'device-9', at(9));
      const first = await store.conversions.record(conversion(purchase, { value: 10.25, currency: 'USD', visitorId: 'device-9', conversationId: conv, source: 'conversation' }));
      const second = await store.conversions.record(conversion(purchase, { value: 32, recordedAt: at(10, 23) }));
      await store.conversions.record(conversion(purchase, { value: 5, recordedAt: at(11, 0) }));
      await store.conversions.record(conversion(signup, { conversationId: conv, recordedAt: at(12) }));
      expect(second).toBeGreaterThan(first);

      const [newest, ...rest] = await store.conversions.list(botId, 10);
      expect(rest).toHaveLength(3);
      expect(rest.at(-1)).toEqual({ id: first, ...conversion(purchase, { value: 10.25, currency: 'USD', visitorId: 'device-9', conversationId: conv, source: 'conversation' }) });
      expect(newest).toMatchObject({ goalId: signup.id, value: null, conversationId: conv });
      expect(await store.conversions.list(botId, 1)).toHaveLength(1);

      expect(await store.conversions.figures(botId, '2026-11-10', '2026-11-11')).toEqual({
        goals: [
          { goalId: purchase.id, name: 'Purchase', event: 'purchase', count: 3, value: 47.25, attributed: 1 },
          { goalId: signup.id, name: 'Signup', event: 'signup', count: 0, value: 0, attributed: 0 },
        ],
        days: [
          { day: '2026-11-10', goalId: purchase.id, count: 2, value: 42.25, attributed: 1 },
          { day: '2026-11-11', goalId: purchase.id, count: 1, value: 5, attributed: 0 },
        ],
      });
      expect((await store.conversions.figures(botId, '2026-11-12', '2026-11-12')).days).toEqual([{ day: '2026-11-12', goalId: signup.id, count: 1, value: 0, attributed: 1 }]);
      expect(await store.conversions.figures(await bot(), '2026-11-01', '2026-11-30')).toEqual({ goals: [], days: [] });

      expect(await store.conversions.deleteGoal(botId, purchase.id)).toBe(true);
      expect(await store.conversions.deleteGoal(botId, purchase.id)).toBe(false);
      expect((await store.conversions.list(botId, 10)).map((c) => c.goalId)).toEqual([signup.id]);
      expect((await store.conversions.figures(botId, '2026-11-01', '2026-11-30')).goals.map((g) => g.goalId)).toEqual([signup.id]);
      // Deleting the bot deletes its goals and figures.
      expect(await store.bots.delete(botId)).toBe(true);
      expect(await store.conversions.goals(botId)).toEqual([]);
      expect(await store.conversions.list(botId, 10)).toEqual([]);
    });
  });
}

onEachStore('conversions store contract', conversionsContract);
