/**
 * Article search reads the customer's text as FAQ matching does (shared's `searchWords`: synonyms, Korean particles,
 * spacing), with the same results on SQLite and on a real PostgreSQL server (see testing/pgGlobalSetup.ts).
 */
import { onEachStore } from '../testing/eachStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '.';
import { ftsQuery } from './articles';

const SLOW = 60_000;
let counter = 0;
const suffix = Math.random().toString(36).slice(2, 8);
const uid = (prefix: string) => `${prefix}-${++counter}-${suffix}`;
const at = (d: number) => new Date(Date.UTC(2026, 10, d, 12)).toISOString();
const article = (externalId: string, title: string, body: string, locale: string) => ({ externalId, title, bodyHtml: `<p>${body}</p>`, url: `https://help.example/${externalId}`, locale, labels: [] });

interface Harness {
  store: Store;
  close(): Promise<void>;
}

function articleSearchContract(name: 'sqlite' | 'postgres', open: () => Promise<Harness>): void {
  describe(`article search normalisation: ${name}`, { timeout: SLOW }, () => {
    let h: Harness;
    let store: Store;
    beforeAll(async () => {
      h = await open();
      store = h.store;
    }, SLOW);
    afterAll(async () => {
      await h?.close();
    }, SLOW);

    const ids = async (q: string, loc: string) => (await store.articles.search(q, loc, 10)).map((a) => a.id);

    it('finds an English article by a synonym the customer used (shipping → delivery, parcel → package, money back → refund)', async () => {
      const loc = `s${++counter}`;
      const [delivery, tracking, refunds, payment] = [uid('en'), uid('en'), uid('en'), uid('en')];
      await store.articles.import(
        [
          article(delivery, 'Delivery times', 'Standard delivery takes 3 business days.', loc),
          article(tracking, 'Follow your package', 'Open the link in your confirmation e-mail to see where your package is.', loc),
          article(refunds, 'Refunds', 'We refund the original payment method.', loc),
          article(payment, 'Payment options', 'We accept Visa and Mastercard.', loc),
        ],
        at(1),
      );
      expect(await ids('how long does shipping take?', loc)).toStrictEqual([delivery]);
      expect(await ids('my parcel', loc)).toStrictEqual([tracking]);
      expect((await ids('can I get my money back', loc))[0]).toBe(refunds);
      // Nothing the articles say: still nothing.
      expect(await ids('tell me a joke', loc)).toStrictEqual([]);
    });

    it('finds a Korean article whatever the particle, the spacing or the everyday word (비번 → 비밀번호, 택배 → 배송)', async () => {
      const loc = `k${++counter}`;
      const [password, shipping, tracking] = [uid('ko'), uid('ko'), uid('ko')];
      await store.articles.import(
        [
          article(password, '비밀번호 재설정', '로그인 화면에서 비밀번호 찾기를 누르세요.', loc),
          article(shipping, '배송 기간 안내', '주문 후 2~4영업일 안에 도착합니다.', loc),
          article(tracking, '배송 조회 방법', '마이페이지에서 운송장으로 조회하세요.', loc),
        ],
        at(2),
      );
      expect(await ids('비번을 까먹었어요', loc)).toStrictEqual([password]);
      expect(await ids('패스워드', loc)).toStrictEqual([password]);
      expect((await ids('택배 기간이 얼마나 되나요', loc))[0]).toBe(shipping);
      expect((await ids('배송조회', loc))[0]).toBe(tracking);
      expect(await ids('오늘 날씨 어때요', loc)).toStrictEqual([]);
    });
  });
}

describe('ftsQuery', () => {
  it('quotes plain terms only, puts the customer’s own words first and bounds the query', () => {
    const query = ftsQuery(`refund" OR * NEAR( ) parcel ${'word '.repeat(500)}`)!;
    const terms = query.split(' OR ');
    expect(terms.every((t) => /^"[\p{L}\p{N}]+"$/u.test(t))).toBe(true);
    expect(terms.slice(0, 3)).toStrictEqual(['"refund"', '"near"', '"parcel"']);
    expect(terms).toContain('"package"');
    expect(terms.length).toBeLessThanOrEqual(64);
  });

  it('strips Korean particles before splitting into syllable pairs', () => {
    expect(ftsQuery('환불은')).not.toContain('"불은"');
    expect(ftsQuery('환불은')!.split(' OR ')[0]).toBe('"환불"');
  });
});

onEachStore('article search contract', articleSearchContract);
