import type { Express } from 'express';
import { ACCESS, SCOPE, type Access } from './access';
import type { Scope } from '@parley/shared';
import { CONTRACT, type RouteContract } from './contract';

/** One route the app really serves, as declared. */
export interface DeclaredRoute {
  method: string;
  /** The full path as declared (a string pattern such as `/api/bots/:botId`, or a RegExp's source). */
  path: string;
  pattern: boolean;
  /** What the route's first handler declares, or undefined when the route was defined without a declaration. */
  access: Access | undefined;
  /** The integration scope that also opens the route, if it declares one. */
  scope: Scope | undefined;
  contract: RouteContract | undefined;
  handlers: readonly unknown[];
}

interface LayerLike {
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: { handle: unknown; method?: string }[] };
  handle: { stack?: LayerLike[] };
  rawPath?: string | RegExp;
}

type Declared = { [ACCESS]?: Access; [SCOPE]?: Scope; [CONTRACT]?: RouteContract };

/**
 * Every route registered on the app, read from Express's own router stack (recursing into mounted routers), so the
 * docs and the tests see what the server really serves rather than a list someone keeps by hand.
 */
export function declaredRoutes(app: Express): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods, stack: layers } = layer.route;
        const handlers = layers.map((l) => l.handle);
        const first = handlers[0] as Declared | undefined;
        for (const method of Object.keys(methods)) {
          if (method === '_all') continue;
          out.push({
            method: method.toUpperCase(),
            path: typeof path === 'string' ? prefix + path : `${prefix}${path.source}`,
            pattern: typeof path !== 'string',
            access: first?.[ACCESS],
            scope: first?.[SCOPE],
            contract: first?.[CONTRACT],
            handlers,
          });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app.router as unknown as { stack: LayerLike[] }).stack, '');
  return out;
}
