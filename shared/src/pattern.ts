import { RE2JS } from 're2js';

/**
 * Regular expressions written by admins (an ask step's pattern, a condition's "matches") run on what customers type,
 * so one careless pattern must never hang the server. They run on RE2JS, a port of RE2: matching takes time linear in
 * the input, whatever the pattern (no backtracking, so `^([a-z0-9]+\s?)*$` is as fast as `^[a-z]+$`). With the
 * compiled program capped at MAX_PROGRAM instructions and the input at MAX_INPUT characters, every match has a hard
 * bound on its work. The price is RE2's syntax: no backreferences and no lookaround, which the schema reports as a
 * diagnostic on the step.
 */
export const MAX_PROGRAM = 1000;
export const MAX_INPUT = 4096;

type Compiled = { ok: true; re: RE2JS } | { ok: false; problem: string };

const cache = new Map<string, Compiled>();

function compile(source: string, ignoreCase: boolean): Compiled {
  const key = `${ignoreCase ? 'i' : '-'}${source}`;
  let hit = cache.get(key);
  if (hit) return hit;
  try {
    const re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    hit = re.programSize() > MAX_PROGRAM ? { ok: false, problem: 'This pattern is too complex: simplify its repeats' } : { ok: true, re };
  } catch (error) {
    hit = { ok: false, problem: describe(error) };
  }
  // Patterns are fixed per published version; the bound only stops a stream of distinct drafts from growing it forever.
  if (cache.size >= 1000) cache.clear();
  cache.set(key, hit);
  return hit;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/\\[1-9]|invalid escape/.test(message)) return 'Not supported in patterns: backreferences such as \\1, and escapes other than \\d \\w \\s \\b and the like';
  if (/\(\?[=!<]|Perl syntax|named capture/.test(message)) return 'Not supported in patterns: lookahead and lookbehind such as (?=…) and (?<!…)';
  if (/repeat count/.test(message)) return 'This pattern is too complex: simplify its repeats';
  return 'Not a valid regular expression';
}

/** Why a pattern cannot be used, or null when it can: the schema's check, shown on the step in the editor. */
export function patternProblem(source: string): string | null {
  const compiled = compile(source, false);
  return compiled.ok ? null : compiled.problem;
}

/** Whether `text` contains a match. An unusable pattern matches nothing, so an ask step takes its invalid path. */
export function matchesPattern(source: string, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  const compiled = compile(source, options.ignoreCase === true);
  return compiled.ok && compiled.re.test(text.slice(0, MAX_INPUT));
}
