import { describe, expect, it } from 'vitest';
import { splitHangul, syllablePairs } from './hangul';

describe('Hangul pieces', () => {
  it('splits a run into overlapping pairs, so a word with a particle shares a piece with the bare word', () => {
    expect(syllablePairs('환불은')).toEqual(['환불', '불은']);
    expect(syllablePairs('환불을')).toEqual(['환불', '불을']);
    expect(syllablePairs('환불')).toEqual(['환불']);
    expect(syllablePairs('환')).toEqual(['환']);
    expect(syllablePairs('')).toEqual([]);
  });

  it('replaces only the Hangul runs of a text', () => {
    expect(splitHangul('refund 환불은 가능').split(/\s+/).filter(Boolean)).toEqual(['refund', '환불', '불은', '가능']);
  });
});
