import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Role } from '../store/users';

export type { Role };

export const hashToken = (token: string) => createHash('sha256').update(token).digest();
export const tokenDigest = (token: string) => hashToken(token).toString('base64url');
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

export const SESSION_COOKIE = 'parley_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who is calling: an admin or agent, signed in with a session, an issued API token or a bootstrap token. */
export interface Principal {
  role: Role;
  actor: string;
  userId: number | null;
  via: 'bootstrap' | 'token' | 'session';
}

export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return undefined;
}

/** Compares hashes in constant time, so response timing says nothing about how much of a token was right. */
export function sameToken(token: string, expectedHash: Buffer): boolean {
  const got = hashToken(token);
  return got.length === expectedHash.length && timingSafeEqual(got, expectedHash);
}

export interface RoleTokens {
  admin: Buffer;
  agent: Buffer;
}

/** Compares a secret the caller sent with the expected one in constant time. */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}
