import { useEffect, useRef } from 'react';
import { echarts, type WallChartOption } from './echarts.js';
import { fontsSettled, whenFontsReady } from './fonts.js';
import { cancelChartUpdate, scheduleChartUpdate } from './frame-scheduler.js';
import { diffOption } from './option-diff.js';

/** What a click on a chart reports: the data item's name (for the map: the cell id) and its series. */
export interface ChartClick {
  name: string;
  seriesId?: string;
  componentType: string;
}

interface EChartProps {
  option: WallChartOption;
  /** Read by screen readers and by the browser test to find the chart. */
  label: string;
  className?: string;
  onClick?: (click: ChartClick) => void;
  /**
   * Names performance measures of this chart's redraws (`<name>:redraw`), only when the page opts in with
   * `window.__moshaoPerf = true` (the bench does): the bench then tells map redraws from other long tasks.
   */
  perfName?: string;
  /** At most one update per this interval (the latest option wins). Default CHART_MIN_INTERVAL_MS. */
  minIntervalMs?: number;
  /**
   * Draw at once, before the web fonts are in, and draw everything again when they are (the map: its coloured cells are
   * what a wall is read for, its few labels can show the fallback font for a moment). Other charts wait for the fonts.
   */
  drawBeforeFonts?: boolean;
}

/**
 * Deltas come every 250 ms; nobody reads a chart 4 times a second from across a room (the headline counters, plain
 * DOM, do follow every delta). Updating each chart at most once a second quarters the canvas work, and a per-chart
 * offset spreads the charts over different frames instead of redrawing them all after each delta.
 */
export const CHART_MIN_INTERVAL_MS = 1_000;
const CHART_SPREAD_MS = 150;

declare global {
  interface Window {
    __moshaoPerf?: boolean;
  }
}

/**
 * The one ECharts wrapper: creates the chart once, updates it in place, resizes it with its box and disposes it.
 *
 * The chart's div is absolutely positioned to fill its panel body (see .echart in the CSS). In a CSS grid a canvas in
 * normal flow feeds its own size back into the track size, so every resize would grow the track a little; taken out of
 * flow, the grid alone decides the size and the chart follows it.
 */
export function EChart({ option, label, className, onClick, perfName, minIntervalMs = CHART_MIN_INTERVAL_MS, drawBeforeFonts = false }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  // The latest option, for the first draw once fonts are ready (the option may have changed while we waited).
  const optionRef = useRef(option);
  // The option the chart has now, to send only what changed (usually the series' data).
  const sentRef = useRef<WallChartOption | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const perfRef = useRef<{ name: string; startedAt: number | null } | null>(null);
  const pacing = useRef({ appliedAt: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined, offsetMs: Math.random() * CHART_SPREAD_MS });

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let disposed = false;
    let observer: ResizeObserver | null = null;

    const create = (): void => {
      if (disposed) return;
      // The real pixel size and density: on a 4K or LED wall the canvas is drawn at native resolution, not scaled up.
      const chart = echarts.init(el, null, {
        renderer: 'canvas',
        devicePixelRatio: window.devicePixelRatio || 1,
        width: Math.max(1, el.clientWidth),
        height: Math.max(1, el.clientHeight),
      });
      if (perfName && typeof window !== 'undefined' && window.__moshaoPerf) {
        perfRef.current = { name: perfName, startedAt: null };
        chart.on('rendered', () => {
          const perf = perfRef.current;
          if (perf?.startedAt == null) return;
          performance.measure(`${perf.name}:redraw`, { start: perf.startedAt, end: performance.now() });
          perf.startedAt = null;
        });
      }
      chart.on('click', (params) => {
        const p = params as { name?: unknown; seriesId?: unknown; componentType?: unknown };
        if (typeof p.name !== 'string') return;
        clickRef.current?.({
          name: p.name,
          seriesId: typeof p.seriesId === 'string' ? p.seriesId : undefined,
          componentType: String(p.componentType),
        });
      });
      markUpdate(perfRef.current);
      chart.setOption(optionRef.current);
      sentRef.current = optionRef.current;
      pacing.current.appliedAt = Date.now();
      chartRef.current = chart;
      observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (!box || box.width < 1 || box.height < 1) return;
        // Explicit sizes: a chart created with a width keeps it on a bare resize().
        chart.resize({ width: Math.round(box.width), height: Math.round(box.height) });
      });
      observer.observe(el);
    };
    if (drawBeforeFonts && !fontsSettled()) {
      create();
      void whenFontsReady().then(() => {
        const chart = chartRef.current;
        // Canvas text keeps the glyphs it was drawn with: everything again, from scratch, with the faces now in.
        if (!disposed && chart && sentRef.current) chart.setOption(sentRef.current, { notMerge: true });
      });
    } else {
      void whenFontsReady().then(create);
    }

    return () => {
      disposed = true;
      clearTimeout(pacing.current.timer);
      cancelChartUpdate(pacing.current);
      observer?.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
    // The chart is created once per mount; perfName and drawBeforeFonts are fixed per panel.
  }, []);

  useEffect(() => {
    optionRef.current = option;
    const p = pacing.current;
    if (!chartRef.current || p.timer) return;
    const draw = (): void => {
      const chart = chartRef.current;
      if (!chart || chart.isDisposed()) return;
      p.appliedAt = Date.now();
      // Data-only where possible: series have stable ids, so a merge of just what changed updates them in place.
      // Drawn now, in a frame of our own (frame-scheduler.ts), not in zrender's next frame with every other chart.
      const next = optionRef.current;
      const change = diffOption(sentRef.current, next);
      sentRef.current = next;
      // Nothing on screen changed (a rate moved in a digit the gauge does not show): setOption({}) would still run
      // ECharts' whole update and repaint the canvas.
      if (Object.keys(change).length === 0) return;
      markUpdate(perfRef.current);
      chart.setOption(change);
      chart.getZr().flush();
    };
    const apply = (): void => {
      p.timer = undefined;
      scheduleChartUpdate(p, draw);
    };
    const wait = Math.max(0, p.appliedAt + minIntervalMs - Date.now()) + p.offsetMs;
    p.timer = setTimeout(apply, wait);
  }, [option, minIntervalMs]);

  return <div ref={containerRef} className={className ? `echart ${className}` : 'echart'} role="img" aria-label={label} />;
}

function markUpdate(perf: { name: string; startedAt: number | null } | null): void {
  if (perf) perf.startedAt ??= performance.now();
}
