/**
 * `tsx runtime/bench/profileSummary.ts FILE.cpuprofile [--top N] [--focus NAME]`: where a `node --cpu-prof` profile spends
 * its time. Self time by function and by package, and total (inclusive) time for the heaviest frames.
 * Profiles of the turn server come from `npm run bench -- --only turns --profile DIR`.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: profileSummary.ts FILE.cpuprofile [--top N] [--focus NAME]');
const top = Number(rest[rest.indexOf('--top') + 1] ?? 40) || 40;
const focus = rest.includes('--focus') ? rest[rest.indexOf('--focus') + 1] : undefined;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample, attributed to the sampled node.
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
// Idle time is left out: percentages are of the time the process was busy.
for (const [id] of self) if (byId.get(id)!.callFrame.functionName === '(idle)') self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'npm:')
    .replace(/^\/work\/main\//, '');
const pkg = (url: string) => {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm:${m[1]}`;
  return shortUrl(url).split('/').slice(0, 3).join('/');
};
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const selfByFn = new Map<string, number>();
const selfByPkg = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  add(selfByFn, label(n), t);
  add(selfByPkg, pkg(n.callFrame.url), t);
  // Inclusive: every distinct frame on the stack gets the sample once.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (!seen.has(l)) {
      seen.add(l);
      add(inclusive, l, t);
    }
  }
}

const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const print = (title: string, m: Map<string, number>, n: number, filter?: (k: string) => boolean) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, t] of [...m].filter(([k]) => !filter || filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${pct(t)}  ${k}\n`);
};

process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s busy (idle left out)\n`);
print('self time by package', selfByPkg, 25);
print('self time by function', selfByFn, top);
print('total time by function', inclusive, top, focus ? (k) => k.includes(focus) : undefined);
