import { describe, expect, it } from 'vitest';
import { analyze, fold, jamo, lexiconFor, searchWords, stemEnglish, stripKorean, withinEdits } from '.';
import { matchFaq, rankFaq, type FaqEntry } from '../steps/faq/match';

const stems = (text: string, groups = lexiconFor()) => analyze(text, groups).filter((t) => !t.stop).map((t) => t.stem);

describe('fold', () => {
  it('lowers case, unifies width, drops apostrophes and makes other punctuation a space', () => {
    expect(fold("Don't  SIGN-IN ＡＢＣ!")).toBe('dont sign in abc');
  });
});

describe('typos: withinEdits', () => {
  it.each([
    ['pasword', 'password', 1, true],
    ['retrun', 'return', 1, true],
    ['refnd', 'refund', 1, true],
    ['warrenty', 'warranty', 1, true],
    ['shipment', 'shipping', 1, false],
    ['abc', 'abcdef', 2, false],
    ['kitten', 'sitting', 2, false],
    ['kitten', 'sitting', 3, true],
  ])('%s ~ %s within %i: %s', (a, b, max, within) => {
    expect(withinEdits(a, b, max)).toBe(within);
    expect(withinEdits(b, a, max)).toBe(within);
  });

  it('counts Hangul in letters, so a wrong vowel is one edit', () => {
    expect(jamo('환불')).toBe('ㅎㅘㄴㅂㅜㄹ');
    expect(withinEdits(jamo('환뷸'), jamo('환불'), 1)).toBe(true);
    expect(withinEdits(jamo('배송'), jamo('환불'), 1)).toBe(false);
  });
});

describe('English inflection', () => {
  it.each([
    ['returning', 'return'],
    ['returned', 'return'],
    ['refunds', 'refund'],
    ['cancellation', 'cancel'],
    ['countries', 'countri'],
  ])('stems %s like %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it('leaves short words, numbers and other scripts alone', () => {
    expect(stemEnglish('us')).toBe('us');
    expect(stemEnglish('10002')).toBe('10002');
    expect(stemEnglish('환불')).toBe('환불');
  });
});

describe('Korean particles and endings', () => {
  it.each([
    ['비밀번호를', '비밀번호'],
    ['배송은요', '배송'],
    ['환불이', '환불'],
    ['해외에서', '해외'],
    ['교환하고싶어요', '교환'],
    ['주문했는데', '주문'],
  ])('strips %s to %s', (word, stem) => {
    expect(stripKorean(word)).toBe(stem);
  });

  it('keeps a one-syllable ending that is part of a two-syllable noun', () => {
    expect(stripKorean('휴가')).toBe('휴가');
    expect(stripKorean('나이')).toBe('나이');
  });
});

describe('synonyms: the built-in lexicon', () => {
  it.each([
    ['parcel', 'package'],
    ['deliver', 'shipping'],
    ['money back', 'refund'],
    ['sign in', 'log in'],
    ['pw', 'password'],
    ['call off', 'cancel'],
  ])('reads %j as %j', (a, b) => {
    expect(stems(a)).toStrictEqual(stems(b));
  });

  it.each([
    ['비번을', '비밀번호'],
    ['택배', '배송'],
    ['패스워드', '비밀번호'],
    ['돈 돌려받을', '환불'],
    ['접속', '로그인'],
  ])('reads %j as %j', (a, b) => {
    expect(stems(a)).toStrictEqual(stems(b));
  });

  it('matches Hangul entries whatever the spacing, and one-syllable ones only as whole words', () => {
    expect(stems('받는곳')).toStrictEqual(stems('받는 곳'));
    expect(stems('색으로')).toStrictEqual(stems('색상'));
    expect(stems('검색')).toStrictEqual(['검색']);
  });

  it('does not let a stem turn a function word into a synonym ("wheres" is tracking, "where" is not)', () => {
    expect(stems('wheres my order')).toContain('track');
    expect(stems('where do I enter the code')).not.toContain('track');
  });

  it('puts a bot group before the built-in one, landing on the built-in canonical word when it names one', () => {
    const bot = lexiconFor([{ words: ['parcel', 'gizmo box'] }, { words: ['widget', 'thingamajig'] }]);
    expect(stems('gizmo box', bot)).toStrictEqual(stems('package'));
    expect(stems('thingamajig', bot)).toStrictEqual(['widget']);
    // Built-in words still work beside it.
    expect(stems('refunds', bot)).toStrictEqual(['refund']);
    // Cached per groups array.
    const groups = [{ words: ['a1', 'b1'] }];
    expect(lexiconFor(groups)).toBe(lexiconFor(groups));
  });
});

describe('article search words', () => {
  it('keeps the customer’s words first, then every one-word form of their synonyms', () => {
    const words = searchWords('where is my parcel?', lexiconFor());
    expect(words.slice(0, 2)).toStrictEqual(['track', 'parcel']);
    expect(words).toEqual(expect.arrayContaining(['package', 'order', 'tracking']));
    expect(searchWords('비번을 잊었어요', lexiconFor())).toEqual(expect.arrayContaining(['비밀번호', '비번', '패스워드']));
    expect(searchWords('how do I', lexiconFor())).toStrictEqual([]);
  });
});

describe('the matcher with normalisation', () => {
  const answers: FaqEntry[] = [
    { id: 'shipping', phrases: ['how long does shipping take', 'delivery time'] },
    { id: 'refund', phrases: ['when will I get my refund', 'refund status'] },
    { id: 'password', phrases: ['forgot my password', 'reset password'] },
    { id: 'account', phrases: ['delete my account'] },
  ];
  const ko: FaqEntry[] = [
    { id: 'tracking', phrases: ['배송 조회', '송장 번호'] },
    { id: 'password', phrases: ['비밀번호를 잊어버렸어요', '비밀번호 재설정'] },
    { id: 'refund', phrases: ['환불 받고 싶어요', '환불 처리 기간'] },
  ];
  const best = (list: FaqEntry[], q: string, synonyms?: { words: string[] }[]) => matchFaq(list, q, { threshold: 0.45, synonyms }).best?.id;

  it.each([
    ['forgot my pasword', 'password'],
    ['refnd status', 'refund'],
    ['how long does shiping take', 'shipping'],
  ])('forgives the typo in %j', (q, id) => {
    expect(best(answers, q)).toBe(id);
  });

  it.each([
    ['when do I get my money back', 'refund'],
    ['how long does the parcel delivery take', 'shipping'],
    ['I forgot my pw', 'password'],
  ])('understands the synonym in %j', (q, id) => {
    expect(best(answers, q)).toBe(id);
  });

  it.each([
    ['배송조회', 'tracking'],
    ['배송 조회 하고 싶어요', 'tracking'],
    ['비번을 까먹었어요', 'password'],
    ['비밀번호가 기억이 안 나요', 'password'],
    ['환뷸 받고 싶어요', 'refund'],
    ['송장번호 알려주세요', 'tracking'],
  ])('matches the Korean %j', (q, id) => {
    expect(best(ko, q)).toBe(id);
  });

  it('reads the bot’s own synonyms, and only for that bot', () => {
    const catalog: FaqEntry[] = [...answers, { id: 'widget', phrases: ['widget'] }];
    expect(best(catalog, 'my thingamajig')).toBeUndefined();
    expect(best(catalog, 'my thingamajig', [{ words: ['widget', 'thingamajig'] }])).toBe('widget');
  });

  it('lets a question that holds a whole phrase plus context through', () => {
    expect(best(ko, '어제 주문한 건데 송장 번호 좀 알 수 있을까요')).toBe('tracking');
  });

  it('ranks every answer for the preview, best first, and blends a semantic score when given one', () => {
    const ranked = rankFaq(answers, 'refund status please');
    expect(ranked[0]!.id).toBe('refund');
    expect(ranked.map((r) => r.score)).toStrictEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
    const lexical = rankFaq(answers, 'I cannot remember how to get in');
    const semantic = rankFaq(answers, 'I cannot remember how to get in', { semantic: new Map([['password', 0.9]]) });
    expect(semantic[0]!.id).toBe('password');
    expect(semantic[0]!.score).toBeGreaterThan(lexical.find((r) => r.id === 'password')?.score ?? 0);
  });
});
