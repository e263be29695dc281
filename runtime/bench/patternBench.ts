import { ADMIN_TOKEN, percentile, round } from './common';

/** What an ask step with a catastrophic-backtracking pattern costs a turn, against one with a plain pattern. */
export interface PatternResult {
  runs: number;
  hostile: { p50: number; max: number };
  plain: { p50: number; max: number };
  /** A health check sent while the hostile message is being answered: the event loop stays free. */
  healthDuringHostile: { p50: number; max: number };
}

// The finding: in V8's backtracking engine, 31 letters and a "!" held the event loop for 14 s.
export const HOSTILE_PATTERN = '^([a-zA-Z0-9]+\\s?)*$';
export const HOSTILE_MESSAGE = `${'a'.repeat(31)}!`;

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function json(res: Response): Promise<any> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A published bot whose only question checks its answer against `pattern`. */
async function askBot(origin: string, id: string, pattern: string): Promise<void> {
  await json(await fetch(`${origin}/api/bots`, { method: 'POST', headers: admin, body: JSON.stringify({ id, name: id }) }));
  const { flow } = await json(await fetch(`${origin}/api/bots/${id}/flow`, { headers: admin }));
  flow.nodes = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'q', type: 'ask', position: { x: 0, y: 100 }, data: { prompt: 'Your reference?', variable: 'ref', inputType: 'text', pattern, maxRetries: 10 } },
    { id: 'done', type: 'end', position: { x: 0, y: 200 }, data: {} },
  ];
  flow.edges = [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'q' },
    { id: 'e2', source: 'q', sourceHandle: 'next', target: 'done' },
  ];
  flow.variables = [{ name: 'ref', description: '' }];
  await json(await fetch(`${origin}/api/bots/${id}/flow`, { method: 'PUT', headers: admin, body: JSON.stringify({ flow, force: true }) }));
  await json(await fetch(`${origin}/api/bots/${id}/publish`, { method: 'POST', headers: admin, body: '{}' }));
}

async function timedTurn(origin: string, botId: string, text: string, probeHealth: boolean): Promise<{ turn: number; health?: number }> {
  const started = await json(await fetch(`${origin}/api/bots/${botId}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  const t0 = performance.now();
  const turn = fetch(`${origin}/api/conversations/${started.conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'text', text }),
  }).then(async (r) => {
    await json(r);
    return performance.now() - t0;
  });
  const health = probeHealth ? fetch(`${origin}/api/health`).then(async (r) => (await r.text(), performance.now() - t0)) : undefined;
  return { turn: await turn, ...(health ? { health: await health } : {}) };
}

const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), max: round(sorted.at(-1) ?? 0) };
};

export async function patternBench(origin: string, runs: number): Promise<PatternResult> {
  await askBot(origin, 'bench-hostile', HOSTILE_PATTERN);
  await askBot(origin, 'bench-plain', '^[a-z]+$');
  const hostile: number[] = [];
  const plain: number[] = [];
  const health: number[] = [];
  // Interleaved, so both see the same machine.
  for (let i = 0; i < runs; i++) {
    const h = await timedTurn(origin, 'bench-hostile', HOSTILE_MESSAGE, true);
    hostile.push(h.turn);
    health.push(h.health!);
    plain.push((await timedTurn(origin, 'bench-plain', HOSTILE_MESSAGE, false)).turn);
  }
  return { runs, hostile: summary(hostile), plain: summary(plain), healthDuringHostile: summary(health) };
}
