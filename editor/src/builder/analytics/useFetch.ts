import { useCallback, useEffect, useRef, useState } from 'react';

export type Fetched<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: string };

/**
 * Runs `load` whenever `key` changes (null: not yet, e.g. the default version is still unknown) and on `retry`. An
 * answer to an older key is dropped and its request aborted, so a fast change of range never shows stale figures.
 */
export function useFetch<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Fetched<T> & { retry: () => void } {
  const [state, setState] = useState<Fetched<T>>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setState({ status: 'loading' });
    latest.current(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ status: 'ready', data }),
      (err: unknown) => !abort.signal.aborted && setState({ status: 'error', error: err instanceof Error ? err.message : String(err) }),
    );
    return () => abort.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
