/**
 * Counts animation frames, for the health report and the bench. requestAnimationFrame is what the browser paints
 * with, so frames per second here are what the wall shows (a hidden tab reports ~0, which is true too).
 */
export interface FpsMeter {
  /** Mean frames per second since the last call (or start), then starts a new window. */
  take: () => number;
  stop: () => void;
}

export function startFpsMeter(now: () => number = () => performance.now()): FpsMeter {
  let frames = 0;
  let since = now();
  let handle = 0;
  const raf = globalThis.requestAnimationFrame;
  if (typeof raf !== 'function') return { take: () => 0, stop: () => undefined };
  const tick = (): void => {
    frames++;
    handle = raf(tick);
  };
  handle = raf(tick);
  return {
    take: () => {
      const t = now();
      const fps = t > since ? (frames * 1000) / (t - since) : 0;
      frames = 0;
      since = t;
      return fps;
    },
    stop: () => globalThis.cancelAnimationFrame(handle),
  };
}
