const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Short random ids: they show up in postback payloads and exports, so they stay readable; 10 characters from 57 make clashes negligible. */
export function newId(prefix = '', length = 10): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
