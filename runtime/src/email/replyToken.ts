import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/constantTime';

/**
 * The token in an email's resume link and Reply-To address: a conversation id and an expiry, signed with
 * HMAC-SHA256 under the server's key. Nothing is stored for it; the signature is the proof.
 *
 * Shape: `<uuid without dashes>.<expiry, seconds, base 36>.<first 80 bits of the MAC, base 32>`, all lower case,
 * because it must survive as the local part of an address (`reply+<token>@domain`): at most 64 characters, and mail
 * systems may change its case.
 */
export type TokenCheck = { ok: true; conversationId: string; expiresAt: Date } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const SHAPE = /^([0-9a-f]{32})\.([0-9a-z]{1,10})\.([a-z2-7]{16})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function mac(key: Buffer, compactId: string, expiry: string): string {
  // The purpose is signed too, so a MAC made for anything else with this key can never pass for an email token.
  return base32(createHmac('sha256', key).update(`parley-email-token|${compactId}|${expiry}`).digest().subarray(0, 10));
}

/** A token for `conversationId` (a UUID) that works until `expiresAt`. */
export function signToken(key: Buffer, conversationId: string, expiresAt: Date): string {
  const compact = conversationId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(compact)) throw new Error('Email tokens are made for conversation ids that are UUIDs');
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${compact}.${expiry}.${mac(key, compact, expiry)}`;
}

/** Whether a token is ours, unchanged and unexpired, compared in constant time; and whose conversation it opens. */
export function checkToken(key: Buffer, token: string, now: Date): TokenCheck {
  const m = SHAPE.exec(token.trim().toLowerCase());
  if (!m) return { ok: false, reason: 'malformed' };
  const [, compact, expiry, given] = m as unknown as [string, string, string, string];
  if (!sameSecret(given, mac(key, compact, expiry))) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const conversationId = `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
  return { ok: true, conversationId, expiresAt };
}

/** The token in a `reply+<token>@domain` address, when the address is one. */
export function tokenInAddress(address: string, domain: string): string | undefined {
  const m = /^reply\+([^@]+)@(.+)$/i.exec(address.trim());
  return m && m[2]!.toLowerCase() === domain.toLowerCase() ? m[1] : undefined;
}
