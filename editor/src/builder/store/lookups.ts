import { stepOf, type Diagnostic, type Edge, type FlowDocument, type FlowNode, type Outlet, type StepKind } from '@parley/shared';
import { parseData, type Data } from './variables';

// Every cache here is keyed by an array the store never mutates, so an entry is valid for as long as its key lives.

const indexCache = new WeakMap<readonly FlowNode[], Map<string, FlowNode>>();
/** O(1) lookups by id for every node's selector, built once per nodes array. */
export function nodeIndex(nodes: readonly FlowNode[]): Map<string, FlowNode> {
  let index = indexCache.get(nodes);
  if (!index) {
    index = new Map(nodes.map((n) => [n.id, n]));
    indexCache.set(nodes, index);
  }
  return index;
}

export const nodeById = (doc: FlowDocument | null, id: string): FlowNode | undefined => (doc ? nodeIndex(doc.nodes).get(id) : undefined);

export interface NodeProblems {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}
const problemsCache = new WeakMap<Diagnostic[], Map<string, NodeProblems>>();
export function problemsByNode(diagnostics: Diagnostic[]): Map<string, NodeProblems> {
  let map = problemsCache.get(diagnostics);
  if (!map) {
    map = new Map();
    for (const d of diagnostics) {
      if (!d.nodeId) continue;
      let p = map.get(d.nodeId);
      if (!p) map.set(d.nodeId, (p = { errors: [], warnings: [] }));
      (d.severity === 'error' ? p.errors : p.warnings).push(d);
    }
    problemsCache.set(diagnostics, map);
  }
  return map;
}

const connectedCache = new WeakMap<readonly Edge[], Map<string, Set<string>>>();
/** Which outlets of each step are connected, built once per edges array so every node can look itself up in O(1). */
export function connectedOutlets(edges: readonly Edge[]): Map<string, Set<string>> {
  let map = connectedCache.get(edges);
  if (!map) {
    map = new Map();
    for (const e of edges) {
      let s = map.get(e.source);
      if (!s) map.set(e.source, (s = new Set()));
      s.add(e.sourceHandle);
    }
    connectedCache.set(edges, map);
  }
  return map;
}

/** Outlets of a node; while its data is invalid, the outlets its raw data still describes, so existing connections keep a handle. */
export function outletsOf(kind: StepKind, data: Data): Outlet[] {
  const parsed = parseData(kind, data);
  try {
    return stepOf(kind).outlets(parsed.data as never).filter((o) => typeof o.id === 'string' && o.id !== '');
  } catch {
    return [];
  }
}

/** The outlet a new step should hang from: the first unconnected one, preferring outlets that must be connected. */
export function firstFreeOutlet(doc: FlowDocument, nodeId: string): string | null {
  const node = nodeById(doc, nodeId);
  if (!node) return null;
  const used = new Set(doc.edges.filter((e) => e.source === nodeId).map((e) => e.sourceHandle));
  const free = outletsOf(node.type, node.data).filter((o) => !used.has(o.id));
  return (free.find((o) => !o.optional) ?? free[0])?.id ?? null;
}
