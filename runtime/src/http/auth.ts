import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Request } from 'express';
import { HttpError } from './errors';

export type Role = 'admin' | 'agent';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

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

/** Admins may do everything agents do; agents never reach admin endpoints. */
export function requireRole(tokens: RoleTokens, role: Role): RequestHandler {
  return (req, _res, next) => {
    const token = bearer(req);
    if (!token) return next(new HttpError(401, 'unauthorized', 'Sign in: send Authorization: Bearer <token>'));
    if (sameToken(token, tokens.admin)) return next();
    if (sameToken(token, tokens.agent)) return next(role === 'agent' ? undefined : new HttpError(403, 'forbidden', 'Agents cannot do this'));
    next(new HttpError(401, 'unauthorized', 'The token is not valid'));
  };
}
