import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header that carries a delivery's signature. */
export const SIGNATURE_HEADER = 'X-Parley-Signature';
/** Receivers should refuse signatures older than this (replays of a captured delivery). */
export const DEFAULT_TOLERANCE_S = 300;
const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 32 random bytes, shown once when the endpoint is registered. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: the timestamp is signed with the body, so a captured
 * delivery cannot be replayed later under a fresh timestamp.
 */
export function signWebhook(secret: string, rawBody: string | Buffer, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

export type Verification = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * The receiver's check (the README recipe): the signature must match the raw bytes received (before any JSON parsing)
 * and be at most `toleranceS` old. Several `v1=` values are accepted, so a sender can sign with two secrets while one
 * is rotated.
 */
export function verifyWebhook(secret: string, rawBody: string | Buffer, header: string | undefined | null, now: Date = new Date(), toleranceS = DEFAULT_TOLERANCE_S): Verification {
  if (!header) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k, v]) => k === 'v1' && v !== undefined).map(([, v]) => v!);
  if (!Number.isInteger(t) || signatures.length === 0) return { ok: false, reason: 'the signature header is malformed' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return { ok: false, reason: 'the signature is too old (or from the future): a replay?' };
  const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp: t } : { ok: false, reason: 'the signature does not match the body' };
}
