import { describe, expect, it } from 'vitest';
import { appForFile } from '../testing/appForFile';
import { routeTable } from '../testing/routeTable';
import type { OpenApiDocument } from './openapi';

describe('API docs', () => {
  const app = appForFile();

  it('lists every API route the app serves in /api/openapi.json, with its schemas', async () => {
    const res = await fetch(`${app.server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const served = routeTable(app.server.app.app)
      .filter((r) => !r.pattern && r.method !== 'OPTIONS' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`);
    expect(listed.sort()).toEqual(served.sort());

    const publish = doc.paths['/api/bots/{botId}/publish']?.post as { security: unknown[]; parameters: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> };
    expect(publish.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(publish.parameters).toEqual([expect.objectContaining({ name: 'botId', in: 'path' })]);
    expect(Object.keys(publish.responses['201']?.content?.['application/json']?.schema.properties ?? {})).toEqual(['version', 'diagnostics']);
    const stream = doc.paths['/api/conversations/{id}/stream']?.get as { responses: Record<string, { content?: Record<string, unknown> }> };
    expect(Object.keys(stream.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
  });

  it('serves /api/docs as a page under the pages\' policy, with its renderer from this origin', async () => {
    const page = await fetch(`${app.server.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const html = await page.text();
    // No inline script for the policy to block: every script has a src.
    expect(html.match(/<script(?![^>]*\bsrc=)/g)).toBeNull();
    const assets = [...html.matchAll(/<(?:script|link)[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, page.url));
    expect(assets.map((u) => u.pathname).sort()).toEqual(['/api/docs/docs.js', '/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css']);
    for (const asset of assets) {
      expect(asset.origin).toBe(app.server.url);
      const res = await fetch(asset);
      expect(res.status, asset.pathname).toBe(200);
      expect(res.headers.get('content-type'), asset.pathname).toMatch(asset.pathname.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      await res.arrayBuffer();
    }
    // The start script loads the document relative to the page, so it reads this server's own.
    const start = await (await fetch(`${app.server.url}/api/docs/docs.js`)).text();
    expect(new URL(start.match(/url: '([^']+)'/)?.[1] ?? '', page.url).pathname).toBe('/api/openapi.json');
  });

  it('keeps the embeddable headers on the rest of the API', async () => {
    const res = await fetch(`${app.server.url}/api/openapi.json`);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});
