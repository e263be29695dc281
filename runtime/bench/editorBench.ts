import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseFlowDocument } from '@parley/shared';
import { openStore } from '../src/store';
import { percentile, repoRoot, round } from './common';
import { generateFlow } from '../../shared/src/testing/generateFlow';


export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
}

export type EditorResult =
  | { skipped: string }
  | { steps: number; flowSource: string; createdVia: string; readyMs: number; firstNodeMs: number; nodesRendered: number; drag: FrameStats; pan: FrameStats };

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

const BOT_ID = 'bench-2000';
const STEPS = 2000;

/**
 * Where the editor keeps the admin's token, read from its source so the bench follows the editor.
 * Undefined when it is not in localStorage under a constant key (then the bench cannot sign in and skips).
 */
function tokenKey(): string | undefined {
  const file = join(repoRoot, 'editor/src/builder/api/client.ts');
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, 'utf8');
  if (!/localStorage\.setItem\(\s*TOKEN_KEY/.test(source)) return undefined;
  return /const TOKEN_KEY\s*=\s*['"]([^'"]+)['"]/.exec(source)?.[1];
}

// Browser-side code is kept as plain strings: tsx compiles this file with esbuild's keepNames, which wraps inner
// functions in a `__name` helper that does not exist in the page, so serialized functions would fail there.
const START_FRAMES = `(() => {
  window.__frames = [];
  window.__framesOn = true;
  let last = 0;
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__framesOn) requestAnimationFrame(tick);
  };
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
})()`;
const STOP_FRAMES = `(() => { window.__framesOn = false; return window.__frames; })()`;

/** Frame intervals (ms) recorded with requestAnimationFrame while `act` runs. */
async function frames(page: Page, act: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(START_FRAMES);
  await act();
  const intervals = (await page.evaluate(STOP_FRAMES)) as number[];
  const sorted = [...intervals].sort((a, b) => a - b);
  return { frames: sorted.length, p50: round(percentile(sorted, 50), 1), p95: round(percentile(sorted, 95), 1), max: round(sorted.at(-1) ?? NaN, 1) };
}

/** A mouse gesture at about 60 moves a second, as a hand would make it. */
async function gesture(page: Page, from: { x: number; y: number }, dx: number, dy: number, moves: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(from.x + (dx * i) / moves, from.y + (dy * i) / moves);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

/**
 * The editor with a generated 2,000-step flow: time from navigation to the canvas showing its nodes (two frames after
 * the first `.react-flow__node`, so it has painted), then frame times while dragging a node and while panning.
 * Skips with the reason when the editor is not built or cannot be signed into.
 */
export async function editorBench(origin: string, adminToken: string, opts: { quick: boolean; dbPath: string }): Promise<EditorResult> {
  const index = join(repoRoot, 'editor/dist/index.html');
  if (!existsSync(index) || !/<script[^>]+type="module"[^>]+src="[^"]+\.js"/.test(readFileSync(index, 'utf8'))) return { skipped: 'editor not built (editor/dist/index.html has no editor bundle)' };
  const key = tokenKey();
  if (!key) return { skipped: 'editor not built: cannot tell how it stores the admin token (editor/src/builder/api/client.ts)' };

  const doc = generateFlow(STEPS, BOT_ID);
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  await fetch(`${origin}/api/bots/${BOT_ID}`, { method: 'DELETE', headers }).catch(() => undefined);
  const created = await fetch(`${origin}/api/bots`, { method: 'POST', headers, body: JSON.stringify({ name: `Bench ${STEPS}`, id: BOT_ID, flow: doc }) });
  let createdVia = 'POST /api/bots';
  if (created.status === 413) {
    // The API's body limit is below a flow this size; store it the way the API would have (the server's database is in WAL mode, so a second writer is fine).
    const parsed = parseFlowDocument(doc);
    if (!parsed.success) return { skipped: `the generated ${STEPS}-step flow is not a flow document` };
    const store = openStore(opts.dbPath);
    try {
      await store.bots.create(BOT_ID, `Bench ${STEPS}`, parsed.data, new Date().toISOString());
    } finally {
      await store.close();
    }
    createdVia = 'the database directly: POST /api/bots answered 413 (the 100 KB body limit is below a 2,000-step flow)';
  } else if (created.status !== 201) return { skipped: `could not create the ${STEPS}-step bot: ${created.status} ${(await created.text()).slice(0, 200)}` };

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // Signed in before the app starts; ready = the first node is in the DOM and two frames later (so it has been painted).
    await context.addInitScript(`
      localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(adminToken)});
      (() => {
        const check = () => {
          if (window.__firstNode === undefined && document.querySelector('.react-flow__node')) {
            window.__firstNode = performance.now();
            requestAnimationFrame(() => requestAnimationFrame(() => { window.__ready = performance.now(); }));
          }
          if (window.__firstNode === undefined) requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })();`);
    const page = await context.newPage();
    await page.goto(`${origin}/bots/${BOT_ID}`, { waitUntil: 'commit' });
    try {
      await page.waitForSelector('.react-flow', { timeout: 20_000 });
    } catch {
      return { skipped: 'editor not built: the canvas (.react-flow) never appeared' };
    }
    try {
      await page.waitForFunction('window.__ready !== undefined', undefined, { timeout: 30_000 });
    } catch {
      return { skipped: 'the canvas appeared but no step (.react-flow__node) was rendered within 30 s' };
    }
    const { firstNode, ready, nodes } = (await page.evaluate(
      `({ firstNode: window.__firstNode, ready: window.__ready, nodes: document.querySelectorAll('.react-flow__node').length })`,
    )) as { firstNode: number; ready: number; nodes: number };
    await page.waitForTimeout(500);

    // Drag a node that is fully on screen, from its middle.
    const box = (await page.evaluate(`(() => {
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      for (const el of document.querySelectorAll('.react-flow__node')) {
        const r = el.getBoundingClientRect();
        if (r.left > pane.left + 40 && r.top > pane.top + 40 && r.right < pane.right - 240 && r.bottom < pane.bottom - 200) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return null;
    })()`)) as { x: number; y: number } | null;
    if (!box) return { skipped: 'no step fully on screen to drag' };
    const moves = opts.quick ? 60 : 120;
    const drag = await frames(page, () => gesture(page, box, 180, 120, moves));

    // Pan by dragging the empty canvas: find a point where the pane itself is on top.
    const empty = (await page.evaluate(`(() => {
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      for (let y = pane.top + 60; y < pane.bottom - 60; y += 23) {
        for (let x = pane.left + 60; x < pane.right - 260; x += 29) {
          const el = document.elementFromPoint(x, y);
          if (el && el.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return null;
    })()`)) as { x: number; y: number } | null;
    if (!empty) return { skipped: 'no empty canvas to pan' };
    const pan = await frames(page, () => gesture(page, empty, -400, -250, moves));

    return { steps: STEPS, flowSource: 'shared/src/testing/generateFlow.ts', createdVia, readyMs: round(ready, 0), firstNodeMs: round(firstNode, 0), nodesRendered: nodes, drag, pan };
  } finally {
    await browser?.close();
    await fetch(`${origin}/api/bots/${BOT_ID}`, { method: 'DELETE', headers }).catch(() => undefined);
  }
}
