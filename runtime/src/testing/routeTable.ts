import type { Express } from 'express';
import { ACCESS, type Access } from '../http/access';
import { cors as corsHandler } from '../http/routes';

export interface RouteEntry {
  method: string;
  /** The full path as declared (a string pattern such as `/api/bots/:botId`, or a RegExp's source). */
  path: string;
  pattern: boolean;
  /** What the route's first handler declares, or undefined when the route was defined without a declaration. */
  access: Access | undefined;
  cors: boolean;
}

interface LayerLike {
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: { handle: unknown; method?: string }[] };
  handle: { stack?: LayerLike[] };
  rawPath?: string | RegExp;
}

/**
 * Every route registered on the app, read from Express's own router stack (recursing into mounted routers), so the
 * authorization test covers what the server really serves rather than a list someone keeps by hand.
 */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods, stack: handlers } = layer.route;
        const first = handlers[0]?.handle as { [ACCESS]?: Access } | undefined;
        const cors = handlers.some((h) => h.handle === corsHandler);
        for (const method of Object.keys(methods)) {
          if (method === '_all') continue;
          out.push({ method: method.toUpperCase(), path: typeof path === 'string' ? prefix + path : `${prefix}${path.source}`, pattern: typeof path !== 'string', access: first?.[ACCESS], cors });
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
