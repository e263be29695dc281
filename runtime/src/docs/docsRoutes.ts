import type { Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RawBody } from '../http/contract';
import type { DeclaredRoute } from '../http/routeStack';
import { createRoutes, type RouteDeps } from '../http/routes';
import { openApiDocument, type OpenApiDocument } from './openapi';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const swaggerUi = dirname(require.resolve('swagger-ui-dist/package.json'));
const { version } = require('../../package.json') as { version: string };

const OpenApiJson = z.record(z.string(), z.unknown());
const ASSET_CACHE = 'public, max-age=3600';

/**
 * The API's own description, at `/api/openapi.json`, and a page that renders it at `/api/docs`. The renderer (Swagger
 * UI) and its start script are served from this origin, so the page works under the pages' Content-Security-Policy
 * and needs no other site. Public: the document describes routes, and each route still checks its own caller.
 */
export function docsRoutes(deps: RouteDeps, routes: () => readonly DeclaredRoute[]): Router {
  const r = createRoutes(deps);
  // The routes are all registered before the first request, so the document is built once, on first use.
  let document: OpenApiDocument | undefined;

  r.get('/api/openapi.json', { access: 'public', summary: 'This document', response: { 200: OpenApiJson } }, (_req, res) => {
    res.json((document ??= openApiDocument(routes(), version)));
  });

  const serve = (path: string, contentType: string, location: string, summary: string) =>
    r.get(path, { access: 'public', summary, response: { 200: new RawBody(contentType) } }, (_req, res) => {
      // The page is tiny and names its assets; the assets change only with an upgrade.
      res.setHeader('cache-control', contentType === 'text/html' ? 'no-cache' : ASSET_CACHE);
      res.sendFile(location);
    });
  serve('/api/docs', 'text/html', join(here, 'docs.html'), 'The API docs page');
  serve('/api/docs/docs.js', 'text/javascript', join(here, 'docs.js'), "The docs page's start script");
  serve('/api/docs/swagger-ui.css', 'text/css', join(swaggerUi, 'swagger-ui.css'), 'The docs renderer: style');
  serve('/api/docs/swagger-ui-bundle.js', 'text/javascript', join(swaggerUi, 'swagger-ui-bundle.js'), 'The docs renderer: script');

  return r.router;
}

/** Paths that are pages (with the pages' headers) although they sit under /api. */
export const isDocsPage = (path: string) => path === '/api/docs' || path.startsWith('/api/docs/');
