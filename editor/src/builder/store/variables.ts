import { BUILTIN_VARIABLES, renameVariableIn, stepOf, type FlowDocument, type FlowNode, type StepKind } from '@parley/shared';

export type Data = Record<string, unknown>;

/** The kind's parse of a node's data, or null while it is invalid. Cached per data object: data is immutable in the store. */
const parsedCache = new WeakMap<object, { ok: boolean; data: unknown }>();
export function parseData(kind: StepKind, data: Data): { ok: boolean; data: unknown } {
  let hit = parsedCache.get(data);
  if (!hit) {
    const r = stepOf(kind).schema.safeParse(data);
    hit = r.success ? { ok: true, data: r.data } : { ok: false, data };
    parsedCache.set(data, hit);
  }
  return hit;
}

/** A definition's function over data that may be invalid: the parse when it passes, the raw data otherwise, and nothing if that throws. */
function tolerant<T>(kind: StepKind, data: Data, fn: (d: never) => T[]): T[] {
  const parsed = parseData(kind, data);
  try {
    return fn(parsed.data as never);
  } catch {
    return [];
  }
}

export const nodeReads = (n: FlowNode) => tolerant(n.type, n.data, stepOf(n.type).reads);
export const nodeWrites = (n: FlowNode) => tolerant(n.type, n.data, stepOf(n.type).writes);
export const nodeTexts = (n: FlowNode) => tolerant(n.type, n.data, stepOf(n.type).texts).filter((t) => typeof t === 'string');

export interface VariableInfo {
  name: string;
  declared: boolean;
  builtin: boolean;
  defaultValue?: string;
  description?: string;
  readBy: string[];
  writtenBy: string[];
}

/** Declared variables plus every one a step reads or writes, with where each is used. */
export function variableTable(doc: FlowDocument): VariableInfo[] {
  const table = new Map<string, VariableInfo>();
  const entry = (name: string): VariableInfo => {
    let v = table.get(name);
    if (!v) {
      v = { name, declared: false, builtin: (BUILTIN_VARIABLES as readonly string[]).includes(name), readBy: [], writtenBy: [] };
      table.set(name, v);
    }
    return v;
  };
  for (const v of doc.variables) {
    const e = entry(v.name);
    e.declared = true;
    e.defaultValue = v.defaultValue;
    e.description = v.description;
  }
  for (const n of doc.nodes) {
    for (const r of new Set(nodeReads(n))) entry(r).readBy.push(n.id);
    for (const w of new Set(nodeWrites(n))) entry(w).writtenBy.push(n.id);
  }
  return [...table.values()].sort((a, b) => Number(a.builtin) - Number(b.builtin) || a.name.localeCompare(b.name));
}

/** Renames a variable everywhere: its declaration, `{{from}}` in every text, and every field that names it. Untouched nodes keep their identity. */
export function renameVariableInDoc(doc: FlowDocument, from: string, to: string): FlowDocument {
  if (from === to) return doc;
  const nodes = doc.nodes.map((n) => {
    const data = renameVariableIn(n.type, n.data, from, to);
    return data === n.data ? n : { ...n, data };
  });
  const exists = doc.variables.some((v) => v.name === to);
  const variables = doc.variables
    .filter((v) => !(exists && v.name === from))
    .map((v) => (v.name === from ? { ...v, name: to } : v));
  return { ...doc, nodes, variables };
}
