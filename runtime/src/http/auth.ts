import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Request, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { HttpError } from './errors';
import type { Store } from '../store';
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

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_STARTERS = new Set(['/auth/login', '/auth/setup']);

/**
 * Resolves the caller once per request. A bearer token (bootstrap or issued) needs no CSRF check: browsers never
 * attach it on their own. A session cookie does: unsafe methods must echo the session's CSRF token in a header.
 */
export function authenticate(store: Store, tokens: RoleTokens, now: () => Date): RequestHandler {
  return (req, res, next) => {
    // EventSource cannot send headers, so event streams also take the token as a query parameter.
    const token = bearer(req) ?? (req.method === 'GET' && req.path.endsWith('/stream') ? queryToken(req) : undefined);
    if (token) {
      if (sameToken(token, tokens.admin)) return setPrincipal(res, { role: 'admin', actor: 'bootstrap-admin', userId: null, via: 'bootstrap' }, next);
      if (sameToken(token, tokens.agent)) return setPrincipal(res, { role: 'agent', actor: 'bootstrap-agent', userId: null, via: 'bootstrap' }, next);
      const issued = store.users.tokenByHash(tokenDigest(token));
      if (issued && issued.revokedAt === null) return setPrincipal(res, { role: issued.role, actor: `token:${issued.name}`, userId: null, via: 'token' }, next);
      res.locals.invalidCredential = true;
      return next();
    }
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (sid) {
      const session = store.users.session(tokenDigest(sid));
      if (!session || session.expiresAt <= now().toISOString() || session.user.disabledAt !== null) {
        res.locals.invalidCredential = true;
        return next();
      }
      // Signing in or setting up replaces the session, so a stale cookie must not stand in the way of either.
      if (UNSAFE.has(req.method) && !SESSION_STARTERS.has(req.path) && !sameCsrf(req.headers[CSRF_HEADER], session.csrf)) {
        return next(new HttpError(403, 'csrf', 'Missing or wrong CSRF token: send the x-csrf-token header from /api/auth/me'));
      }
      return setPrincipal(res, { role: session.user.role, actor: `user:${session.user.email}`, userId: session.user.id, via: 'session' }, next);
    }
    next();
  };
}

function queryToken(req: Request): string | undefined {
  const value = req.query.access_token ?? req.query.token;
  return typeof value === 'string' ? value : undefined;
}

function setPrincipal(res: Response, principal: Principal, next: () => void) {
  res.locals.principal = principal;
  next();
}

function sameCsrf(header: string | string[] | undefined, expected: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** Admins may do everything agents do; agents never reach admin endpoints. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) {
      return next(new HttpError(401, 'unauthorized', res.locals.invalidCredential ? 'The token or session is not valid; sign in again' : 'Sign in, or send Authorization: Bearer <token>'));
    }
    if (role === 'admin' && principal.role !== 'admin') return next(new HttpError(403, 'forbidden', 'Agents cannot do this'));
    next();
  };
}
