import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Role } from '../store/users';
import type { Scope } from '@parley/shared';
import { sameSecret } from '../auth/constantTime';

export type { Role };
export { newToken, tokenDigest } from '../auth/tokens';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

export const SESSION_COOKIE = 'parley_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who is calling: an admin or agent, signed in with a session, an issued API token or a bootstrap token; or an
 * integration with its API key, which only routes declaring one of its scopes let in.
 */
export interface Principal {
  role: Role | 'integration';
  actor: string;
  userId: number | null;
  via: 'bootstrap' | 'token' | 'session' | 'integration';
  /** Set for an integration's key. */
  integration?: { id: string; name: string; scopes: readonly Scope[] };
}

/** Integration keys carry this prefix, so a leaked one is recognisable (and secret scanners can be taught it). */
export const INTEGRATION_KEY_PREFIX = 'prk_';

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
