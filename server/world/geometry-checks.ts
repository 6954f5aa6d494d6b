import { area, bbox, feature, featureCollection, intersect, kinks, pointOnFeature } from '@turf/turf';
import type { Geometry, Position } from '../../shared/schemas/geo.js';

/*
 * Geometry checks of imported grid cells, pure. Tolerances are shares of a cell's area, because a district's
 * surveyed cell boundaries and our division outlines are drawn at different precisions: a sliver along a border is
 * not a mistake, a cell half in the next town is.
 */

/** A cell may lie outside its town (and so the district) by at most this share of its area. */
export const OUTSIDE_TOLERANCE = 0.01;
/** Two cells may overlap by at most this share of the smaller one's area. */
export const OVERLAP_TOLERANCE = 0.01;

type Polygonal = Geometry;

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Problems of one ring: shape, closure, WGS84 range. Empty when the ring is fine. */
function ringProblems(ring: unknown, where: string): string[] {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return [`${where}: not a list of [longitude, latitude] positions`];
  if (ring.length < 4) return [`${where}: a ring needs at least 4 positions (the first repeated last), has ${ring.length}`];
  const first = ring[0];
  const last = ring[ring.length - 1];
  const out: string[] = [];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push(`${where}: ring is not closed (its last position differs from its first)`);
  if (ring.some(([lng, lat]) => lng < -180 || lng > 180 || lat < -90 || lat > 90)) {
    out.push(`${where}: coordinates are not WGS84 longitude/latitude (projected? export in EPSG:4326)`);
  }
  return out;
}

/**
 * Checks a GeoJSON geometry of a cell: a Polygon or MultiPolygon of closed WGS84 rings with no self-intersection.
 * Returns the problems (phrases without the cell's place) and the geometry when it can be used for area checks.
 */
export function checkCellGeometry(geometry: unknown): { problems: string[]; polygon: Polygonal | null } {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    return { problems: ['geometry must be a Polygon or MultiPolygon'], polygon: null };
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const problems: string[] = [];
  polygons.forEach((rings, pi) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      problems.push(`polygon ${pi + 1}: has no rings`);
      return;
    }
    rings.forEach((ring, ri) => {
      const where = `${polygons.length > 1 ? `polygon ${pi + 1} ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
      problems.push(...ringProblems(ring, where));
    });
  });
  if (problems.length > 0) return { problems, polygon: null };
  const polygon = g as Polygonal;
  // Part by part: the parts of a MultiPolygon may touch at a point (a cell cut by a road), which is no self-intersection.
  const parts = polygon.type === 'Polygon' ? [polygon.coordinates] : polygon.coordinates;
  const kinked = parts.findIndex((rings) => kinks(feature({ type: 'Polygon', coordinates: rings })).features.length > 0);
  if (kinked >= 0) return { problems: [`${parts.length > 1 ? `polygon ${kinked + 1}: ` : ''}ring self-intersects`], polygon: null };
  if (area(polygon) <= 0) return { problems: ['has no area'], polygon: null };
  return { problems, polygon };
}

/** Area of a ∩ b in m² (0 when they do not meet). */
export function overlapArea(a: Polygonal, b: Polygonal): number {
  const [ax0, ay0, ax1, ay1] = bbox(a);
  const [bx0, by0, bx1, by1] = bbox(b);
  if (ax1 < bx0 || bx1 < ax0 || ay1 < by0 || by1 < ay0) return 0;
  const both = intersect(featureCollection([feature(a), feature(b)]));
  return both ? area(both) : 0;
}

/** How much of `cell` lies outside `container`, as a share of the cell's area (0..1). */
export function shareOutside(cell: Polygonal, container: Polygonal): number {
  const a = area(cell);
  return Math.max(0, 1 - overlapArea(cell, container) / a);
}

/** Pairs of cells (indexes) that overlap beyond OVERLAP_TOLERANCE, with the overlap's share of the smaller cell. */
export function overlappingPairs(cells: readonly Polygonal[]): { a: number; b: number; share: number }[] {
  const boxes = cells.map((c) => bbox(c));
  const areas = cells.map((c) => area(c));
  const out: { a: number; b: number; share: number }[] = [];
  // Sorted by west edge, a cell is compared only with those that start before it ends: neighbours, not all pairs.
  const order = cells.map((_, i) => i).sort((i, j) => boxes[i][0] - boxes[j][0]);
  for (let x = 0; x < order.length; x++) {
    const i = order[x];
    for (let y = x + 1; y < order.length && boxes[order[y]][0] <= boxes[i][2]; y++) {
      const j = order[y];
      if (boxes[j][1] > boxes[i][3] || boxes[i][1] > boxes[j][3]) continue;
      const share = overlapArea(cells[i], cells[j]) / Math.min(areas[i], areas[j]);
      if (share > OVERLAP_TOLERANCE) out.push({ a: Math.min(i, j), b: Math.max(i, j), share });
    }
  }
  return out.sort((p, q) => p.a - q.a || p.b - q.b);
}

/** km², rounded to 0.001 (what grid_cells.area_km2 keeps). */
export const areaKm2 = (g: Polygonal): number => Math.round(area(g) / 1000) / 1000;

/** A point inside the cell (tickets filed by cell id are placed there), to 6 decimals. */
export function interiorPoint(g: Polygonal): Position {
  const [lng, lat] = pointOnFeature(feature(g)).geometry.coordinates;
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
