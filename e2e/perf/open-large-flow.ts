/**
 * How long the editor takes to open a generated 2,000-step flow in Chromium, and how it responds afterwards.
 *
 *   npm run build -w @parley/editor
 *   BASE=http://127.0.0.1:3000 npx tsx e2e/perf/open-large-flow.ts      (a running server; any admin token works)
 *
 * The draft is served by route interception, so the server's request size limit and database play no part:
 * this measures the editor alone, from navigation to the first nodes on screen.
 */
import { chromium } from '@playwright/test';
import { validate } from '@parley/shared';
import { generateFlow } from '../../shared/src/testing/generateFlow';
import { chromiumPath, CHROMIUM_ARGS } from '../browser';

const base = process.env.BASE ?? 'http://127.0.0.1:3000';
const steps = Number(process.env.STEPS ?? 2000);
const runs = Number(process.env.RUNS ?? 3);
const flow = generateFlow(steps, 'large');
const body = JSON.stringify({ flow, revision: 1, diagnostics: validate(flow).diagnostics });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const results: { open: number; select: number; type: number }[] = [];
for (let run = 0; run < runs; run++) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => localStorage.setItem('parley.adminToken', 'perf'));
  await page.route('**/api/bots/large/flow', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ contentType: 'application/json', body }) : route.fulfill({ contentType: 'application/json', body: '{"revision":2,"diagnostics":[]}' }),
  );
  await page.goto(`${base}/bots/large`);
  await page.locator('.react-flow__node[data-id="start"] .step-node').waitFor();
  // Time from navigation start until nodes are on screen and measured (React Flow shows a node once it has its size).
  const open = await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now();
  });
  const rendered = await page.locator('.react-flow__node').count();
  const marks = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('mark'), ...performance.getEntriesByType('resource').filter((e) => e.name.includes('/flow') || e.name.endsWith('.js'))]
      .map((e) => `${e.name.replace(/^.*\//, '')}@${Math.round(e.startTime + ('responseEnd' in e && e.entryType !== 'mark' ? (e as PerformanceResourceTiming).responseEnd - e.startTime : 0))}`)
      .join(' '),
  );
  if (process.env.VERBOSE) console.log(marks);

  let t = Date.now();
  await page.locator('.react-flow__node[data-id="s3"]').click();
  await page.getByRole('heading', { level: 2, name: 'Options' }).waitFor();
  const select = Date.now() - t;

  await page.locator('.react-flow__node[data-id="s2"]').click();
  const text = page.getByLabel('Message text');
  await text.waitFor();
  t = Date.now();
  await text.pressSequentially(' more', { delay: 0 });
  await page.locator('.react-flow__node[data-id="s2"]').getByText(/ more/).waitFor();
  const type = Date.now() - t;
  const idle = (await page.locator('.react-flow__pane').boundingBox())!;
  t = Date.now();
  for (let i = 1; i <= 30; i++) await page.mouse.move(idle.x + 600 + i * 5, idle.y + 500 + i * 3);
  const hover = Math.round((Date.now() - t) / 30);
  // A drag of 30 pointer moves: the time per move is what the admin feels as lag.
  const box = (await page.locator('.react-flow__node[data-id="s2"]').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 12);
  await page.mouse.down();
  t = Date.now();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + 40 + i * 5, box.y + 12 + i * 3);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const drag = Math.round((Date.now() - t) / 30);
  await page.mouse.up();
  results.push({ open: Math.round(open), select, type });
  console.log(`run ${run + 1}: opened ${steps} steps in ${Math.round(open)} ms (${rendered} nodes rendered), select ${select} ms, typing 5 keys ${type} ms, drag ${drag} ms per move (plain pointer move ${hover} ms)`);
  await page.close();
}
await browser.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`median open: ${median(results.map((r) => r.open))} ms`);
