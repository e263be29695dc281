import { describe, expect, it } from 'vitest';
import { sameSecret } from './constantTime';

describe('sameSecret', () => {
  it('matches equal secrets, as strings or bytes', () => {
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    expect(sameSecret(Buffer.from('s3cret'), 's3cret')).toBe(true);
    expect(sameSecret('s3cret', new Uint8Array(Buffer.from('s3cret')))).toBe(true);
    expect(sameSecret('', '')).toBe(true);
  });

  it('refuses a different secret of the same or another length without throwing', () => {
    expect(sameSecret('s3cres', 's3cret')).toBe(false);
    expect(sameSecret('s3cre', 's3cret')).toBe(false);
    expect(sameSecret('s3crett', 's3cret')).toBe(false);
    // Same number of characters, different number of bytes: timingSafeEqual alone would throw here.
    expect(sameSecret('é', 'e')).toBe(false);
    expect(sameSecret('ab', 'é')).toBe(false);
  });

  it('never matches a missing or repeated value', () => {
    expect(sameSecret(undefined, '')).toBe(false);
    expect(sameSecret(['s3cret'], 's3cret')).toBe(false);
    expect(sameSecret(['s3cret', 's3cret'], 's3cret')).toBe(false);
  });
});
