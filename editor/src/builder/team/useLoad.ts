import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

export interface Loaded<T> {
  /** null while loading the first time. */
  data: T | null;
  setData: Dispatch<SetStateAction<T | null>>;
  error: string | null;
  reload: () => void;
}

/** Loads once on mount and again on `reload`; an answer that arrives after a newer request started is dropped. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setError(null);
    load().then(
      (d) => mine === seq.current && setData(d),
      (e: unknown) => mine === seq.current && setError(e instanceof Error ? e.message : String(e)),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { data, setData, error, reload };
}
