import express, { Router, type RequestHandler } from 'express';
import { accessGuard, type Access, type AccessDeps, type GuardOptions } from './access';
import { CONTRACT, type RouteContract } from './contract';
import { responseCheck } from './responseCheck';

export interface RouteSpec extends GuardOptions, RouteContract {
  access: Access;
  /**
   * Answer cross-origin callers (and their preflights). Only the widget's endpoints, which carry their own token rather
   * than a cookie, are meant to be called from other sites.
   */
  cors?: boolean;
  /** The JSON body limit for writes; bodies are parsed only after the caller is let in. */
  body?: string;
  /**
   * Take the body as bytes, of any type, unparsed (`rawBodyOf`): webhooks whose signatures cover the exact bytes, and
   * which must be checked before anything in them is believed, even whether they are JSON.
   */
  rawBody?: boolean;
}

const rawBodies = new WeakMap<object, Buffer>();

/** The body's bytes as received, on routes declared with `rawBody`. */
export function rawBodyOf(req: object): Buffer | undefined {
  return rawBodies.get(req);
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Register = (path: string | RegExp, spec: Access | RouteSpec, ...handlers: RequestHandler[]) => Routes;

/**
 * A router on which a route cannot be defined without saying who may call it: every method takes the access
 * declaration before its handlers, and puts that access's guard first on the route. Paths are full (`/api/...`),
 * matched case-sensitively and strictly, so `/api/Users` and `/api/users/` are simply not routes.
 */
export interface Routes {
  readonly router: Router;
  get: Register;
  post: Register;
  put: Register;
  patch: Register;
  delete: Register;
}

export const BODY_LIMIT = '100kb';
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, last-event-id',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-max-age': '600',
};

/** Exported so the route-walking test can tell which routes answer other origins. */
export const cors: RequestHandler = (_req, res, next) => {
  res.set(CORS_HEADERS);
  next();
};

// Public guards read nothing, so a router of public routes needs no store.
const NO_DEPS = {} as AccessDeps;

export interface RouteDeps extends AccessDeps {
  /**
   * Check every answer against the route's declared response schemas (see `responseCheck.ts`). createApp sets it on
   * the context it hands to the route modules; without it, it is on exactly when tests run (NODE_ENV=test).
   */
  checkResponses?: boolean;
}

const checkingByDefault = () => process.env.NODE_ENV === 'test';

export function strictRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}

/**
 * `deps` may be left out by routers that have only public routes (the demo order API). The guard put first on each
 * route carries the route's contract, so the route table, the OpenAPI document and the tests read what was declared.
 */
export function createRoutes(deps?: RouteDeps): Routes {
  const router = strictRouter();
  const checkResponses = deps?.checkResponses ?? checkingByDefault();
  const parsers = new Map<string, RequestHandler>();
  const jsonBody = (limit: string, raw: boolean) => {
    const key = `${limit}:${raw}`;
    let parser = parsers.get(key);
    if (!parser) parsers.set(key, (parser = raw ? express.raw({ type: () => true, limit, verify: (req, _res, buf) => void rawBodies.set(req, buf) }) : express.json({ limit })));
    return parser;
  };
  const preflights = new Set<string>();

  const register =
    (method: Method): Register =>
    (path, raw, ...handlers) => {
      const spec: RouteSpec = typeof raw === 'string' ? { access: raw } : raw;
      if (!deps && (spec.access !== 'public' || spec.identify)) throw new Error(`${method.toUpperCase()} ${path}: ${spec.access} access needs the store and tokens`);
      const contract: RouteContract = { ...(spec.request ? { request: spec.request } : {}), ...(spec.response ? { response: spec.response } : {}), ...(spec.summary ? { summary: spec.summary } : {}) };
      const chain: RequestHandler[] = [Object.assign(accessGuard(deps ?? NO_DEPS, spec.access, spec), { [CONTRACT]: contract })];
      if (checkResponses && spec.response) chain.push(responseCheck(`${method.toUpperCase()} ${String(path)}`, spec.response));
      if (spec.cors) {
        chain.push(cors);
        if (!preflights.has(String(path))) {
          preflights.add(String(path));
          router.options(path, accessGuard(deps ?? NO_DEPS, 'public'), cors, (_req, res) => void res.status(204).end());
        }
      }
      if (method !== 'get' && method !== 'delete') chain.push(jsonBody(spec.body ?? BODY_LIMIT, spec.rawBody === true));
      router[method](path, ...chain, ...handlers);
      return routes;
    };

  const routes: Routes = { router, get: register('get'), post: register('post'), put: register('put'), patch: register('patch'), delete: register('delete') };
  return routes;
}
