import { BUILTIN_VARIABLES, stepOf, type FlowDocument, type FlowNode, type StepKind } from '@parley/shared';

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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renameInTemplates(value: unknown, pattern: RegExp, to: string): unknown {
  if (typeof value === 'string') return value.replace(pattern, `{{${to}}}`);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = renameInTemplates(v, pattern, to);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const out: Data = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renameInTemplates(v, pattern, to);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that hold a variable's bare name rather than a template, by kind. */
function renameNameFields(kind: StepKind, data: Data, from: string, to: string): Data {
  const swap = (v: unknown) => (v === from ? to : v);
  switch (kind) {
    case 'ask':
    case 'options':
    case 'carousel':
    case 'setVariable':
    case 'end':
      return data.variable === from ? { ...data, variable: to } : data;
    case 'apiCall': {
      if (!Array.isArray(data.mappings) || !data.mappings.some((m) => isRecord(m) && m.variable === from)) return data;
      return { ...data, mappings: data.mappings.map((m) => (isRecord(m) && m.variable === from ? { ...m, variable: to } : m)) };
    }
    case 'handoff':
      return Array.isArray(data.fields) && data.fields.includes(from) ? { ...data, fields: data.fields.map(swap) } : data;
    case 'condition': {
      if (!Array.isArray(data.rules)) return data;
      const uses = data.rules.some((r) => isRecord(r) && Array.isArray(r.clauses) && r.clauses.some((c) => isRecord(c) && c.variable === from));
      if (!uses) return data;
      return {
        ...data,
        rules: data.rules.map((r) =>
          isRecord(r) && Array.isArray(r.clauses) ? { ...r, clauses: r.clauses.map((c) => (isRecord(c) && c.variable === from ? { ...c, variable: to } : c)) } : r,
        ),
      };
    }
    default:
      return data;
  }
}

/** Renames a variable everywhere: its declaration, `{{from}}` in every text, and every field that names it. Untouched nodes keep their identity. */
export function renameVariableInDoc(doc: FlowDocument, from: string, to: string): FlowDocument {
  if (from === to) return doc;
  const pattern = new RegExp(`\\{\\{\\s*${escapeRegExp(from)}\\s*\\}\\}`, 'g');
  const nodes = doc.nodes.map((n) => {
    const templated = renameInTemplates(n.data, pattern, to) as Data;
    const data = renameNameFields(n.type, templated, from, to);
    return data === n.data ? n : { ...n, data };
  });
  const exists = doc.variables.some((v) => v.name === to);
  const variables = doc.variables
    .filter((v) => !(exists && v.name === from))
    .map((v) => (v.name === from ? { ...v, name: to } : v));
  return { ...doc, nodes, variables };
}
