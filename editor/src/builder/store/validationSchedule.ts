import { validate, type FlowDocument } from '@parley/shared';
import type { EditHistory } from './editHistory';
import type { FlowStateStore } from './flowState';

/** Wait for a pause in typing before checking the flow again. */
export const VALIDATION_DELAY_MS = 30;
/** Large flows take a few milliseconds to check, so they wait for a longer pause. */
export const LARGE_FLOW_DELAY_MS = 250;
export const LARGE_FLOW_NODES = 300;

export interface ValidationSchedule {
  /** Checks the document now and publishes its diagnostics. */
  runValidation(): void;
  /** Checks a newly loaded document just after the first paint: a large flow is on screen sooner, and its badges follow a moment later. */
  validateAfterFirstPaint(): void;
  /** Drops any pending check and what was last checked. */
  cancel(): void;
}

/** Positions do not change any diagnostic, so a drag never re-validates. */
export function sameSemantics(a: FlowDocument, b: FlowDocument): boolean {
  if (a.edges !== b.edges || a.variables !== b.variables || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x !== y && (x.id !== y.id || x.type !== y.type || x.data !== y.data)) return false;
  }
  return true;
}

/** Keeps `diagnostics` in step with the document, debounced; the pending timer lives in this closure, one per store. */
export function createValidationSchedule(store: FlowStateStore, history: EditHistory): ValidationSchedule {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let validatedDoc: FlowDocument | null = null;

  function clear() {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function runValidation() {
    clear();
    const { doc } = store.getState();
    validatedDoc = doc;
    history.setQuietly({ diagnostics: doc ? validate(doc).diagnostics : [] });
  }

  function runAfter(ms: number) {
    clear();
    timer = setTimeout(runValidation, ms);
  }

  store.subscribe((state, prev) => {
    if (state.doc === prev.doc || !state.doc) return;
    if (validatedDoc && sameSemantics(validatedDoc, state.doc)) {
      validatedDoc = state.doc;
      return;
    }
    runAfter(state.doc.nodes.length > LARGE_FLOW_NODES ? LARGE_FLOW_DELAY_MS : VALIDATION_DELAY_MS);
  });

  return {
    runValidation,
    validateAfterFirstPaint() {
      runAfter(0);
      if (typeof requestAnimationFrame !== 'function') return;
      const scheduled = timer;
      requestAnimationFrame(() => {
        // A newer edit or load has taken over the schedule.
        if (timer !== scheduled) return;
        runAfter(0);
      });
    },
    cancel() {
      clear();
      validatedDoc = null;
    },
  };
}
