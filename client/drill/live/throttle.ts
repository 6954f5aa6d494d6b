import { useEffect, useMemo, useRef } from 'react';

/**
 * `fn` at most once every `ms`: a call inside the window runs once when the window ends (however many calls came),
 * so the last change is never lost. The window starts at creation: the page has just loaded what `fn` reloads.
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): { call: () => void; cancel: () => void } {
  let last = now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  return {
    call: () => {
      if (timer) return;
      const wait = last + ms - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** A throttled `fn` for a component: the latest `fn` runs, and a pending run is dropped on unmount. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const t = useMemo(() => throttle(() => fnRef.current(), ms), [ms]);
  useEffect(() => () => t.cancel(), [t]);
  return t.call;
}
