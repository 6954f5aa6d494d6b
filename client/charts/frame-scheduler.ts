/**
 * One chart update per animation frame. A delta changes many charts at once; redrawn in the same frame they would
 * add up to one long task (> 50 ms) that stutters the board's scroll. Queued here, each chart draws in a frame of its
 * own, in the order they asked; a chart that asks again before its turn keeps its place and runs its latest update,
 * so the queue never holds more than one update per chart, however many deltas came.
 *
 * On a machine shared with other work a frame can come late: the main thread (or the CPU) was busy. Drawing a chart
 * into that frame stacks its work onto whatever made it late, which is how a 10 ms update ends up inside a 90 ms task.
 * So a late frame is skipped and the update waits for the next one (a few skips at most in a row, so that a machine
 * that is always busy still sees its numbers move).
 */

/** A frame that starts this long after it was asked for means the main thread was busy in between. */
export const LATE_FRAME_MS = 50;
/** After this many skipped frames in a row the update runs anyway. */
export const MAX_SKIPPED_FRAMES = 3;

export interface FrameScheduler {
  /** Runs `update` in a later animation frame, alone in it; a pending update of the same `key` is replaced. */
  schedule: (key: object, update: () => void) => void;
  /** Drops a pending update (the chart was disposed). */
  cancel: (key: object) => void;
  /** Pending updates, for tests. */
  pending: () => number;
  /** Frames skipped because they came late, since the start. */
  skipped: () => number;
}

/**
 * A scheduler over a frame source (requestAnimationFrame in the page; tests pass their own) and a clock on the same
 * time base as the frame's timestamp (performance.now()).
 */
export function createFrameScheduler(
  requestFrame: (run: (frameStart: number) => void) => void,
  now: () => number,
): FrameScheduler {
  const queue = new Map<object, () => void>();
  let scheduled = false;
  let askedAt = 0;
  let skippedInRow = 0;
  let skippedTotal = 0;

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    askedAt = now();
    requestFrame(runOne);
  };

  function runOne(frameStart: number): void {
    scheduled = false;
    if (queue.size === 0) return;
    if (frameStart - askedAt > LATE_FRAME_MS && skippedInRow < MAX_SKIPPED_FRAMES) {
      skippedInRow++;
      skippedTotal++;
      schedule();
      return;
    }
    skippedInRow = 0;
    const [key, update] = queue.entries().next().value as [object, () => void];
    queue.delete(key);
    try {
      update();
    } finally {
      if (queue.size > 0) schedule();
    }
  }

  return {
    schedule: (key, update) => {
      queue.set(key, update);
      schedule();
    },
    cancel: (key) => {
      queue.delete(key);
    },
    pending: () => queue.size,
    skipped: () => skippedTotal,
  };
}

const pageScheduler = createFrameScheduler(
  (run) => requestAnimationFrame(run),
  () => performance.now(),
);

/** The page's scheduler: every wall chart shares it, so no two chart updates share a frame. */
export const scheduleChartUpdate = pageScheduler.schedule;
export const cancelChartUpdate = pageScheduler.cancel;
