/**
 * The notification store's contract, run against SQLite and (when a PostgreSQL server is available, see
 * testing/pgGlobalSetup.ts) PostgreSQL: the rate-limited insert, web notices taken once, opt-outs, and a customer's
 * identities read through their profile.
 */
import { onEachStore } from '../testing/eachStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '.';
import type { NotificationRow } from './notifications';

const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
let counter = 0;
const row = (over: Partial<NotificationRow> = {}): NotificationRow => ({
  id: `ntf_${String(++counter).padStart(20, '0')}`,
  botId: 'bot-1',
  profileId: 'profile-1',
  channel: 'web',
  address: 'user:ada',
  status: 'queued',
  conversationId: null,
  text: 'Hello',
  startAt: null,
  delivery: null,
  createdAt: at(counter),
  createdBy: 'admin',
  sentAt: null,
  error: null,
  ...over,
});

function contract(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>) {
  describe(`notification store (${name})`, () => {
    let store: Store;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close?.());

    it('admits notifications up to the limit per profile and window, not counting opted-out ones', async () => {
      const limit = { max: 2, since: at(0) };
      expect(await store.notifications.create(row({ profileId: 'p-limit', status: 'opted_out' }), limit)).toStrictEqual({ ok: true });
      const first = row({ profileId: 'p-limit' });
      expect(await store.notifications.create(first, limit)).toStrictEqual({ ok: true });
      expect(await store.notifications.create(row({ profileId: 'p-limit' }), limit)).toStrictEqual({ ok: true });
      expect(await store.notifications.create(row({ profileId: 'p-limit' }), limit)).toStrictEqual({ ok: false, oldestAt: first.createdAt });
      // Another customer has their own share; a later window forgets the old ones.
      expect(await store.notifications.create(row({ profileId: 'p-other' }), limit)).toStrictEqual({ ok: true });
      expect(await store.notifications.create(row({ profileId: 'p-limit' }), { max: 2, since: at(counter) })).toStrictEqual({ ok: true });
      expect(await store.notifications.get(first.id)).toStrictEqual(first);
    });

    it('updates only the fields given', async () => {
      const r = row({ profileId: 'p-update' });
      await store.notifications.create(r, { max: 10, since: at(0) });
      await store.notifications.update(r.id, { conversationId: 'c-1', delivery: 'email a@b.c c-1:2' });
      await store.notifications.update(r.id, { status: 'sent', sentAt: at(500) });
      expect(await store.notifications.get(r.id)).toStrictEqual({ ...r, conversationId: 'c-1', delivery: 'email a@b.c c-1:2', status: 'sent', sentAt: at(500) });
      expect(await store.notifications.get('ntf_missing')).toBeUndefined();
    });

    it('hands a web notice out once, oldest first, and takes one back', async () => {
      const older = row({ address: 'user:take', botId: 'bot-take' });
      const newer = row({ address: 'user:take', botId: 'bot-take' });
      await store.notifications.create(row({ address: 'user:take', botId: 'bot-else', profileId: 'p-take' }), { max: 10, since: at(0) });
      await store.notifications.create(row({ address: 'user:take', botId: 'bot-take', channel: 'email', profileId: 'p-take' }), { max: 10, since: at(0) });
      await store.notifications.create({ ...older, profileId: 'p-take' }, { max: 10, since: at(0) });
      await store.notifications.create({ ...newer, profileId: 'p-take' }, { max: 10, since: at(0) });
      const taken = await Promise.all([store.notifications.takeWebNotice('user:take', 'bot-take', at(900)), store.notifications.takeWebNotice('user:take', 'bot-take', at(900))]);
      expect(taken.map((t) => t?.id).sort()).toStrictEqual([older.id, newer.id].sort());
      expect(taken.every((t) => t?.status === 'sent' && t.sentAt === at(900))).toBe(true);
      expect(await store.notifications.takeWebNotice('user:take', 'bot-take', at(901))).toBeUndefined();
      await store.notifications.returnWebNotice(older.id);
      expect((await store.notifications.takeWebNotice('user:take', 'bot-take', at(902)))?.id).toBe(older.id);
    });

    it('records opt-outs per identity, and opts back in once', async () => {
      const identity = { kind: 'visitor' as const, value: 'whatsapp:15550001' };
      expect(await store.notifications.isOptedOut(identity)).toBe(false);
      await store.notifications.optOut(identity, at(1), 'whatsapp message');
      await store.notifications.optOut(identity, at(2), 'whatsapp message');
      expect(await store.notifications.isOptedOut(identity)).toBe(true);
      expect(await store.notifications.isOptedOut({ kind: 'email', value: 'whatsapp:15550001' })).toBe(false);
      expect(await store.notifications.optIn(identity)).toBe(true);
      expect(await store.notifications.optIn(identity)).toBe(false);
      expect(await store.notifications.isOptedOut(identity)).toBe(false);
    });

    it("reads a customer's identities through the profile that has one of them", async () => {
      const now = at(3);
      const profile = await store.profiles.link({ conversationId: 'conv-n1', channel: 'web' }, [{ kind: 'visitor', value: 'user:grace' }, { kind: 'email', value: 'grace@example.com' }], now, () => 'prof-grace');
      await store.profiles.link({ conversationId: 'conv-n2', channel: 'whatsapp' }, [{ kind: 'visitor', value: 'whatsapp:15550002' }, { kind: 'email', value: 'grace@example.com' }], now, () => 'prof-other');
      const found = await store.notifications.customer({ kind: 'email', value: 'grace@example.com' });
      expect(found?.profileId).toBe(profile);
      expect(found?.identities.map((i) => `${i.kind}:${i.value}`).sort()).toStrictEqual(['email:grace@example.com', 'visitor:user:grace', 'visitor:whatsapp:15550002']);
      expect(await store.notifications.customer({ kind: 'visitor', value: 'user:nobody' })).toBeUndefined();
    });
  });
}

onEachStore('notification store', contract, 'file');
