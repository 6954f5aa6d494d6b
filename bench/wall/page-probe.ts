/**
 * What the bench runs in the wall's page. Kept as source text, not functions: tsx compiles functions with name
 * helpers (__name) that do not exist in the page, so a serialised function would throw there.
 */
export interface ProbeInterval {
  start: number;
  duration: number;
}

export interface ProbeWindow {
  frames: number;
  since: number;
  now: number;
  longTasks: ProbeInterval[];
  /** Map redraws (setOption to painted). */
  redraws: ProbeInterval[];
  /** Every other chart's update, by chart (gauge, tiers, trend, …). */
  charts: Record<string, ProbeInterval[]>;
}

/**
 * Installed before the page's scripts (addInitScript): counts frames, records long tasks (> 50 ms, the browser's
 * definition) and the map's redraw intervals (EChart's `map:redraw` measures, enabled by window.__moshaoPerf), in
 * window.__wallBench. The page's marks and measures are cleared as they come, so a long run does not pile them up.
 */
export const PROBE_SCRIPT = `(() => {
  window.__moshaoPerf = true;
  const state = { frames: 0, since: performance.now(), longTasks: [], redraws: [], charts: {} };
  window.__wallBench = state;
  const frame = () => { state.frames++; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.name.endsWith(':redraw')) continue;
      const at = { start: e.startTime, duration: e.duration };
      if (e.name === 'map:redraw') state.redraws.push(at);
      else (state.charts[e.name.slice(0, -7)] ??= []).push(at);
    }
    performance.clearMarks();
    performance.clearMeasures();
  }).observe({ type: 'measure', buffered: true });
})();`;

/** Evaluated in the page: the probe's window since the last take, then a new window starts. */
export const TAKE_PROBE = `(() => {
  const s = window.__wallBench;
  const now = performance.now();
  const out = { frames: s.frames, since: s.since, now, longTasks: s.longTasks, redraws: s.redraws, charts: s.charts };
  s.frames = 0; s.since = now; s.longTasks = []; s.redraws = []; s.charts = {};
  return out;
})()`;

export const READ_HEAP = 'performance.memory.usedJSHeapSize';
