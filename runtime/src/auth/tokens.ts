import { createHash, randomBytes } from 'node:crypto';

/** A new random secret: session ids, API tokens, conversation tokens. */
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** What is stored of a secret: its SHA-256, so a copy of the database holds no usable token. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('base64url');
