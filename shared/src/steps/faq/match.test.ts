import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matchFaq, type FaqEntry, type FaqMatch } from './match';

const THRESHOLD = 0.45;

const en: FaqEntry[] = [
  { id: 'shipping', phrases: ['How long does shipping take?', 'When will my order arrive?', 'How much does delivery cost?', 'Do you ship internationally?'] },
  { id: 'returns', phrases: ['How do I return an item?', 'Can I send it back?', 'What is your return policy?', 'I want a refund'] },
  { id: 'payment', phrases: ['What payment methods do you accept?', 'Can I pay with a credit card?', 'I was charged twice', 'When will the refund show up on my card?'] },
];

const ko: FaqEntry[] = [
  { id: 'shipping', phrases: ['배송 기간이 얼마나 걸리나요', '주문한 상품이 언제 도착하나요', '배송비는 얼마인가요', '해외 배송도 되나요'] },
  { id: 'refund', phrases: ['환불 받고 싶어요', '반품 신청은 어떻게 하나요', '교환 가능한가요', '환불은 언제 처리되나요'] },
  { id: 'payment', phrases: ['결제 수단은 뭐가 있나요', '카드로 결제할 수 있나요', '무통장 입금 되나요', '결제가 두 번 됐어요'] },
];

const match = (answers: readonly FaqEntry[], query: string, threshold = THRESHOLD): FaqMatch => matchFaq(answers, query, { threshold });

/** Scores of the top three answers, including those a real threshold would drop (zero scores never appear). */
function scores(answers: readonly FaqEntry[], query: string): Record<string, number> {
  return Object.fromEntries(match(answers, query, 0).candidates.map((c) => [c.id, c.score]));
}

describe('matchFaq in English', () => {
  it.each([
    ['How long is shipping?', 'shipping'],
    ['shipping time', 'shipping'],
    ['when does my package arrive', 'shipping'],
    ['how much is delivery', 'shipping'],
    ['do you deliver to Canada', 'shipping'],
    ["what's the return policy?", 'returns'],
    ['can I send this back', 'returns'],
    ['I am returning a shoe', 'returns'],
    ['refund please', 'returns'],
    ['can I pay by card', 'payment'],
    ['payment methods', 'payment'],
    ['I got charged twice', 'payment'],
    ['do you accept visa', 'payment'],
  ])('matches %j to %s', (query, id) => {
    const result = match(en, query);
    expect(result.best?.id).toBe(id);
    expect(result.best!.score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(result.ambiguous).toBe(false);
  });

  it.each(['return', 'returns', 'returning', 'returned'])('treats %j as the word "return"', (query) => {
    expect(match(en, query).best?.id).toBe('returns');
    expect(scores(en, query).returns).toBeCloseTo(scores(en, 'return').returns!, 10);
  });

  it('ignores case, width and punctuation', () => {
    expect(match(en, 'ＳＨＩＰＰＩＮＧ ＴＩＭＥ！！')).toEqual(match(en, 'shipping time'));
    expect(match(en, 'SHIPPING... time?')).toEqual(match(en, 'shipping time'));
  });

  it.each(['I love pizza', "what's the weather like today", 'tell me a joke', 'how do I', 'can you help me'])('does not match %j', (query) => {
    const result = match(en, query);
    expect(result.best).toBeUndefined();
    expect(result.candidates).toEqual([]);
    expect(Math.max(0, ...Object.values(scores(en, query)))).toBeLessThan(THRESHOLD);
  });

  it('lets a word most phrases share count little', () => {
    const answers: FaqEntry[] = [
      { id: 'cancel', phrases: ['cancel my subscription'] },
      { id: 'track', phrases: ['track my order'] },
      { id: 'change', phrases: ['change my order'] },
      { id: 'history', phrases: ['order history'] },
    ];
    // Both words cover half of a phrase; only the rare one should decide.
    const result = match(answers, 'cancel order');
    expect(result.best?.id).toBe('cancel');
    expect(result.ambiguous).toBe(false);
    expect(result.candidates.map((c) => c.id)).toEqual(['cancel']);
  });

  it('still matches a phrase made only of stopwords, by the whole word', () => {
    const answers: FaqEntry[] = [...en, { id: 'greeting', phrases: ['hello'] }];
    expect(match(answers, 'hello!').best?.id).toBe('greeting');
    // Not even a weak score: "how" must not be found inside "show".
    expect(scores(answers, 'how do I')).toEqual({});
  });
});

describe('matchFaq in Korean', () => {
  it.each([
    ['배송은 언제 와요?', 'shipping'],
    ['배송기간', 'shipping'],
    ['배송 기간', 'shipping'],
    ['배송비 얼마예요', 'shipping'],
    ['주문한 거 언제 도착해요', 'shipping'],
    ['해외배송 되나요', 'shipping'],
    ['환불은 어떻게 하나요', 'refund'],
    ['환불을 원해요', 'refund'],
    ['환불하고 싶어요', 'refund'],
    ['반품 신청할게요', 'refund'],
    ['교환되나요', 'refund'],
    ['카드 결제 되나요', 'payment'],
    ['카드결제', 'payment'],
    ['결제 수단 알려주세요', 'payment'],
    ['무통장입금 가능한가요', 'payment'],
  ])('matches %j to %s', (query, id) => {
    const result = match(ko, query);
    expect(result.best?.id).toBe(id);
    expect(result.best!.score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(result.ambiguous).toBe(false);
  });

  it.each(['환불은', '환불을', '환불이', '환불이요', '환불은요'])('scores %j exactly like 환불', (query) => {
    expect(match(ko, query).best?.id).toBe('refund');
    expect(scores(ko, query)).toEqual(scores(ko, '환불'));
  });

  it('does not let spacing change the answer', () => {
    expect(match(ko, '배송기간').best?.id).toBe(match(ko, '배송 기간').best?.id);
    expect(Math.abs(scores(ko, '배송기간').shipping! - scores(ko, '배송 기간').shipping!)).toBeLessThan(0.15);
  });

  it.each(['오늘 날씨 어때', '안녕하세요', '점심 뭐 먹지', '배 아파요', '사랑해요'])('does not match %j', (query) => {
    const result = match(ko, query);
    expect(result.best).toBeUndefined();
    expect(result.candidates).toEqual([]);
    expect(Math.max(0, ...Object.values(scores(ko, query)))).toBeLessThan(THRESHOLD);
  });
});

describe('matchFaq ambiguity', () => {
  it.each([
    [en, 'can I return it and get a refund to my card', ['payment', 'returns']],
    [ko, '반품하고 카드로 환불 되나요', ['payment', 'refund']],
  ] as const)('asks "did you mean" for a query about two answers (%#)', (answers, query, ids) => {
    const result = match(answers, query);
    expect(result.ambiguous).toBe(true);
    expect(result.candidates.map((c) => c.id).sort()).toEqual([...ids]);
    expect(result.candidates[0]!.score - result.candidates[1]!.score).toBeLessThanOrEqual(0.1);
    expect(result.best).toEqual(result.candidates[0]);
  });

  it('is not ambiguous when the runner-up is more than 0.1 behind', () => {
    // "refund" is in both answers, but only returns has it on its own.
    const s = scores(en, 'refund please');
    expect(s.returns! - s.payment!).toBeGreaterThan(0.1);
    expect(match(en, 'refund please', 0.05).ambiguous).toBe(false);
  });

  it('is not ambiguous with a single candidate above the threshold', () => {
    const s = scores(en, 'I am returning a shoe');
    expect(s.payment).toBeGreaterThan(0);
    const result = match(en, 'I am returning a shoe');
    expect(result.candidates.map((c) => c.id)).toEqual(['returns']);
    expect(result.ambiguous).toBe(false);
  });

  it('breaks ties by the order of the answers', () => {
    const answers: FaqEntry[] = [
      { id: 'first', phrases: ['cancel my order'] },
      { id: 'second', phrases: ['cancel my order'] },
    ];
    const result = match(answers, 'cancel order');
    expect(result.candidates.map((c) => c.id)).toEqual(['first', 'second']);
    expect(result.candidates[0]!.score).toBe(result.candidates[1]!.score);
    expect(result.best?.id).toBe('first');
    expect(result.ambiguous).toBe(true);
  });
});

describe('matchFaq thresholds and limits', () => {
  it.each(['', '   ', ' \n\t ', '?!…', '。'])('does not match the empty query %j', (query) => {
    expect(match(en, query, 0)).toEqual({ best: undefined, candidates: [], ambiguous: false, suggestions: [] });
    expect(match(en, query, 0).best).toBeUndefined();
  });

  it('does not match against no answers', () => {
    expect(match([], 'shipping time', 0)).toEqual({ best: undefined, candidates: [], ambiguous: false, suggestions: [] });
  });

  it('keeps a score equal to the threshold and drops one just below it', () => {
    const score = scores(en, 'shipping time').shipping!;
    expect(match(en, 'shipping time', score).best).toEqual({ id: 'shipping', score });
    const above = match(en, 'shipping time', score + 1e-6);
    expect(above.best).toBeUndefined();
    expect(above.candidates).toEqual([]);
  });

  it('lists only candidates above the threshold', () => {
    const all = match(en, 'I am returning a shoe', 0).candidates;
    expect(all.length).toBeGreaterThan(1);
    const cut = (all[0]!.score + all[1]!.score) / 2;
    expect(match(en, 'I am returning a shoe', cut).candidates).toEqual([all[0]]);
  });

  it('returns at most three candidates, best first', () => {
    // Each phrase adds a word, so "order" covers less of each and they rank in this order.
    const words = ['order', 'status', 'update', 'email', 'alert'];
    const answers: FaqEntry[] = words.map((_, i) => ({ id: `a${i}`, phrases: [words.slice(0, i + 1).join(' ')] }));
    const result = match(answers, 'order', 0);
    expect(result.candidates.map((c) => c.id)).toEqual(['a0', 'a1', 'a2']);
    const values = result.candidates.map((c) => c.score);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(result.best).toEqual(result.candidates[0]);
    // The fourth answer scored too; it was only cut by the limit.
    expect(match(answers.slice(1), 'order', 0).candidates.map((c) => c.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps each answers array apart in the cache', () => {
    const shipping: FaqEntry[] = [{ id: 'a', phrases: ['shipping time'] }];
    const payment: FaqEntry[] = [{ id: 'a', phrases: ['payment methods'] }];
    expect(match(shipping, 'shipping').best?.id).toBe('a');
    expect(match(payment, 'shipping').best).toBeUndefined();
    expect(match(payment, 'payment').best?.id).toBe('a');
  });

});

describe('matchFaq properties', () => {
  const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
  const word = fc.constantFrom('shipping', 'returns', 'refund', 'card', '배송', '환불은', '결제', ' ', '?', 'é', '\u0301', '\uD83D', 'ＡＢ');
  // Real words mixed with arbitrary code points, lone surrogates included, so matches actually happen.
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.oneof(word, anyCodeUnit), maxLength: 20 }));
  const answers = fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }).map((list) => list.map((phrases, i) => ({ id: `a${i}`, phrases })));
  const threshold = fc.double({ min: 0, max: 1, noNaN: true });

  function checkShape(result: FaqMatch, limit: number): void {
    expect(result.candidates.length).toBeLessThanOrEqual(3);
    for (const c of result.candidates) {
      expect(c.score).toBeGreaterThan(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(c.score).toBeGreaterThanOrEqual(limit);
    }
    const values = result.candidates.map((c) => c.score);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(result.best).toEqual(result.candidates[0]);
    const [first, second] = result.candidates;
    expect(result.ambiguous).toBe(first !== undefined && second !== undefined && first.score - second.score <= 0.1 + 1e-9);
  }

  it('keeps scores in [0, 1] and the result well formed for any text', () => {
    fc.assert(
      fc.property(fc.constantFrom(en, ko), text, threshold, (faq, query, limit) => {
        checkShape(match(faq, query, limit), limit);
        checkShape(match(faq, query, 0), 0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary answers and queries', () => {
    fc.assert(
      fc.property(answers, text, threshold, (faq, query, limit) => {
        checkShape(match(faq, query, limit), limit);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic, whether the answers are cached or not', () => {
    fc.assert(
      fc.property(answers, text, (faq, query) => {
        const first = match(faq, query, 0);
        expect(match(faq, query, 0)).toEqual(first);
        const copy = faq.map((a) => ({ id: a.id, phrases: [...a.phrases] }));
        expect(match(copy, query, 0)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic on the real FAQs for queries built from their words', () => {
    const words = fc.array(fc.constantFrom(...[...en, ...ko].flatMap((a) => a.phrases.join(' ').split(' '))), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom(en, ko), words, (faq, parts) => {
        const query = parts.join(' ');
        const first = match(faq, query, 0);
        checkShape(first, 0);
        expect(match(faq.map((a) => ({ ...a })), query, 0)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
