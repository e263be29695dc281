import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { percentile, repoRoot, round } from './common';
import { CHROMIUM } from './editorBench';

export type WidgetResult =
  | { skipped: string }
  | {
      bytes: number;
      gzipBytes: number;
      /** Median over fresh browser contexts; null when the DOM was not recognised. */
      firstMessageMs: number | null;
      firstMessageSkipped?: string;
      runs?: { fromFetchMs: number; fromExecutionMs: number | null }[];
    };

/**
 * The embeddable widget: its gzipped size, and the time from the browser starting to load `widget.js` on a page
 * (as a site would embed it, opened at once) to the first bot message shown in its log. Each run is a fresh browser
 * context, so each starts a new conversation. The widget's DOM is recognised by its stable hooks: the
 * `[data-parley-widget]` host with an open shadow root holding `[role="log"]`, and bot messages `.msg.bot` in it.
 */
export async function widgetBench(origin: string, botId: string, opts: { quick: boolean }): Promise<WidgetResult> {
  const file = join(repoRoot, 'editor/dist/widget.js');
  if (!existsSync(file)) return { skipped: 'widget not built (no editor/dist/widget.js)' };
  const script = readFileSync(file);
  const sizes = { bytes: script.length, gzipBytes: gzipSync(script, { level: 9 }).length };

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(CHROMIUM);
    const runs: { fromFetchMs: number; fromExecutionMs: number | null }[] = [];
    const count = opts.quick ? 3 : 7;
    for (let i = 0; i < count; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // A host page on the server's origin that embeds the widget with its one script tag and opens it as soon as it runs.
      await page.route(`${origin}/__bench/widget`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>
<script>
  (function watch() {
    var host = document.querySelector('[data-parley-widget]');
    var log = host && host.shadowRoot && host.shadowRoot.querySelector('[role="log"]');
    if (log && log.querySelector('.msg.bot')) { window.__firstBot = performance.now(); return; }
    window.__recognised = !!log;
    requestAnimationFrame(watch);
  })();
</script>
<script src="/widget.js" data-bot="${botId}" async onload="window.ParleyWidget && window.ParleyWidget.open()"></script>
</body></html>`,
        }),
      );
      await page.goto(`${origin}/__bench/widget`);
      try {
        await page.waitForFunction('window.__firstBot !== undefined', undefined, { timeout: 10_000 });
      } catch {
        const recognised = (await page.evaluate('window.__recognised === true')) as boolean;
        await context.close();
        return { ...sizes, firstMessageMs: null, firstMessageSkipped: recognised ? 'no bot message in the widget log within 10 s' : 'widget DOM not recognised ([data-parley-widget] with an open shadow root and [role="log"])' };
      }
      // Browser-side code as a string: tsx's keepNames helpers do not exist in the page.
      const t = (await page.evaluate(`(() => {
        const fetched = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js'));
        const executed = performance.getEntriesByName('parley:script')[0];
        const first = window.__firstBot;
        return { fromFetch: fetched ? first - fetched.startTime : null, fromExecution: executed ? first - executed.startTime : null };
      })()`)) as { fromFetch: number | null; fromExecution: number | null };
      if (t.fromFetch !== null) runs.push({ fromFetchMs: round(t.fromFetch, 1), fromExecutionMs: t.fromExecution === null ? null : round(t.fromExecution, 1) });
      await context.close();
    }
    const sorted = runs.map((r) => r.fromFetchMs).sort((a, b) => a - b);
    return { ...sizes, firstMessageMs: sorted.length ? round(percentile(sorted, 50), 0) : null, runs };
  } finally {
    await browser?.close();
  }
}
