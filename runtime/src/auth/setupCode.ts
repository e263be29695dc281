import { randomInt } from 'node:crypto';
import type { Store } from '../store';
import { sameSecret } from './constantTime';
import { tokenDigest } from './tokens';

const KEY = 'setup.code';
// No 0/O or 1/I/L: the code is read off a terminal and typed by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * First-run setup creates an admin, so it needs proof that the caller runs this server: the one-time code printed at
 * start while no account exists (kept only as a hash), or the bootstrap admin token. A new start prints a new code
 * and the old one stops working; creating the first account spends it.
 */
export async function issueSetupCode(store: Store): Promise<string | undefined> {
  if (await store.users.count() > 0) {
    await store.meta.delete(KEY);
    return undefined;
  }
  const code = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
  await store.meta.set(KEY, tokenDigest(normalise(code)));
  return code;
}

export async function isSetupCode(store: Store, given: string): Promise<boolean> {
  const stored = await store.meta.get(KEY);
  return stored !== undefined && sameSecret(tokenDigest(normalise(given)), stored);
}

export async function spendSetupCode(store: Store): Promise<void> {
  await store.meta.delete(KEY);
}

// Typed codes come with spaces, dashes and lower case.
const normalise = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();
