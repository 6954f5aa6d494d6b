import type { WallChartOption } from './echarts.js';

type Obj = Record<string, unknown>;

/** Structural equality; functions (formatters) are equal only when they are the same function. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Obj)[k], (b as Obj)[k]));
}

/**
 * What to pass to setOption after `prev` to arrive at `next`: only the components that changed, and of each series
 * only its id, type and the keys that changed — usually just `data`. ECharts merges by series id, so the rest stays
 * as it was. Returns `next` itself when the series cannot be matched by id (first draw, or a different structure).
 * Pure.
 */
export function diffOption(prev: WallChartOption | null, next: WallChartOption): WallChartOption {
  if (!prev) return next;
  const p = prev as Obj;
  const n = next as Obj;
  if (Object.keys(p).some((k) => !(k in n))) return next;
  const out: Obj = {};
  for (const key of Object.keys(n)) {
    if (key === 'series') continue;
    if (!sameValue(p[key], n[key])) out[key] = n[key];
  }
  const ps = p.series as Obj[] | undefined;
  const ns = n.series as Obj[] | undefined;
  if (ns === undefined) return out as WallChartOption;
  if (!Array.isArray(ps) || !Array.isArray(ns) || ps.length !== ns.length) return next;
  const series: Obj[] = [];
  for (let i = 0; i < ns.length; i++) {
    const a = ps[i];
    const b = ns[i];
    if (typeof b.id !== 'string' || a.id !== b.id || a.type !== b.type) return next;
    const changed = Object.keys(b).filter((k) => !sameValue(a[k], b[k]));
    if (Object.keys(a).some((k) => !(k in b))) return next;
    if (changed.length > 0) series.push({ id: b.id, type: b.type, ...Object.fromEntries(changed.map((k) => [k, b[k]])) });
  }
  if (series.length > 0) out.series = series;
  return out as WallChartOption;
}
