import type { FlowDocument } from '@parley/shared';
import { HISTORY_LIMIT, type FlowState, type FlowStateStore } from './flowState';

/** Keystrokes in one field closer together than this are one undo step. */
export const COALESCE_MS = 1500;

export interface EditHistory {
  /** Sets state; a changed document is one undo step. */
  record(patch: Partial<FlowState>): void;
  /** Sets state without recording an undo step. */
  setQuietly(patch: Partial<FlowState>): void;
  /** Sets the document, merging it into the previous step while the same `key` keeps being edited. */
  recordCoalesced(doc: FlowDocument, key: string | undefined): void;
  /** Ends a run of coalesced keystrokes, so the next edit of the same field is its own undo step. */
  breakCoalescing(): void;
  /** Moves nodes; a drag is one step, recorded when it stops, from where it started. */
  recordMove(before: FlowDocument, after: FlowDocument, stillDragging: boolean): void;
  /** Records the drag under way, if any, as one step. */
  endDrag(): void;
  undo(): void;
  redo(): void;
  /** Forgets every step and any edit or drag under way: a newly loaded document starts a new history. */
  reset(): void;
}

/** Undo history of the document. The run of keystrokes and the drag under way live in this closure, one per store. */
export function createEditHistory(store: FlowStateStore, now: () => number = Date.now): EditHistory {
  const temporal = () => store.temporal.getState();
  let coalescing: { key: string; at: number } | null = null;
  let dragStart: FlowDocument | null = null;

  const record = (patch: Partial<FlowState>) => store.setState(patch);

  function setQuietly(patch: Partial<FlowState>) {
    const wasTracking = temporal().isTracking;
    if (wasTracking) temporal().pause();
    store.setState(patch);
    if (wasTracking) temporal().resume();
  }

  function push(doc: FlowDocument) {
    store.temporal.setState((s) => ({ pastStates: [...s.pastStates, { doc }].slice(-HISTORY_LIMIT), futureStates: [] }));
  }

  function breakCoalescing() {
    coalescing = null;
  }

  function endDrag() {
    const start = dragStart;
    dragStart = null;
    const { doc } = store.getState();
    if (start && doc && start !== doc) push(start);
  }

  return {
    record,
    setQuietly,
    recordCoalesced(doc, key) {
      const at = now();
      if (key && coalescing && coalescing.key === key && at - coalescing.at < COALESCE_MS) setQuietly({ doc });
      else record({ doc });
      coalescing = key ? { key, at } : null;
    },
    breakCoalescing,
    recordMove(before, after, stillDragging) {
      if (stillDragging) {
        dragStart ??= before;
        setQuietly({ doc: after });
      } else if (dragStart) {
        setQuietly({ doc: after });
        endDrag();
      } else {
        record({ doc: after });
      }
    },
    endDrag,
    undo() {
      breakCoalescing();
      temporal().undo();
    },
    redo() {
      breakCoalescing();
      temporal().redo();
    },
    reset() {
      coalescing = null;
      dragStart = null;
      temporal().clear();
    },
  };
}
