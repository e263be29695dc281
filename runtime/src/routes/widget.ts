import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { z } from 'zod';
import { WidgetBotResponse, WidgetBotsResponse, WidgetSettings, type FlowDocument } from '@parley/shared';
import { notFound, parseInput } from '../http/errors';
import type { AppContext } from '../context';

const BotParams = z.object({ botId: z.string().min(1).max(64) });

// Settings change only on publish; a short cache spares every page view a round trip without hiding a publish for long.
const CACHE = 'public, max-age=60';

/**
 * What the embeddable widget may know about a bot before any conversation exists: its published name, locale and
 * look. Public by design, so it reveals only the published version, never a draft.
 */
export function widgetRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  const r = createRoutes(ctx);

  const published = async (botId: string): Promise<FlowDocument | undefined> => {
    const row = await store.bots.get(botId);
    if (!row || row.publishedVersion === null) return undefined;
    return store.bots.versionDocument(row.id, row.publishedVersion);
  };

  r.get('/api/widget/bots', { access: 'public', cors: true, response: { 200: WidgetBotsResponse } }, async (_req, res) => {
    const live = (await store.bots.list()).filter((b) => b.publishedVersion !== null);
    const docs = await Promise.all(live.map((b) => store.bots.versionDocument(b.id, b.publishedVersion!)));
    const bots = live.flatMap((b, i) => {
      const doc = docs[i];
      return doc ? [{ id: b.id, name: doc.name, locale: doc.locale }] : [];
    });
    res.setHeader('cache-control', CACHE);
    res.json({ bots });
  });

  r.get('/api/widget/bots/:botId', { access: 'public', cors: true, response: { 200: WidgetBotResponse } }, async (req, res) => {
    const { botId } = parseInput(BotParams, req.params, 'path');
    const doc = await published(botId);
    if (!doc) throw notFound('Published bot');
    // Versions published before a settings field existed lack it; the schema's defaults fill the gap.
    const parsed = WidgetSettings.safeParse(doc.settings?.widget ?? {});
    const widget = parsed.success ? parsed.data : WidgetSettings.parse({});
    res.setHeader('cache-control', CACHE);
    res.json({ id: botId, name: doc.name, locale: doc.locale, widget });
  });

  return r.router;
}
