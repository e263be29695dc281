import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/constantTime';
import type { InboundRequest, Verdict } from './channel';

export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Meta's webhook proof for WhatsApp, Messenger and Instagram: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
 * raw body with the app secret>`. Computed over the bytes as received; re-serialized JSON would differ (Meta escapes
 * non-ASCII as \uXXXX).
 */
export function verifyHubSignature(request: InboundRequest, appSecret: string): Verdict {
  const given = request.headers[HUB_SIGNATURE_HEADER];
  if (typeof given !== 'string') return { ok: false, reason: 'the X-Hub-Signature-256 header is missing' };
  if (!request.rawBody) return { ok: false, reason: 'the body is empty' };
  const expected = `sha256=${createHmac('sha256', appSecret).update(request.rawBody).digest('hex')}`;
  return sameSecret(given.toLowerCase(), expected) ? { ok: true } : { ok: false, reason: 'the X-Hub-Signature-256 header does not match the body' };
}

/** The signature header Meta would send for a body: for tests' fakes and for documentation. */
export function hubSignature(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Meta's `GET` verification when a webhook is set up: `hub.mode=subscribe`, the verify token the admin typed, and a
 * challenge to echo back as the body. Anything else is refused.
 */
export function hubHandshake(query: Record<string, unknown>, verifyToken: string): string | undefined {
  const challenge = query['hub.challenge'];
  if (query['hub.mode'] !== 'subscribe' || typeof challenge !== 'string' || challenge === '') return undefined;
  const given = query['hub.verify_token'];
  return typeof given === 'string' && sameSecret(given, verifyToken) ? challenge : undefined;
}
