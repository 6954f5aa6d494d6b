import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The event loop's worst delay (ms) as perf_hooks sees it at 10 ms resolution: what a stall of the server costs. */
export function watchStalls(): { worstMs: () => number; reset: () => void; stop: () => void } {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return { worstMs: () => h.max / 1e6, reset: () => h.reset(), stop: () => h.disable() };
}

/**
 * The baseline of a stall figure, in the same process and run: the worst delay of an idle loop over `ms`, i.e. what
 * the machine's other work and the timer's resolution alone cost before the measured code runs.
 */
export async function idleStallMs(ms = 2_000): Promise<number> {
  const w = watchStalls();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const worst = w.worstMs();
  w.stop();
  return worst;
}
