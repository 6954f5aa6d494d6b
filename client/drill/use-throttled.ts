import { useCallback, useEffect, useRef } from 'react';

/**
 * A function that runs `fn` at most once per `intervalMs`, the last call winning (trailing edge): live pages refetch
 * lists when the scope's tickets change, and a busy replay changes them many times a second.
 */
export function useThrottled(fn: () => void, intervalMs: number): () => void {
  const fnRef = useRef(fn);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRun = useRef(0);
  useEffect(() => {
    fnRef.current = fn;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, lastRun.current + intervalMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRun.current = Date.now();
      fnRef.current();
    }, wait);
  }, [intervalMs]);
}
