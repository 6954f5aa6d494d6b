/**
 * One chart update per animation frame. A delta changes many charts at once; redrawn in the same frame they would
 * add up to one long task (> 50 ms) that stutters the board's scroll. Queued here, each chart draws in a frame of its
 * own, in the order they asked; a chart that asks again before its turn keeps its place and runs its latest update.
 */
const queue = new Map<object, () => void>();
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = queue.entries().next();
  if (next.done) return;
  const [key, update] = next.value;
  queue.delete(key);
  try {
    update();
  } finally {
    if (queue.size > 0) schedule();
  }
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(runOne);
}

/** Runs `update` in a later animation frame, alone in it; a pending update of the same `key` is replaced. */
export function scheduleChartUpdate(key: object, update: () => void): void {
  queue.set(key, update);
  schedule();
}

/** Drops a pending update (the chart was disposed). */
export function cancelChartUpdate(key: object): void {
  queue.delete(key);
}
