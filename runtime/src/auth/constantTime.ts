import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret the caller gave equals the expected one, compared in time that depends only on their lengths, so
 * how long an answer takes says nothing about how much of a guess was right. Strings are compared as UTF-8 bytes.
 * A value that is missing or repeated (an absent or doubled header) never matches. The one place secrets, token
 * digests, CSRF tokens and password keys are compared.
 */
export function sameSecret(given: string | Uint8Array | string[] | undefined, expected: string | Uint8Array): boolean {
  if (given === undefined || Array.isArray(given)) return false;
  const a = typeof given === 'string' ? Buffer.from(given) : given;
  const b = typeof expected === 'string' ? Buffer.from(expected) : expected;
  return a.length === b.length && timingSafeEqual(a, b);
}
