import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { z } from 'zod';
import { HttpError, parseInput } from './errors';
import { bearer, CSRF_HEADER, hashToken, INTEGRATION_KEY_PREFIX, SESSION_COOKIE, sameToken, tokenDigest, type Principal, type RoleTokens } from './auth';
import type { Scope } from '@parley/shared';
import { sameSecret } from '../auth/constantTime';
import { tokenDigest as hashConversationToken } from '../auth/tokens';
import type { Store } from '../store';
import type { ConversationKey } from '../store/conversations';

/**
 * Who may call a route, declared where the route is defined (see `routes.ts`):
 * - `public`: anyone; nothing is checked.
 * - `visitor`: the holder of the conversation token for the route's `:id`.
 * - `agent`: an agent or admin (session, issued token or bootstrap token).
 * - `admin`: an admin only.
 *
 * An `agent` or `admin` route may also declare a `scope`: then an integration's key with that scope is let in as well
 * (and every such call is written to the audit log). Without a scope, no integration key passes.
 */
export type Access = 'public' | 'visitor' | 'agent' | 'admin';

/** Marks the guard a route builder put first on a route, so the route-walking test can read each route's access. */
export const ACCESS = Symbol.for('parley.access');

export type Guard = RequestHandler & { [ACCESS]: Access; [SCOPE]?: Scope | undefined };

export interface GuardOptions {
  /**
   * Our own clients send the token in a header (editor/src/common/live/feed.ts), but a browser's plain EventSource cannot,
   * so event streams also take it as a query parameter for clients built on EventSource.
   */
  queryToken?: boolean;
  /** For public routes that behave differently for a signed-in caller (sign-in, sign-out, "who am I"). */
  identify?: boolean;
  /** The integration scope that also opens this `agent` or `admin` route. */
  scope?: Scope;
}

/** Marks the scope a route's guard accepts, for the route-walking authorization matrix. */
export const SCOPE = Symbol.for('parley.scope');

export interface AccessDeps {
  store: Store;
  tokens: RoleTokens;
  clock: () => Date;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ConversationParams = z.object({ id: z.string().min(1).max(64) });

/** Builds the guard for one access level: the one place credentials are read. */
export function accessGuard(deps: AccessDeps, access: Access, options: GuardOptions = {}): Guard {
  const guard: RequestHandler = async (req, res, next) => {
    switch (access) {
      case 'public':
        if (options.identify) await identify(deps, req, res, { queryToken: false, csrfExempt: SESSION_STARTERS.has(req.path) });
        return next();
      case 'visitor':
        res.locals.conversation = await conversationOf(deps.store, req, options.queryToken === true);
        return next();
      case 'agent':
      case 'admin': {
        const principal = await identify(deps, req, res, { queryToken: options.queryToken === true, csrfExempt: false, integrations: true });
        if (!principal) {
          throw new HttpError(401, 'unauthorized', res.locals.invalidCredential ? 'The token or session is not valid; sign in again' : 'Sign in, or send Authorization: Bearer <token>');
        }
        if (principal.integration) {
          auditIntegrationCall(deps, req, res, principal);
          if (!options.scope) throw new HttpError(403, 'forbidden', 'An integration key cannot call this endpoint');
          if (!principal.integration.scopes.includes(options.scope)) throw new HttpError(403, 'forbidden', `This integration's key lacks the ${options.scope} scope`);
          return next();
        }
        if (access === 'admin' && principal.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only admins can do this');
        return next();
      }
    }
  };
  return Object.assign(guard, { [ACCESS]: access, [SCOPE]: options.scope });
}

/**
 * Every call an integration makes goes to the audit log once it is answered, refused or not: what, which route and
 * with what status. Its key is touched as "last used" at most once a minute.
 */
function auditIntegrationCall(deps: AccessDeps, req: Request, res: Response, principal: Principal): void {
  const integration = principal.integration!;
  res.once('finish', () => {
    const at = deps.clock().toISOString();
    const route = (req.route as { path?: unknown } | undefined)?.path;
    void deps.store.audit.add(at, principal.actor, 'integration.call', { integrationId: integration.id, method: req.method, route: typeof route === 'string' ? route : req.path, status: res.statusCode }).catch(() => undefined);
  });
  const last = lastTouched.get(integration.id) ?? 0;
  const now = deps.clock().getTime();
  if (now - last >= 60_000) {
    lastTouched.set(integration.id, now);
    void deps.store.integrations.touch(integration.id, new Date(now).toISOString()).catch(() => undefined);
  }
}

/** When each key was last noted as used, in this process: bounded by the number of integrations. */
const lastTouched = new Map<string, number>();

// Signing in or setting up replaces the session, so a stale cookie must not stand in the way of either.
const SESSION_STARTERS = new Set(['/api/auth/login', '/api/auth/setup']);

/**
 * Resolves the caller: a bearer token (bootstrap or issued) needs no CSRF check, since browsers never attach it on
 * their own; a session cookie does, so unsafe methods must echo the session's CSRF token in a header.
 */
async function identify(deps: AccessDeps, req: Request, res: Response, opts: { queryToken: boolean; csrfExempt: boolean; integrations?: boolean }): Promise<Principal | undefined> {
  const token = bearer(req) ?? (opts.queryToken && req.method === 'GET' ? queryToken(req) : undefined);
  let principal: Principal | undefined;
  if (token?.startsWith(INTEGRATION_KEY_PREFIX)) {
    // An integration's key opens only routes that declare a scope; on public routes it identifies no one.
    const integration = opts.integrations ? await deps.store.integrations.byKeyHash(hashToken(token)) : undefined;
    if (integration && integration.revokedAt === null) {
      principal = { role: 'integration', actor: `integration:${integration.name}`, userId: null, via: 'integration', integration: { id: integration.id, name: integration.name, scopes: integration.scopes } };
    }
  } else if (token) {
    if (sameToken(token, deps.tokens.admin)) principal = { role: 'admin', actor: 'bootstrap-admin', userId: null, via: 'bootstrap' };
    else if (sameToken(token, deps.tokens.agent)) principal = { role: 'agent', actor: 'bootstrap-agent', userId: null, via: 'bootstrap' };
    else {
      const issued = await deps.store.users.tokenByHash(tokenDigest(token));
      if (issued && issued.revokedAt === null) principal = { role: issued.role, actor: `token:${issued.name}`, userId: null, via: 'token' };
    }
  } else {
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (sid) {
      const session = await deps.store.users.session(tokenDigest(sid));
      if (session && session.expiresAt > deps.clock().toISOString() && session.user.disabledAt === null) {
        if (UNSAFE.has(req.method) && !opts.csrfExempt && !sameSecret(req.headers[CSRF_HEADER], session.csrf)) {
          throw new HttpError(403, 'csrf', 'Missing or wrong CSRF token: send the x-csrf-token header from /api/auth/me');
        }
        principal = { role: session.user.role, actor: `user:${session.user.email}`, userId: session.user.id, via: 'session' };
      }
    }
  }
  if (principal) res.locals.principal = principal;
  else if (token || req.headers.cookie?.includes(SESSION_COOKIE)) res.locals.invalidCredential = true;
  return principal;
}

function queryToken(req: Request): string | undefined {
  const value = req.query.access_token ?? req.query.token;
  return typeof value === 'string' ? value : undefined;
}

/** The conversation a visitor's token opens. An unknown id and a wrong token get the same 404, so ids cannot be probed. */
async function conversationOf(store: Store, req: Request, allowQuery: boolean): Promise<ConversationKey> {
  const { id } = parseInput(ConversationParams, req.params, 'path');
  const token = bearer(req) ?? (allowQuery && typeof req.query.token === 'string' ? req.query.token : undefined);
  if (!token) throw new HttpError(401, 'unauthorized', 'Send the conversation token: Authorization: Bearer <token>');
  const conv = await store.conversations.key(id);
  const hash = conv && hashConversationToken(token);
  if (!conv || !hash || !(sameSecret(hash, conv.tokenHash) || await store.conversations.hasExtraToken(conv.id, hash))) {
    throw new HttpError(404, 'not_found', 'Conversation not found, or the token does not match');
  }
  return conv;
}

/** The conversation the `visitor` guard opened for this request. */
export function conversationOfRequest(res: Response): ConversationKey {
  const conv = res.locals.conversation as ConversationKey | undefined;
  if (!conv) throw new Error('conversationOfRequest used on a route not declared with visitor access');
  return conv;
}
