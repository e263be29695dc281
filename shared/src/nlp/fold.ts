/**
 * Text folded for comparison: compatibility forms (full-width letters, ㈜), lower case, apostrophes dropped so
 * "don't" and "dont" are one word, and every run of other non-letters a single space ("sign-in" → "sign in").
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`´]/gu, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

export const HANGUL = /\p{Script=Hangul}/u;
/** Scripts written without spaces between words; compared as overlapping pairs of characters. */
export const DENSE = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Words: a run of Hangul, a run of Han/kana, or a run of anything else that is not a space. */
export const WORD = /[\p{Script=Hangul}]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|[^\s\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;
