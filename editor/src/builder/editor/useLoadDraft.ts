import { useEffect, useState } from 'react';
import type { FlowDocument } from '@parley/shared';
import { adminApi } from '../api/admin';
import { loadDocument, resetStore } from '../store/flowStore';

export type DraftLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; doc: FlowDocument; revision: number };

/** Loads the bot's draft into the store (again on `retry`); the store is reset on leaving so another bot starts clean. */
export function useLoadDraft(botId: string): { draft: DraftLoad; retry: () => void } {
  const [draft, setDraft] = useState<DraftLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setDraft({ kind: 'loading' });
    adminApi
      .loadDraft(botId)
      .then((r) => {
        if (!live) return;
        // Marks for profiling how long a large flow takes to open (e2e/perf/open-large-flow.ts reads them).
        performance.mark('parley:draft-fetched');
        loadDocument(botId, r.flow);
        performance.mark('parley:store-loaded');
        setDraft({ kind: 'ready', doc: r.flow, revision: r.revision });
      })
      .catch((err: Error) => live && setDraft({ kind: 'error', message: err.message }));
    return () => {
      live = false;
      resetStore();
    };
  }, [botId, attempt]);
  return { draft, retry: () => setAttempt((a) => a + 1) };
}
