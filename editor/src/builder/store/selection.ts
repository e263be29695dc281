import type { EditHistory } from './editHistory';
import { EMPTY_SET, type FlowStateStore } from './flowState';

export interface Selection {
  setSelection(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  /** Selects a node and asks the canvas to bring it into view. */
  focusNode(nodeId: string): void;
  setPreviewNode(nodeId: string | null): void;
}

/** What the admin is looking at. View state: never an undo step, so redo brings a step back still selected. */
export function createSelection(store: FlowStateStore, history: EditHistory): Selection {
  return {
    setSelection(nodeIds, edgeIds = []) {
      history.setQuietly({ selectedNodes: new Set(nodeIds), selectedEdges: new Set(edgeIds) });
    },
    focusNode(nodeId) {
      history.setQuietly({ selectedNodes: new Set([nodeId]), selectedEdges: EMPTY_SET, focus: { nodeId, seq: (store.getState().focus?.seq ?? 0) + 1 } });
    },
    setPreviewNode(nodeId) {
      if (store.getState().previewNodeId !== nodeId) history.setQuietly({ previewNodeId: nodeId });
    },
  };
}
