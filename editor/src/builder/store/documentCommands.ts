import type { Connection } from '@xyflow/react';
import { stepOf, type FlowDocument, type FlowNode, type StepKind } from '@parley/shared';
import type { EditHistory } from './editHistory';
import { DEFAULT_DIM, EMPTY_SET, type Dim, type FlowStateStore } from './flowState';
import { newId } from './ids';
import { firstFreeOutlet, nodeById } from './lookups';
import type { Selection } from './selection';
import type { Data } from './variables';

/** Space left between a step and one added below it. */
const STEP_GAP = 80;

export type DocumentPatch = Partial<Pick<FlowDocument, 'name' | 'locale' | 'variables' | 'settings'>>;

export interface DocumentCommands {
  /** Replaces the whole document (import, restoring a version): one undoable step; the bot keeps its id. */
  replaceDocument(next: FlowDocument): void;
  /** Replaces a node's data. Keystrokes in one field within a short while are one undo step, not one per character. */
  updateNodeData(id: string, data: Data, coalesceKey?: string): void;
  updateDocument(patch: DocumentPatch, coalesceKey?: string): void;
  /** An outlet leads to one step: a new connection from it replaces the old one. */
  connect(connection: Connection | { source: string; sourceHandle: string | null; target: string }): void;
  /** Removes steps with every connection touching them, and connections, as one undo step. */
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  deleteSelection(): void;
  /** The size React Flow measured for a node, or the default before it has. */
  dimOf(id: string): Dim;
  addStep(kind: StepKind, position: { x: number; y: number }): string | null;
  /** Adds a step below `afterId` and connects that step's first free outlet to it, as one undo step. */
  addStepAfter(kind: StepKind, afterId: string): string | null;
  /** Lays the flow out top to bottom and asks the canvas to show all of it. */
  tidyUp(): Promise<void>;
}

export function newStepNode(kind: StepKind, position: { x: number; y: number }, locale: 'en' | 'ko'): FlowNode {
  return { id: newId('', 8), type: kind, position, data: stepOf(kind).defaults(locale) as Data };
}

/** Edits of the flow document; each is one undo step. */
export function createDocumentCommands(store: FlowStateStore, history: EditHistory, selection: Selection): DocumentCommands {
  const get = () => store.getState();
  const setDoc = (doc: FlowDocument) => history.record({ doc });

  function deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]) {
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
    history.setQuietly({
      selectedNodes: new Set([...sel.selectedNodes].filter((id) => !nodes.has(id))),
      selectedEdges: new Set([...sel.selectedEdges].filter((id) => !edges.has(id))),
    });
  }

  const dimOf = (id: string): Dim => get().measured.get(id) ?? DEFAULT_DIM;

  return {
    replaceDocument(next) {
      const { doc, botId } = get();
      if (!doc) return;
      history.record({ doc: { ...next, id: botId ?? next.id }, selectedNodes: EMPTY_SET, selectedEdges: EMPTY_SET });
    },
    updateNodeData(id, data, coalesceKey) {
      const { doc } = get();
      if (!doc || !nodeById(doc, id)) return;
      history.recordCoalesced({ ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, data } : n)) }, coalesceKey && `${id}\u0000${coalesceKey}`);
    },
    updateDocument(patch, coalesceKey) {
      const { doc } = get();
      if (doc) history.recordCoalesced({ ...doc, ...patch }, coalesceKey && `\u0000doc\u0000${coalesceKey}`);
    },
    connect(connection) {
      const { doc } = get();
      if (!doc || !connection.sourceHandle) return;
      const target = nodeById(doc, connection.target);
      if (!target || target.type === 'start') return;
      const edges = doc.edges.filter((e) => !(e.source === connection.source && e.sourceHandle === connection.sourceHandle));
      edges.push({ id: newId('e-', 8), source: connection.source, sourceHandle: connection.sourceHandle, target: connection.target });
      setDoc({ ...doc, edges });
    },
    deleteElements,
    deleteSelection() {
      const { selectedNodes, selectedEdges } = get();
      deleteElements([...selectedNodes], [...selectedEdges]);
    },
    dimOf,
    addStep(kind, position) {
      const { doc } = get();
      if (!doc) return null;
      const node = newStepNode(kind, position, doc.locale);
      setDoc({ ...doc, nodes: [...doc.nodes, node] });
      selection.setSelection([node.id]);
      return node.id;
    },
    addStepAfter(kind, afterId) {
      const { doc } = get();
      const after = nodeById(doc, afterId);
      if (!doc || !after) return null;
      const node = newStepNode(kind, { x: after.position.x, y: after.position.y + dimOf(afterId).height + STEP_GAP }, doc.locale);
      const outlet = firstFreeOutlet(doc, afterId);
      const edges = outlet && kind !== 'start' ? [...doc.edges, { id: newId('e-', 8), source: afterId, sourceHandle: outlet, target: node.id }] : doc.edges;
      setDoc({ ...doc, nodes: [...doc.nodes, node], edges });
      selection.setSelection([node.id]);
      return node.id;
    },
    async tidyUp() {
      // Dagre is loaded on first use: it is the largest dependency and only this button needs it.
      const { tidyLayout } = await import('./layout');
      const { doc, measured } = get();
      if (!doc) return;
      setDoc(tidyLayout(doc, measured));
      history.setQuietly({ fitSeq: get().fitSeq + 1 });
    },
  };
}
