import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Role } from '../store/users';
import { sameSecret } from '../auth/constantTime';

export type { Role };
export { newToken, tokenDigest } from '../auth/tokens';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

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

/** Whether a bearer token is the one whose SHA-256 is `expectedHash`, compared in constant time. */
export function sameToken(token: string, expectedHash: Buffer): boolean {
  return sameSecret(hashToken(token), expectedHash);
}

export interface RoleTokens {
  admin: Buffer;
  agent: Buffer;
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}
