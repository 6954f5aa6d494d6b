import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface ApiState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Loads again, keeping the current data on screen until the answer comes (no flash on live refreshes). */
  reload: () => void;
}

/**
 * Loads once per change of `deps`, aborting the previous request. Errors are kept for the page to show (a 401 has
 * already sent the user to the login page by then: api/http.ts).
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  // A change of deps is another resource: forget the old one at once rather than show it under the new title.
  useEffect(() => {
    setData(null);
    setError(null);
  }, deps);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Runs a write for a form or a button: keeps its error for display, and calls `after` (a reload) when it succeeds. */
export function useAction(after: () => void): { error: Error | null; run: (work: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<Error | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      after();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return { error, run };
}
