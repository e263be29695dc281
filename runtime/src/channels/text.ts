import { createHash } from 'node:crypto';

/**
 * Text and payload fitting shared by every channel: platforms cap texts (in characters or UTF-8 bytes) and button
 * data, and a cut must never split a surrogate pair (a broken emoji) nor a payload lose its way back.
 */
export type TextUnit = 'chars' | 'bytes';

/** Marks button data that is a digest of a payload too long for the platform. */
export const DIGEST_PREFIX = '~';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** How many UTF-16 units of `text` fit in `limit` (characters or UTF-8 bytes), never cutting a surrogate pair. */
export function fittingLength(text: string, limit: number, unit: TextUnit = 'chars'): number {
  if (unit === 'chars') {
    if (text.length <= limit) return text.length;
    return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  }
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const point = text.codePointAt(i)!;
    const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    if (bytes + size > limit) break;
    bytes += size;
    i += point >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** Splits at the last line break or space before the limit (or at the limit when there is none in its second half). */
export function splitText(text: string, limit: number, unit: TextUnit = 'chars'): string[] {
  const parts: string[] = [];
  let rest = text;
  while (fittingLength(rest, limit, unit) < rest.length) {
    const max = fittingLength(rest, limit, unit);
    let cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Cuts a title to `limit` characters with an ellipsis, as the platform would cut it anyway. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, fittingLength(text, limit - 1)).trimEnd()}…`;
}

/** The digest that stands for a payload too long for the platform; the inbound side matches it back to the button. */
export function payloadDigest(payload: string): string {
  return DIGEST_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 43);
}

/**
 * A postback payload as the platform's button data: itself when it fits, else its digest. A payload that already looks
 * like a digest goes as one too, so the way back is never ambiguous.
 */
export function fitPayload(payload: string, limit: number, unit: TextUnit = 'chars', fits: (payload: string) => boolean = () => true): string {
  const within = fittingLength(payload, limit, unit) === payload.length;
  return within && fits(payload) && !payload.startsWith(DIGEST_PREFIX) ? payload : payloadDigest(payload);
}
