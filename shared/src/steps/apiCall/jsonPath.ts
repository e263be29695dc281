/** Paths into a JSON response (`order.status`, `items[0].name`, `$.total`, `a["x-y"]`), for the apiCall step's mappings. */

export type JsonLeaf = string | number | boolean | null;

type Segment = { key: string } | { index: number };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIGITS = /^(0|[1-9][0-9]*)$/;

/** Any syntax error gives null, so a mistyped path reads as "no value" rather than throwing mid-turn. */
function parsePath(path: string): Segment[] | null {
  let s = path.trim();
  // `$` alone names the root; `$foo` is a key, so only strip it when a separator follows.
  if (s === '$') return [];
  if (s.startsWith('$.')) s = s.slice(2);
  else if (s.startsWith('$[')) s = s.slice(1);
  if (s === '') return null;

  const segments: Segment[] = [];
  let i = 0;
  let needSegment = true;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '[') {
      const end = readBracket(s, i);
      if (!end) return null;
      segments.push(end.segment);
      i = end.next;
      needSegment = false;
    } else if (c === '.') {
      if (needSegment) return null;
      i += 1;
      needSegment = true;
    } else {
      if (!needSegment) return null;
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[' && s[j] !== ']') j += 1;
      if (j < s.length && s[j] === ']') return null;
      segments.push({ key: s.slice(i, j) });
      i = j;
      needSegment = false;
    }
  }
  return needSegment ? null : segments;
}

function readBracket(s: string, open: number): { segment: Segment; next: number } | null {
  const quote = s[open + 1];
  if (quote === '"' || quote === "'") {
    let key = '';
    let i = open + 2;
    while (i < s.length && s[i] !== quote) {
      if (s[i] === '\\') {
        const escaped = s[i + 1];
        if (escaped === undefined) return null;
        // JSON's escapes for double quotes, so a key printed with JSON.stringify reads back the same.
        if (quote === '"' && escaped === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
          key += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        key += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[escaped] ?? escaped;
        i += 2;
        continue;
      }
      key += s[i];
      i += 1;
    }
    if (s[i] !== quote || s[i + 1] !== ']') return null;
    return { segment: { key }, next: i + 2 };
  }
  const close = s.indexOf(']', open);
  if (close < 0) return null;
  const inner = s.slice(open + 1, close).trim();
  if (!DIGITS.test(inner)) return null;
  return { segment: { index: Number(inner) }, next: close + 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function step(value: unknown, segment: Segment): unknown {
  if ('index' in segment) return Array.isArray(value) && segment.index < value.length ? value[segment.index] : undefined;
  // `items.0` is how many tools spell an index; on an array a key is only ever an index, never `length` or a method.
  if (Array.isArray(value)) return DIGITS.test(segment.key) ? step(value, { index: Number(segment.key) }) : undefined;
  // Own properties only, so `__proto__` or `constructor` never reach the prototype.
  return isRecord(value) && Object.hasOwn(value, segment.key) ? value[segment.key] : undefined;
}

/** The value at `path`, or undefined when it is missing or the path is not well formed. */
export function getPath(value: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (!segments) return undefined;
  let current = value;
  for (const segment of segments) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function join(parent: string, segment: Segment): string {
  if ('index' in segment) return `${parent}[${segment.index}]`;
  if (IDENTIFIER.test(segment.key)) return parent === '' ? segment.key : `${parent}.${segment.key}`;
  return `${parent}[${JSON.stringify(segment.key)}]`;
}

// Deeper than this is no field an admin will click, and the bound keeps a hostile or cyclic value from running away.
const MAX_DEPTH = 32;
const MAX_VISITS = 10_000;

/** Leaf values with the path that reads each back through `getPath`, in document order, for picking a mapping. */
export function listPaths(value: unknown, max = 200): { path: string; value: JsonLeaf }[] {
  const out: { path: string; value: JsonLeaf }[] = [];
  const stack: { path: string; value: unknown; depth: number }[] = [{ path: '', value, depth: 0 }];
  let visits = 0;
  while (stack.length > 0 && out.length < max && visits < MAX_VISITS) {
    visits += 1;
    const node = stack.pop()!;
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      out.push({ path: node.path === '' ? '$' : node.path, value: v });
      continue;
    }
    if (node.depth >= MAX_DEPTH) continue;
    const children: { path: string; value: unknown; depth: number }[] = [];
    const room = MAX_VISITS - visits;
    if (Array.isArray(v)) {
      for (let index = 0; index < Math.min(v.length, room); index += 1) {
        children.push({ path: join(node.path, { index }), value: v[index], depth: node.depth + 1 });
      }
    } else if (isRecord(v)) {
      for (const key of Object.keys(v).slice(0, room)) children.push({ path: join(node.path, { key }), value: v[key], depth: node.depth + 1 });
    }
    // Pushed in reverse so they pop in document order.
    for (let k = children.length - 1; k >= 0; k -= 1) stack.push(children[k]!);
  }
  return out;
}
