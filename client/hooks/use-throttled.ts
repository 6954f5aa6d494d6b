import { useEffect, useRef, useState } from 'react';

/**
 * The value, changed at most once per `intervalMs` (the last value always arrives, at the end of the window).
 * The map uses it so that it redraws at most about once a second however fast deltas and tickets come.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      lastAt.current = Date.now();
      setShown(value);
      return;
    }
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastAt.current = Date.now();
      setShown(latest.current);
    }, wait);
  }, [value, shown, intervalMs]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return shown;
}
