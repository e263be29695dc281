import { describe, expect, it } from 'vitest';
import { outcomeOf, retryAfterMs } from './sender';
import { signWebhook, verifyWebhook } from './signature';

const now = new Date('2026-03-01T10:00:00Z');
const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('what a receiver answer means', () => {
  it('2xx delivered; 410 dead; 429 and 5xx retried after Retry-After; other 4xx and redirects retried', () => {
    expect(outcomeOf(200, headers(), now)).toStrictEqual({ ok: true, status: 200 });
    expect(outcomeOf(204, headers(), now)).toStrictEqual({ ok: true, status: 204 });
    expect(outcomeOf(410, headers(), now)).toMatchObject({ ok: false, retryable: false });
    expect(outcomeOf(429, headers({ 'retry-after': '30' }), now)).toStrictEqual({ ok: false, status: 429, error: 'HTTP 429', retryAfterMs: 30_000 });
    expect(outcomeOf(503, headers({ 'retry-after': 'Sun, 01 Mar 2026 10:02:00 GMT' }), now)).toMatchObject({ retryAfterMs: 120_000 });
    expect(outcomeOf(500, headers(), now)).toStrictEqual({ ok: false, status: 500, error: 'HTTP 500' });
    // Retry-After only counts where it means "later": a 404's is ignored.
    expect(outcomeOf(404, headers({ 'retry-after': '30' }), now)).toStrictEqual({ ok: false, status: 404, error: 'HTTP 404' });
    expect(outcomeOf(302, headers(), now)).toMatchObject({ ok: false, error: expect.stringMatching(/redirects are not followed/) });
    for (const status of [400, 401, 404, 302, 500, 429]) expect(outcomeOf(status, headers(), now)).not.toHaveProperty('retryable');
  });

  it('reads Retry-After as seconds or a date, and ignores nonsense', () => {
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('0', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('signatures', () => {
  it('sign and verify over the exact bytes, within 5 minutes either way, with any of several v1 values', () => {
    const body = '{"id":"evt_1","type":"message.created"}';
    const header = signWebhook('whsec_a', body, now);
    expect(header).toMatch(new RegExp(`^t=${now.getTime() / 1000},v1=[0-9a-f]{64}$`));
    expect(verifyWebhook('whsec_a', Buffer.from(body), header, now)).toStrictEqual({ ok: true, timestamp: now.getTime() / 1000 });
    expect(verifyWebhook('whsec_a', body, header, new Date(now.getTime() + 300_000))).toMatchObject({ ok: true });
    expect(verifyWebhook('whsec_a', body, header, new Date(now.getTime() + 301_000))).toMatchObject({ ok: false });
    expect(verifyWebhook('whsec_a', body, header, new Date(now.getTime() - 301_000))).toMatchObject({ ok: false });
    expect(verifyWebhook('whsec_a', `${body} `, header, now)).toMatchObject({ ok: false, reason: 'the signature does not match the body' });
    expect(verifyWebhook('whsec_b', body, header, now)).toMatchObject({ ok: false });
    const rotating = `${header},v1=${signWebhook('whsec_b', body, now).split('v1=')[1]}`;
    expect(verifyWebhook('whsec_b', body, rotating, now)).toMatchObject({ ok: true });
    for (const bad of [undefined, '', 't=abc,v1=00', `v1=${'0'.repeat(64)}`, `t=${now.getTime() / 1000}`, `t=${now.getTime() / 1000},v1=zz`]) {
      expect(verifyWebhook('whsec_a', body, bad, now).ok).toBe(false);
    }
  });
});
