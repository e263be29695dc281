import { create } from 'zustand';
import { temporal } from 'zundo';
import type { Diagnostic, FlowDocument } from '@parley/shared';

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

export const EMPTY_SET: ReadonlySet<string> = new Set();

export const initialState = (): FlowState => ({
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

export const HISTORY_LIMIT = 200;

/** Only the document is history: selection, sizes and diagnostics follow from it or from the view. */
export function createFlowState() {
  return create<FlowState>()(
    temporal(() => initialState(), {
      partialize: (s) => ({ doc: s.doc }),
      equality: (a, b) => a.doc === b.doc,
      limit: HISTORY_LIMIT,
    }),
  );
}

/** The zustand hook with its undo history (`.temporal`); every command module is built over one. */
export type FlowStateStore = ReturnType<typeof createFlowState>;
