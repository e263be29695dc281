import type { Router, Request, Response } from 'express';
import { createRoutes } from '../http/routes';
import { AuthStatusResponse, Credentials, MeResponse, SessionResponse, SetupRequest } from '@parley/shared';
import { sharedRateLimit } from '../http/rateLimitStore';
import { HttpError, parseInput } from '../http/errors';
import { CSRF_HEADER, SESSION_COOKIE, bearer, newToken, principalOf, sameToken, tokenDigest } from '../http/auth';
import { isSetupCode, spendSetupCode } from '../auth/setupCode';
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { AppContext } from '../context';
import { parse as parseCookie } from 'cookie';

const SESSION_HOURS = 12;

/** Sign-in for the editor and the agent workspace: a session cookie (httpOnly, SameSite) plus a CSRF token for writes. */
export function authRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  // Guessing passwords is slow work: a handful of tries per address and minute.
  // Counted in the database, so trying each process of a cluster in turn buys no extra guesses.
  const attempts = sharedRateLimit(ctx, 'login:ip:', { windowMs: 60_000, limit: ctx.limits.loginPerMinute, handler: tooMany });

  const startSession = async (res: Response, userId: number, secure: boolean) => {
    const sid = newToken(32);
    const csrf = newToken(18);
    const now = clock();
    await store.users.createSession(tokenDigest(sid), userId, csrf, now.toISOString(), new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString());
    res.cookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3_600_000 });
    return csrf;
  };

  r.get('/api/auth/status', { access: 'public', response: { 200: AuthStatusResponse } }, async (_req, res) => {
    res.json({ setupRequired: await store.users.count() === 0 });
  });

  // The first admin, when the environment did not name one: allowed only while there are no users at all, and only
  // to whoever can read the server's start-up output (the setup code) or holds the bootstrap admin token.
  r.post('/api/auth/setup', { access: 'public', request: { body: SetupRequest }, response: { 201: SessionResponse } }, attempts, async (req, res) => {
    const body = parseInput(SetupRequest, req.body);
    if (await store.users.count() > 0) throw new HttpError(409, 'already_set_up', 'An admin already exists; sign in instead');
    const proof = body.setupCode ?? bearer(req);
    const proven = proof !== undefined && (sameToken(proof, ctx.tokens.admin) || (await isSetupCode(store, proof)));
    if (!proven) {
      throw new HttpError(403, 'setup_code', body.setupCode ? 'That setup code is not right: use the one the server printed when it last started, or the admin token' : 'Enter the setup code the server printed when it started, or the admin token', [
        { path: ['setupCode'], message: body.setupCode ? 'That setup code is not right' : 'Enter the setup code' },
      ]);
    }
    await spendSetupCode(store);
    const user = await store.users.create(body.email, body.name, 'admin', await hashPassword(body.password), clock().toISOString());
    await store.audit.add(clock().toISOString(), `user:${user.email}`, 'user.created', { userId: user.id, role: 'admin', via: 'setup' });
    const csrf = await startSession(res, user.id, req.secure);
    res.status(201).json({ user, csrf });
  });

  r.post('/api/auth/login', { access: 'public', request: { body: Credentials }, response: { 200: SessionResponse } }, attempts, async (req, res) => {
    const body = parseInput(Credentials, req.body);
    const found = await store.users.byEmail(body.email);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(body.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok || found.disabledAt !== null) throw new HttpError(401, 'bad_credentials', 'Wrong email or password');
    const { passwordHash: _, ...user } = found;
    const csrf = await startSession(res, user.id, req.secure);
    res.json({ user, csrf });
  });

  r.post('/api/auth/logout', { access: 'public', identify: true, response: { 204: null } }, async (req, res) => {
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (sid) await store.users.deleteSession(tokenDigest(sid));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/api/auth/me', { access: 'public', identify: true, response: { 200: MeResponse } }, async (req, res) => {
    const principal = principalOf(res);
    if (!principal) throw new HttpError(401, 'unauthorized', 'Not signed in');
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    const session = principal.via === 'session' && sid ? await store.users.session(tokenDigest(sid)) : undefined;
    res.json({ role: principal.role, actor: principal.actor, via: principal.via, user: session?.user ?? null, csrf: session?.csrf ?? null, csrfHeader: CSRF_HEADER });
  });

  return r.router;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function tooMany(req: Request, res: Response) {
  // Set here rather than by the limiter's header options, so a request under the limit pays for no headers at all.
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  res.setHeader('retry-after', String(reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60));
  res.status(429).json({ error: { code: 'rate_limited', message: 'Too many requests; wait a moment and try again' } });
}
