import type { Express } from 'express';
import type { Access } from '../http/access';
import type { Scope } from '@parley/shared';
import type { Responses } from '../http/contract';
import { declaredRoutes } from '../http/routeStack';
import { cors as corsHandler } from '../http/routes';

export interface RouteEntry {
  method: string;
  /** The full path as declared (a string pattern such as `/api/bots/:botId`, or a RegExp's source). */
  path: string;
  pattern: boolean;
  /** What the route's first handler declares, or undefined when the route was defined without a declaration. */
  access: Access | undefined;
  /** The integration scope that also opens it. */
  scope: Scope | undefined;
  cors: boolean;
  /** The answers the route declares, by status, or undefined when it declares none. */
  response: Responses | undefined;
}

/** Every route registered on the app, with what the authorization test checks of each. */
export function routeTable(app: Express): RouteEntry[] {
  return declaredRoutes(app).map((r) => ({
    method: r.method,
    path: r.path,
    pattern: r.pattern,
    access: r.access,
    scope: r.scope,
    cors: r.handlers.includes(corsHandler),
    response: r.contract?.response,
  }));
}
