import { create } from 'zustand';
import { temporal } from 'zundo';
import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import { stepOf, validate, type Diagnostic, type Edge, type FlowDocument, type FlowNode, type Outlet, type StepKind } from '@parley/shared';
import { newId } from './ids';
import { parseData, renameVariableInDoc, type Data } from './variables';

export interface Dim {
  width: number;
  height: number;
}

export const DEFAULT_DIM: Dim = { width: 260, height: 110 };

export interface FlowState {
  botId: string | null;
  doc: FlowDocument | null;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** Sizes React Flow measured; kept outside the document (and the undo history) but handed back on every node so nodes are not re-measured. */
  measured: ReadonlyMap<string, Dim>;
  diagnostics: Diagnostic[];
  /** The step the preview conversation is at. */
  previewNodeId: string | null;
  /** A request for the canvas to centre a node; the sequence number makes a repeat request a change. */
  focus: { nodeId: string; seq: number } | null;
  /** Bumped to ask the canvas to show the whole flow (after tidying up). */
  fitSeq: number;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

const initialState = (): FlowState => ({
  botId: null,
  doc: null,
  selectedNodes: EMPTY_SET,
  selectedEdges: EMPTY_SET,
  measured: new Map(),
  diagnostics: [],
  previewNodeId: null,
  focus: null,
  fitSeq: 0,
});

const HISTORY_LIMIT = 200;

/** Only the document is history: selection, sizes and diagnostics follow from it or from the view. */
export const useFlowStore = create<FlowState>()(
  temporal(() => initialState(), {
    partialize: (s) => ({ doc: s.doc }),
    equality: (a, b) => a.doc === b.doc,
    limit: HISTORY_LIMIT,
  }),
);

const get = () => useFlowStore.getState();
const set = (patch: Partial<FlowState>) => useFlowStore.setState(patch);
const history = () => useFlowStore.temporal.getState();

/** Sets without recording a history entry. */
function setQuietly(patch: Partial<FlowState>) {
  const h = history();
  const wasTracking = h.isTracking;
  if (wasTracking) h.pause();
  set(patch);
  if (wasTracking) history().resume();
}

function pushHistory(doc: FlowDocument) {
  useFlowStore.temporal.setState((s) => ({ pastStates: [...s.pastStates, { doc }].slice(-HISTORY_LIMIT), futureStates: [] }));
}

// ---------------------------------------------------------------- lookups

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

/** Outlets of a node; while its data is invalid, the outlets its raw data still describes, so existing connections keep a handle. */
export function outletsOf(kind: StepKind, data: Data): Outlet[] {
  const parsed = parseData(kind, data);
  try {
    return stepOf(kind).outlets(parsed.data as never).filter((o) => typeof o.id === 'string' && o.id !== '');
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- document

export function loadDocument(botId: string, doc: FlowDocument) {
  useFlowStore.setState({ ...initialState(), botId, doc });
  history().clear();
  // Checked just after the first paint: a large flow is on screen sooner, and its badges follow a moment later.
  if (validationTimer) clearTimeout(validationTimer);
  validationTimer = setTimeout(runValidation, 0);
  if (typeof requestAnimationFrame === 'function') {
    const timer = validationTimer;
    requestAnimationFrame(() => {
      if (validationTimer !== timer) return;
      clearTimeout(timer);
      validationTimer = setTimeout(runValidation, 0);
    });
  }
}

export function resetStore() {
  useFlowStore.setState(initialState());
  history().clear();
}

function setDoc(doc: FlowDocument) {
  set({ doc });
}

/** Replaces the whole document (import, restoring a version): one undoable step; the bot keeps its id. */
export function replaceDocument(next: FlowDocument) {
  const { doc, botId } = get();
  if (!doc) return;
  set({ doc: { ...next, id: botId ?? next.id }, selectedNodes: EMPTY_SET, selectedEdges: EMPTY_SET });
}

let coalescing: { key: string; at: number } | null = null;
const COALESCE_MS = 1500;

/** Replaces a node's data. Keystrokes in one field within a short while are one undo step, not one per character. */
export function updateNodeData(id: string, data: Data, coalesceKey?: string) {
  const { doc } = get();
  if (!doc || !nodeById(doc, id)) return;
  setCoalesced({ ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, data } : n)) }, coalesceKey && `${id}\u0000${coalesceKey}`);
}

function setCoalesced(next: FlowDocument, key: string | undefined) {
  const now = Date.now();
  if (key && coalescing && coalescing.key === key && now - coalescing.at < COALESCE_MS) setQuietly({ doc: next });
  else set({ doc: next });
  coalescing = key ? { key, at: now } : null;
}

/** Ends a run of coalesced keystrokes, so the next edit of the same field is its own undo step. */
export function breakCoalescing() {
  coalescing = null;
}

export function updateDocument(patch: Partial<Pick<FlowDocument, 'name' | 'locale' | 'variables' | 'settings'>>, coalesceKey?: string) {
  const { doc } = get();
  if (doc) setCoalesced({ ...doc, ...patch }, coalesceKey && `\u0000doc\u0000${coalesceKey}`);
}

// ---------------------------------------------------------------- canvas changes

let dragStart: FlowDocument | null = null;

/** React Flow's node changes: selection and sizes are view state; a drag is recorded once, when it stops. */
export function applyNodeChanges(changes: NodeChange[]) {
  const state = get();
  let selected: Set<string> | null = null;
  let measured: Map<string, Dim> | null = null;
  const positions = new Map<string, { x: number; y: number }>();
  let dragging = false;
  for (const c of changes) {
    if (c.type === 'select') {
      selected ??= new Set(state.selectedNodes);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    } else if (c.type === 'dimensions' && c.dimensions) {
      const prev = (measured ?? state.measured).get(c.id);
      if (prev && prev.width === c.dimensions.width && prev.height === c.dimensions.height) continue;
      measured ??= new Map(state.measured);
      measured.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
    } else if (c.type === 'position' && c.position) {
      positions.set(c.id, c.position);
      if (c.dragging) dragging = true;
    }
    // Removals arrive through onDelete as one batch with their edges, so one undo step restores both.
  }
  const patch: Partial<FlowState> = {};
  if (selected) patch.selectedNodes = selected;
  if (measured) patch.measured = measured;
  if (Object.keys(patch).length > 0) setQuietly(patch);
  if (positions.size > 0 && state.doc) {
    const doc = state.doc;
    const moved: FlowDocument = {
      ...doc,
      nodes: doc.nodes.map((n) => {
        const p = positions.get(n.id);
        return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: p.x, y: p.y } } : n;
      }),
    };
    if (dragging) {
      if (!dragStart) dragStart = doc;
      setQuietly({ doc: moved });
    } else if (dragStart) {
      setQuietly({ doc: moved });
      endDrag();
    } else {
      set({ doc: moved });
    }
  }
}

/** One history entry for the whole drag, from where it started. */
export function endDrag() {
  const start = dragStart;
  dragStart = null;
  const { doc } = get();
  if (start && doc && start !== doc) pushHistory(start);
}

export function applyEdgeChanges(changes: EdgeChange[]) {
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'select') {
      selected ??= new Set(get().selectedEdges);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
  }
  if (selected) setQuietly({ selectedEdges: selected });
}

/** An outlet leads to one step: a new connection from it replaces the old one. */
export function connect(connection: Connection | { source: string; sourceHandle: string | null; target: string }) {
  const { doc } = get();
  if (!doc || !connection.sourceHandle) return;
  const target = nodeById(doc, connection.target);
  if (!target || target.type === 'start') return;
  const edges = doc.edges.filter((e) => !(e.source === connection.source && e.sourceHandle === connection.sourceHandle));
  edges.push({ id: newId('e-', 8), source: connection.source, sourceHandle: connection.sourceHandle, target: connection.target });
  setDoc({ ...doc, edges });
}

export function deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]) {
  const { doc } = get();
  if (!doc || (nodeIds.length === 0 && edgeIds.length === 0)) return;
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  setDoc({
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  });
  const sel = get();
  setQuietly({
    selectedNodes: new Set([...sel.selectedNodes].filter((id) => !nodes.has(id))),
    selectedEdges: new Set([...sel.selectedEdges].filter((id) => !edges.has(id))),
  });
}

export function deleteSelection() {
  const { selectedNodes, selectedEdges } = get();
  deleteElements([...selectedNodes], [...selectedEdges]);
}

export function setSelection(nodeIds: readonly string[], edgeIds: readonly string[] = []) {
  setQuietly({ selectedNodes: new Set(nodeIds), selectedEdges: new Set(edgeIds) });
}

/** Selects a node and asks the canvas to bring it into view. */
export function focusNode(nodeId: string) {
  setQuietly({ selectedNodes: new Set([nodeId]), selectedEdges: EMPTY_SET, focus: { nodeId, seq: (get().focus?.seq ?? 0) + 1 } });
}

export function setPreviewNode(nodeId: string | null) {
  if (get().previewNodeId !== nodeId) setQuietly({ previewNodeId: nodeId });
}

// ---------------------------------------------------------------- adding steps

export function newStepNode(kind: StepKind, position: { x: number; y: number }, locale: 'en' | 'ko'): FlowNode {
  return { id: newId('', 8), type: kind, position, data: stepOf(kind).defaults(locale) as Data };
}

export function dimOf(id: string): Dim {
  return get().measured.get(id) ?? DEFAULT_DIM;
}

export function addStep(kind: StepKind, position: { x: number; y: number }): string | null {
  const { doc } = get();
  if (!doc) return null;
  const node = newStepNode(kind, position, doc.locale);
  setDoc({ ...doc, nodes: [...doc.nodes, node] });
  setSelection([node.id]);
  return node.id;
}

/** The outlet a new step should hang from: the first unconnected one, preferring outlets that must be connected. */
export function firstFreeOutlet(doc: FlowDocument, nodeId: string): string | null {
  const node = nodeById(doc, nodeId);
  if (!node) return null;
  const used = new Set(doc.edges.filter((e) => e.source === nodeId).map((e) => e.sourceHandle));
  const free = outletsOf(node.type, node.data).filter((o) => !used.has(o.id));
  return (free.find((o) => !o.optional) ?? free[0])?.id ?? null;
}

/** Adds a step below `afterId` and connects that step's first free outlet to it, as one undo step. */
export function addStepAfter(kind: StepKind, afterId: string): string | null {
  const { doc } = get();
  const after = nodeById(doc, afterId);
  if (!doc || !after) return null;
  const dim = dimOf(afterId);
  const node = newStepNode(kind, { x: after.position.x, y: after.position.y + dim.height + 80 }, doc.locale);
  const outlet = firstFreeOutlet(doc, afterId);
  const edges = outlet && kind !== 'start' ? [...doc.edges, { id: newId('e-', 8), source: afterId, sourceHandle: outlet, target: node.id }] : doc.edges;
  setDoc({ ...doc, nodes: [...doc.nodes, node], edges });
  setSelection([node.id]);
  return node.id;
}

// ---------------------------------------------------------------- clipboard

const CLIPBOARD_KEY = 'parley.clipboard';
let pasteCount = 0;

interface ClipboardContent {
  kind: 'parley/steps';
  nodes: FlowNode[];
  edges: Edge[];
}

/** Copies the selected steps and the connections among them. localStorage, so it pastes into another bot too. */
export function copySelection(): number {
  const { doc, selectedNodes } = get();
  if (!doc || selectedNodes.size === 0) return 0;
  const nodes = doc.nodes.filter((n) => selectedNodes.has(n.id));
  const edges = doc.edges.filter((e) => selectedNodes.has(e.source) && selectedNodes.has(e.target));
  const content: ClipboardContent = { kind: 'parley/steps', nodes, edges };
  try {
    localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(content));
  } catch {
    return 0;
  }
  pasteCount = 0;
  return nodes.length;
}

function readClipboard(): ClipboardContent | null {
  try {
    const raw = localStorage.getItem(CLIPBOARD_KEY);
    const parsed = raw ? (JSON.parse(raw) as ClipboardContent) : null;
    return parsed?.kind === 'parley/steps' && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges) ? parsed : null;
  } catch {
    return null;
  }
}

/** Pastes with fresh ids, offset from the originals, and selects what was pasted. Returns the new ids. */
export function paste(): string[] {
  const { doc } = get();
  const content = readClipboard();
  if (!doc || !content) return [];
  const hasStart = doc.nodes.some((n) => n.type === 'start');
  const ids = new Map<string, string>();
  const offset = 40 * ++pasteCount;
  const nodes: FlowNode[] = [];
  for (const n of content.nodes) {
    // A flow has one start; a copied start would only be an error.
    if (n.type === 'start' && hasStart) continue;
    const id = newId('', 8);
    ids.set(n.id, id);
    nodes.push({ ...n, id, position: { x: n.position.x + offset, y: n.position.y + offset } });
  }
  const edges = content.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ ...e, id: newId('e-', 8), source: ids.get(e.source)!, target: ids.get(e.target)! }));
  if (nodes.length === 0) return [];
  setDoc({ ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] });
  setSelection(nodes.map((n) => n.id));
  return nodes.map((n) => n.id);
}

// ---------------------------------------------------------------- history

export function undo() {
  breakCoalescing();
  history().undo();
}

export function redo() {
  breakCoalescing();
  history().redo();
}


// ---------------------------------------------------------------- variables

export function renameVariable(from: string, to: string) {
  const { doc } = get();
  if (doc) setDoc(renameVariableInDoc(doc, from, to));
}

export function upsertVariable(name: string, patch: { defaultValue?: string | undefined; description?: string | undefined }) {
  const { doc } = get();
  if (!doc) return;
  const exists = doc.variables.some((v) => v.name === name);
  const clean = (v: { name: string; defaultValue?: string | undefined; description?: string | undefined }) => {
    const out: FlowDocument['variables'][number] = { name: v.name };
    if (v.defaultValue !== undefined) out.defaultValue = v.defaultValue;
    if (v.description) out.description = v.description;
    return out;
  };
  const variables = exists ? doc.variables.map((v) => (v.name === name ? clean({ ...v, ...patch }) : v)) : [...doc.variables, clean({ name, ...patch })];
  setDoc({ ...doc, variables });
}

export function removeVariable(name: string) {
  const { doc } = get();
  if (doc) setDoc({ ...doc, variables: doc.variables.filter((v) => v.name !== name) });
}

// ---------------------------------------------------------------- validation

let validationTimer: ReturnType<typeof setTimeout> | null = null;
let validatedDoc: FlowDocument | null = null;

/** Positions do not change any diagnostic, so a drag never re-validates. */
function sameSemantics(a: FlowDocument, b: FlowDocument): boolean {
  if (a.edges !== b.edges || a.variables !== b.variables || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x !== y && (x.id !== y.id || x.type !== y.type || x.data !== y.data)) return false;
  }
  return true;
}

export function runValidation() {
  if (validationTimer) clearTimeout(validationTimer);
  validationTimer = null;
  const { doc } = get();
  validatedDoc = doc;
  setQuietly({ diagnostics: doc ? validate(doc).diagnostics : [] });
}

useFlowStore.subscribe((state, prev) => {
  if (state.doc === prev.doc || !state.doc) return;
  if (validatedDoc && sameSemantics(validatedDoc, state.doc)) {
    validatedDoc = state.doc;
    return;
  }
  if (validationTimer) clearTimeout(validationTimer);
  // Large flows take a few milliseconds to check: wait for a pause in typing.
  validationTimer = setTimeout(runValidation, state.doc.nodes.length > 300 ? 250 : 30);
});

// ---------------------------------------------------------------- layout

/** Dagre is loaded on first use: it is the largest dependency and only this button needs it. */
export async function tidyUp() {
  const { tidyLayout } = await import('./layout');
  const { doc, measured } = get();
  if (!doc) return;
  setDoc(tidyLayout(doc, measured));
  setQuietly({ fitSeq: get().fitSeq + 1 });
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
