/**
 * ECharts (zrender) measures every label it lays out on one hidden canvas of its own. That canvas is never painted,
 * so Chromium never starts a new frame for it, and the text-shaping cache of its context (Blink's FrameShapeCache:
 * one entry of about 1.2 kB per distinct string, evicted only when a painted canvas switches frames) keeps every
 * string ever measured, up to 32,768 of them: about 40 MB. A wall draws ever-new counts, dates and percentages, so
 * over a month that cache fills. The heap-snapshot diff of the wall bench named it (blink::PlainTextNode held by
 * FrameShapeCache, +2.3 MB in 5 minutes). Measuring on a fresh canvas after every MEASURES_PER_CANVAS strings lets
 * the old one, cache and all, be collected; zrender keeps its own bounded cache of widths in front of this, so what
 * reaches here is mostly strings it has not seen lately.
 */
export const MEASURES_PER_CANVAS = 500;
const DEFAULT_FONT = '12px sans-serif';

interface Measurer {
  ctx: CanvasRenderingContext2D | null;
  font: string | null;
  used: number;
}

const measurer: Measurer = { ctx: null, font: null, used: 0 };

/** What zrender's platform API expects: the width (and the browser's other metrics) of `text` in `font`. */
export function measureText(text: string, font?: string): TextMetrics | { width: number } {
  if (!measurer.ctx || measurer.used >= MEASURES_PER_CANVAS) {
    measurer.ctx = document.createElement('canvas').getContext('2d');
    measurer.font = null;
    measurer.used = 0;
  }
  const ctx = measurer.ctx;
  // No 2D context (a browser without canvas): a rough width keeps the layout going instead of throwing.
  if (!ctx) return { width: text.length * 12 };
  measurer.used++;
  const wanted = font || DEFAULT_FONT;
  // Setting ctx.font parses CSS: only when it changes.
  if (measurer.font !== wanted) {
    ctx.font = wanted;
    measurer.font = wanted;
  }
  return ctx.measureText(text);
}

/** How many strings the current canvas has measured, for tests. */
export function measuredOnCurrentCanvas(): number {
  return measurer.used;
}
