import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowDocument } from '@parley/shared';
import { adminApi } from '../api/admin';
import { ApiError } from '../api/client';
import { apiErrorText } from '../i18n/apiErrorText';
import i18n from 'i18next';
import { loadDocument, useFlowStore } from '../store/flowStore';

export type SaveStatus = { kind: 'saved' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'error'; message: string } | { kind: 'conflict' };

export const AUTOSAVE_MS = 800;

/**
 * Saves the draft a moment after the last change, with the revision it started from so a save made
 * elsewhere in between is a conflict for the admin to resolve, never a silent overwrite.
 */
export function useAutosave(botId: string, initial: { doc: FlowDocument; revision: number }) {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' });
  const ref = useRef({
    revision: initial.revision,
    saved: initial.doc as FlowDocument | null,
    timer: null as ReturnType<typeof setTimeout> | null,
    inFlight: null as Promise<boolean> | null,
    conflict: false,
    /** The newest document seen, so leaving the editor can still send it after the store is reset. */
    latest: initial.doc as FlowDocument,
  });

  const save = useCallback(
    async (force = false): Promise<boolean> => {
      const s = ref.current;
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
      if (s.inFlight) await s.inFlight;
      const doc = useFlowStore.getState().doc;
      if (!doc || (doc === s.saved && !force)) return true;
      if (s.conflict && !force) return false;
      const run = (async () => {
        setStatus({ kind: 'saving' });
        try {
          const r = await adminApi.saveDraft(botId, doc, s.revision, force);
          s.revision = r.revision;
          s.saved = doc;
          s.conflict = false;
          const now = useFlowStore.getState().doc;
          if (now !== doc) {
            setStatus({ kind: 'dirty' });
            schedule();
          } else setStatus({ kind: 'saved' });
          return true;
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) {
            s.conflict = true;
            setStatus({ kind: 'conflict' });
          } else {
            setStatus({ kind: 'error', message: apiErrorText(err, i18n.t) });
          }
          return false;
        }
      })();
      s.inFlight = run;
      try {
        return await run;
      } finally {
        s.inFlight = null;
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [botId],
  );

  const schedule = useCallback(() => {
    const s = ref.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => void save(), AUTOSAVE_MS);
  }, [save]);

  useEffect(
    () =>
      useFlowStore.subscribe((state, prev) => {
        if (state.doc === prev.doc || !state.doc) return;
        const s = ref.current;
        s.latest = state.doc;
        if (state.doc === s.saved) {
          // Undo back to what is saved: nothing to do.
          if (s.timer) clearTimeout(s.timer);
          if (!s.inFlight && !s.conflict) setStatus({ kind: 'saved' });
          return;
        }
        if (s.conflict) return;
        setStatus((st) => (st.kind === 'saving' ? st : { kind: 'dirty' }));
        schedule();
      }),
    [schedule],
  );

  // Leaving by the browser's back button unmounts the editor before the autosave fires: send what is pending.
  useEffect(
    () => () => {
      const s = ref.current;
      if (s.timer) clearTimeout(s.timer);
      if (s.latest !== s.saved && !s.conflict && !s.inFlight) void adminApi.saveDraft(botId, s.latest, s.revision).catch(() => undefined);
    },
    [botId],
  );

  const unsaved = status.kind !== 'saved';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const reload = useCallback(async () => {
    const draft = await adminApi.loadDraft(botId);
    const s = ref.current;
    s.revision = draft.revision;
    s.saved = draft.flow;
    s.conflict = false;
    loadDocument(botId, draft.flow);
    setStatus({ kind: 'saved' });
  }, [botId]);

  return { status, save, reload, overwrite: () => save(true) };
}
