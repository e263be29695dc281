import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, hasErrors, parseFlowDocument, runTurnSync, validate, type BotEvent, type CompiledFlow, type PersistedState } from '@parley/shared';
import { generateFlow } from '../../shared/src/testing/generateFlow';
import { percentile, repoRoot, round } from './common';

/**
 * The flow compiler on its own, in a fresh process so the first (cold) numbers are honest:
 * parse + validate (what saving and publishing do) and compile (once per version, then cached) for generated flows,
 * and the per-turn cost of a cached machine (`runTurnSync`, no I/O).
 */
const quick = process.argv.includes('--quick');
// Enough runs for the JIT to settle; the machine may be shared, so the best run is reported beside the median.
const repeats = quick ? 12 : 40;
const now = new Date('2026-11-25T15:00:00Z');

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

const best = (xs: number[]) => Math.min(...xs);

export interface SizeResult {
  steps: number;
  edges: number;
  runs: number;
  /** The first run in a fresh process (cold JIT). */
  cold: { parseMs: number; validateMs: number; compileMs: number };
  /** Medians of the warm runs. */
  parseMs: number;
  validateMs: number;
  compileMs: number;
  /** parse + validate + compile per run: median and best. */
  totalMs: number;
  bestTotalMs: number;
  diagnostics: number;
  /** Microseconds per turn on the cached machine (best of seven batches). */
  turnUs: number;
}

/** Microseconds per turn on a cached machine, alternating between the given (state, event) pairs. */
function turnCost(compiled: CompiledFlow, cases: { from: PersistedState; event: BotEvent }[], effect?: Parameters<typeof runTurnSync>[4]): number {
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const c = cases[i % cases.length]!;
      const out = runTurnSync(compiled, c.from, c.event, { now }, effect);
      if (out.settled !== 'wait') throw new Error(`bench turn did not wait: ${out.settled} ${out.fault ?? ''}`);
    }
  };
  run(500);
  const samples: number[] = [];
  for (let r = 0; r < 7; r++) {
    const n = quick ? 1000 : 3000;
    const [, ms] = time(() => run(n));
    samples.push((ms * 1000) / n);
  }
  return best(samples);
}

/** What the runtime reads back from a row: plain JSON. */
const stored = (s: PersistedState): PersistedState => JSON.parse(JSON.stringify(s)) as PersistedState;

function measure(steps: number): SizeResult {
  // Without settings: the raw document an API client that keeps the defaults sends, which parsing completes.
  const { settings: _defaults, ...raw } = generateFlow(steps);
  const json = JSON.stringify(raw);
  const runOnce = () => {
    // As the API has it: a freshly parsed request body (body parsing itself is not timed).
    const body: unknown = JSON.parse(json);
    const [parsed, parseMs] = time(() => parseFlowDocument(body));
    if (!parsed.success) throw new Error(`generated flow does not parse: ${parsed.error.message}`);
    const [validation, validateMs] = time(() => validate(parsed.data));
    if (!validation.flow || hasErrors(validation.diagnostics)) throw new Error(`generated flow has errors: ${JSON.stringify(validation.diagnostics.slice(0, 3))}`);
    const flow = validation.flow;
    const [compiled, compileMs] = time(() => compile(flow));
    return { parseMs, validateMs, compileMs, compiled, diagnostics: validation.diagnostics.length };
  };
  const cold = runOnce();
  const runs = Array.from({ length: repeats }, runOnce);
  const compiled = runs.at(-1)!.compiled;

  // Steady turns in the middle of the flow: press "Go on" at an options step, then answer the question two steps on.
  const block = Math.floor((steps - 2) / 10 / 5) * 5;
  const optionsAt = `s${block}`;
  const first = runTurnSync(compiled, null, null, { now, input: { visitor_name: 'Ada' } });
  const atOptions: PersistedState = stored({ value: optionsAt, context: first.state.context });
  const toAsk = runTurnSync(compiled, atOptions, { type: 'POSTBACK', payload: `${optionsAt}:next` }, { now });
  if (toAsk.nodeId !== `s${block + 2}`) throw new Error(`expected the ask step, got ${toAsk.nodeId}`);
  const turnUs = turnCost(compiled, [
    { from: atOptions, event: { type: 'POSTBACK', payload: `${optionsAt}:next` } },
    { from: stored(toAsk.state), event: { type: 'TEXT', text: 'yes' } },
  ]);

  const med = (k: 'parseMs' | 'validateMs' | 'compileMs') => median(runs.map((r) => r[k]));
  return {
    steps,
    edges: raw.edges.length,
    cold: { parseMs: round(cold.parseMs), validateMs: round(cold.validateMs), compileMs: round(cold.compileMs) },
    runs: runs.length,
    parseMs: round(med('parseMs')),
    validateMs: round(med('validateMs')),
    compileMs: round(med('compileMs')),
    totalMs: round(median(runs.map((r) => r.parseMs + r.validateMs + r.compileMs))),
    bestTotalMs: round(best(runs.map((r) => r.parseMs + r.validateMs + r.compileMs))),
    diagnostics: cold.diagnostics,
    turnUs: round(turnUs, 1),
  };
}

/** The seeded flow's turns from the HTTP mix, without I/O: the order lookup answers at once. */
function orderSupportTurn(): number {
  const parsed = parseFlowDocument(JSON.parse(readFileSync(join(repoRoot, 'flows/order-support.en.json'), 'utf8')));
  if (!parsed.success) throw new Error('order-support flow does not parse');
  const compiled = compile(validate(parsed.data).flow!);
  const first = runTurnSync(compiled, null, null, { now, input: { conversation_id: 'c', visitor_name: 'Ada' } });
  const menu = stored(first.state);
  const step = (from: PersistedState, event: BotEvent) => stored(runTurnSync(compiled, from, event, { now }, lookup).state);
  const lookup = () => ({ outlet: 'success', vars: { order_status: 'shipped', order_eta: '2026-11-27' } });
  const askOrder = step(menu, { type: 'POSTBACK', payload: 'menu:track' });
  const anythingElse = step(askOrder, { type: 'TEXT', text: '10001' });
  const askQuestion = step(menu, { type: 'POSTBACK', payload: 'menu:question' });
  const faqHelped = step(askQuestion, { type: 'TEXT', text: 'How long does shipping take?' });
  return turnCost(
    compiled,
    [
      { from: menu, event: { type: 'POSTBACK', payload: 'menu:track' } },
      { from: askOrder, event: { type: 'TEXT', text: '10001' } },
      { from: anythingElse, event: { type: 'POSTBACK', payload: 'anything-else:yes' } },
      { from: menu, event: { type: 'POSTBACK', payload: 'menu:question' } },
      { from: askQuestion, event: { type: 'TEXT', text: 'How long does shipping take?' } },
      { from: faqHelped, event: { type: 'POSTBACK', payload: 'faq-helped:yes' } },
      { from: anythingElse, event: { type: 'POSTBACK', payload: 'anything-else:yes' } },
    ],
    lookup,
  );
}

const sizes = [200, 2000].map(measure);
const result = { sizes, orderSupportTurnUs: round(orderSupportTurn(), 1) };
if (process.send) process.send(result);
else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
