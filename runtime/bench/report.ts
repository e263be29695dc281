export interface Goal {
  section: string;
  name: string;
  goal: string;
  measured: string;
  /** null: reported only, or skipped. */
  met: boolean | null;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

interface Run {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuUsPerRequest?: number;
}

/** The readable summary: throughput per target and connection count, then every goal with what was measured. */
export function printReport(results: Record<string, unknown>, goals: Goal[]): void {
  const out: string[] = [''];
  const turns = results.turns as { runs: Run[] } | undefined;
  if (turns) {
    out.push('Turns (A = bare Express, B = Express + one SQLite transaction, turn = a real Parley turn, floor = Parley\'s HTTP stack + auth without a turn)', '');
    out.push(
      table(
        ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'failed'],
        turns.runs.map((r) => [r.target, String(r.connections), String(r.rps), String(r.p50), String(r.p99), String(r.cpuUsPerRequest ?? ''), String(r.non2xx + r.errors)]),
      ),
      '',
    );
  }
  out.push(
    table(
      ['section', 'measurement', 'goal', 'measured', 'met?'],
      goals.map((g) => [g.section, g.name, g.goal, g.measured, g.met === null ? (g.measured.startsWith('skipped') ? 'skipped' : '—') : g.met ? 'yes' : 'NO']),
    ),
    '',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
