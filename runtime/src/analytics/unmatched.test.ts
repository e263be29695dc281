import { describe, expect, it } from 'vitest';
import { groupUnmatched, jaccard, normalise, trigrams, UNMATCHED_LIMIT } from './unmatched';
import { csvCell, csvRow } from './csv';
import type { FaqRow } from '../store/analytics';

const row = (text: string, at = '2026-11-25T15:00:00.000Z', suggestions: FaqRow['suggestions'] = []): FaqRow => ({ nodeId: 'faq', text, outcome: suggestions.length ? 'suggested' : 'noMatch', suggestions, at });

describe('unmatched questions', () => {
  it('normalises case, punctuation, spacing and Korean spacing into one key', () => {
    expect(normalise('  Where IS my   parcel?!  ')).toBe('where is my parcel');
    expect(normalise('배송 조회 해주세요')).toBe(normalise('배송조회해주세요'));
    expect(normalise('주문 10002 어디')).toBe('주문10002어디');
    expect(normalise('!!!')).toBe('');
  });

  it('measures near-duplicates by character trigrams', () => {
    expect(jaccard(trigrams('where is my parcel'), trigrams('where is my parcel'))).toBe(1);
    expect(jaccard(trigrams('where is my parcel'), trigrams('where is my parcell'))).toBeGreaterThanOrEqual(0.6);
    expect(jaccard(trigrams('where is my parcel'), trigrams('how do i pay'))).toBeLessThan(0.2);
  });

  it('groups the same question and its near-duplicates with counts, biggest first, and keeps unrelated ones apart', () => {
    const groups = groupUnmatched([
      row('Where is my parcel?', '2026-11-25T15:03:00.000Z', [{ answerId: 'shipping', score: 0.4 }]),
      row('where is my parcel', '2026-11-25T15:02:00.000Z'),
      row('Where is my parcel?', '2026-11-25T15:01:00.000Z', [{ answerId: 'shipping', score: 0.35 }, { answerId: 'returns', score: 0.31 }]),
      row('where is my parcell', '2026-11-25T15:00:00.000Z'),
      row('Can I pay with bitcoin'),
      row('배송 조회'),
      row('배송조회'),
      row('???'),
    ]);
    expect(groups.map((g) => [g.text, g.count])).toEqual([
      ['Where is my parcel?', 4],
      ['배송 조회', 2],
      ['Can I pay with bitcoin', 1],
    ]);
    expect(groups[0]).toMatchObject({ variants: ['where is my parcel', 'where is my parcell'], lastAt: '2026-11-25T15:03:00.000Z', nodeId: 'faq' });
    expect(groups[0]!.suggested).toEqual([{ answerId: 'shipping', score: 0.4 }, { answerId: 'returns', score: 0.31 }]);
  });

  it('groups at most the newest texts it is given a bound for', () => {
    const many = Array.from({ length: UNMATCHED_LIMIT + 500 }, () => row('same question'));
    expect(groupUnmatched(many)).toEqual([expect.objectContaining({ text: 'same question', count: UNMATCHED_LIMIT })]);
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvRow(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});
