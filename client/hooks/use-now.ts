import { useSyncExternalStore } from 'react';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  subscribe: (onChange: () => void) => () => void;
  read: () => number;
}

/**
 * Wall time that ticks every `intervalMs`, shared by every component that asks for the same interval (one timer per
 * interval, not per component). The subscribe function is stable per interval: a new one per render would make React
 * re-subscribe on every render.
 */
const tickers = new Map<number, Ticker>();

function tickerOf(intervalMs: number): Ticker {
  const known = tickers.get(intervalMs);
  if (known) return known;
  const ticker: Ticker = {
    now: Date.now(),
    listeners: new Set(),
    timer: null,
    subscribe: (onChange) => {
      ticker.listeners.add(onChange);
      if (!ticker.timer) {
        ticker.timer = setInterval(() => {
          ticker.now = Date.now();
          for (const l of ticker.listeners) l();
        }, intervalMs);
        // The ticker slept while nobody listened: bring its time up to date once, outside the render.
        if (Date.now() - ticker.now >= intervalMs) {
          queueMicrotask(() => {
            ticker.now = Date.now();
            for (const l of ticker.listeners) l();
          });
        }
      }
      return () => {
        ticker.listeners.delete(onChange);
        if (ticker.listeners.size === 0 && ticker.timer) {
          clearInterval(ticker.timer);
          ticker.timer = null;
        }
      };
    },
    read: () => ticker.now,
  };
  tickers.set(intervalMs, ticker);
  return ticker;
}

export function useNow(intervalMs = 1000): number {
  const ticker = tickerOf(intervalMs);
  return useSyncExternalStore(ticker.subscribe, ticker.read);
}
