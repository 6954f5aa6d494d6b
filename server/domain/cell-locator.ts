/**
 * Which grid cell contains a point: a uniform grid index over the cells' bounding boxes, then an exact
 * point-in-polygon test on the few candidates. Answers in about a microsecond for the 325 cells.
 */
// From @turf/turf (a declared dependency) rather than its hoisted sub-package.
import { booleanPointInPolygon } from '@turf/turf';
import type { Geometry } from '../../shared/schemas/geo.js';

export type CellLocator = (lng: number, lat: number) => string | null;

interface Entry {
  id: string;
  geometry: Geometry;
  bbox: [number, number, number, number];
}

/** Index resolution: about 4 buckets per cell on each axis keeps candidate lists to one or two cells. */
const BUCKETS_PER_AXIS = 64;

function bboxOf(g: Geometry): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    for (const [x, y] of poly[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return [x0, y0, x1, y1];
}

export function createCellLocator(cells: readonly { id: string; geometry: Geometry }[]): CellLocator {
  const entries: Entry[] = cells.map((c) => ({ id: c.id, geometry: c.geometry, bbox: bboxOf(c.geometry) }));
  if (entries.length === 0) return () => null;
  const x0 = Math.min(...entries.map((e) => e.bbox[0]));
  const y0 = Math.min(...entries.map((e) => e.bbox[1]));
  const x1 = Math.max(...entries.map((e) => e.bbox[2]));
  const y1 = Math.max(...entries.map((e) => e.bbox[3]));
  const n = BUCKETS_PER_AXIS;
  const sx = (x1 - x0) / n || 1;
  const sy = (y1 - y0) / n || 1;
  const col = (x: number): number => Math.min(n - 1, Math.max(0, Math.floor((x - x0) / sx)));
  const row = (y: number): number => Math.min(n - 1, Math.max(0, Math.floor((y - y0) / sy)));
  const grid: Entry[][] = Array.from({ length: n * n }, () => []);
  for (const e of entries) {
    for (let i = col(e.bbox[0]); i <= col(e.bbox[2]); i++) {
      for (let j = row(e.bbox[1]); j <= row(e.bbox[3]); j++) grid[j * n + i].push(e);
    }
  }

  return (lng, lat) => {
    if (!(lng >= x0 && lng <= x1 && lat >= y0 && lat <= y1)) return null;
    for (const e of grid[row(lat) * n + col(lng)]) {
      const [bx0, by0, bx1, by1] = e.bbox;
      if (lng < bx0 || lng > bx1 || lat < by0 || lat > by1) continue;
      // Points exactly on a shared border go to the first cell listed, which keeps the answer deterministic.
      if (booleanPointInPolygon([lng, lat], e.geometry)) return e.id;
    }
    return null;
  };
}
