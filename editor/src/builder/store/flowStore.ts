import type { FlowDocument } from '@parley/shared';
import { createCanvasChanges } from './canvasChanges';
import { createClipboard } from './clipboard';
import { createDocumentCommands } from './documentCommands';
import { createEditHistory } from './editHistory';
import { createFlowState, initialState } from './flowState';
import { createSelection } from './selection';
import { createValidationSchedule } from './validationSchedule';
import { createVariableCommands } from './variableCommands';

export { DEFAULT_DIM, type Dim, type FlowState } from './flowState';
export { connectedOutlets, firstFreeOutlet, nodeById, nodeIndex, outletsOf, problemsByNode, type NodeProblems } from './lookups';
export { newStepNode } from './documentCommands';

/**
 * The builder's store: one flow document with its undo history, selection and diagnostics, and the
 * commands that change them. Every piece of session state (the drag or run of keystrokes under way,
 * the pending validation, the paste count) lives in closures made here, so a fresh call is a fresh editor.
 */
export function createFlowStore() {
  const useFlowStore = createFlowState();
  const history = createEditHistory(useFlowStore);
  const selection = createSelection(useFlowStore, history);
  const validation = createValidationSchedule(useFlowStore, history);

  return {
    useFlowStore,
    /** Opens a document: a new history, no selection, and its diagnostics just after it is drawn. */
    loadDocument(botId: string, doc: FlowDocument) {
      useFlowStore.setState({ ...initialState(), botId, doc });
      history.reset();
      validation.validateAfterFirstPaint();
    },
    /** Back to no document, so another bot (or the next test) starts clean. */
    resetStore() {
      validation.cancel();
      useFlowStore.setState(initialState());
      history.reset();
    },
    undo: history.undo,
    redo: history.redo,
    breakCoalescing: history.breakCoalescing,
    endDrag: history.endDrag,
    runValidation: validation.runValidation,
    ...selection,
    ...createCanvasChanges(useFlowStore, history),
    ...createDocumentCommands(useFlowStore, history, selection),
    ...createVariableCommands(useFlowStore, history),
    ...createClipboard(useFlowStore, history, selection),
  };
}

export type FlowStore = ReturnType<typeof createFlowStore>;

/** The one store the builder app uses. */
export const flowStore: FlowStore = createFlowStore();

export const {
  useFlowStore,
  loadDocument,
  resetStore,
  undo,
  redo,
  breakCoalescing,
  endDrag,
  runValidation,
  setSelection,
  focusNode,
  setPreviewNode,
  applyNodeChanges,
  applyEdgeChanges,
  replaceDocument,
  updateNodeData,
  updateDocument,
  connect,
  deleteElements,
  deleteSelection,
  dimOf,
  addStep,
  addStepAfter,
  tidyUp,
  renameVariable,
  upsertVariable,
  removeVariable,
  copySelection,
  paste,
} = flowStore;
