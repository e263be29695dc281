import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { FlowDocument } from '@parley/shared';
import type { EditHistory } from './editHistory';
import type { Dim, FlowState, FlowStateStore } from './flowState';

export interface CanvasChanges {
  /** React Flow's node changes: selection and sizes are view state; a drag is recorded once, when it stops. */
  applyNodeChanges(changes: NodeChange[]): void;
  applyEdgeChanges(changes: EdgeChange[]): void;
}

/** Applies the changes React Flow reports to the store, since the store, not React Flow, owns the nodes. */
export function createCanvasChanges(store: FlowStateStore, history: EditHistory): CanvasChanges {
  return {
    applyNodeChanges(changes) {
      const state = store.getState();
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
      if (Object.keys(patch).length > 0) history.setQuietly(patch);
      if (positions.size > 0 && state.doc) {
        const doc = state.doc;
        const moved: FlowDocument = {
          ...doc,
          nodes: doc.nodes.map((n) => {
            const p = positions.get(n.id);
            return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: p.x, y: p.y } } : n;
          }),
        };
        history.recordMove(doc, moved, dragging);
      }
    },
    applyEdgeChanges(changes) {
      let selected: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          selected ??= new Set(store.getState().selectedEdges);
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      }
      if (selected) history.setQuietly({ selectedEdges: selected });
    },
  };
}
