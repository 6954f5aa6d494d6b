import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { CellMeasures } from '../../shared/schemas/summary.js';
import type { MapMeasure } from './ui-slice.js';

/** Grid cells (or outlines) inside a scope. Scope ids nest by prefix (shared/scope.ts), so a prefix match is exact. */
export function cellsOfScope(geo: GeoCollection, scope: string): GeoCollection {
  const features = geo.features.filter((f) => f.id.startsWith(scope));
  return { type: 'FeatureCollection', features };
}

/** A cell's numbers for the tooltip. */
export interface CellDetail {
  open: number;
  overdue: number;
  total: number;
  households: number;
  per1000: number;
}

/** Tickets per 1,000 households, one decimal; a cell without households has no rate (0). */
export function per1000(total: number, households: number): number {
  return households > 0 ? Math.round((total / households) * 10_000) / 10 : 0;
}

/**
 * Each cell's value for the chosen measure and its numbers for the tooltip. A cell with no entry has had no tickets:
 * that is a real zero, not a missing value.
 */
export function selectCellValues(
  cells: GeoCollection,
  measures: CellMeasures | null,
  measure: MapMeasure,
): { values: Record<string, number>; details: Record<string, CellDetail> } {
  const values: Record<string, number> = {};
  const details: Record<string, CellDetail> = {};
  for (const f of cells.features) {
    const m = measures?.[f.id];
    const households = f.properties.households;
    const detail = { open: m?.open ?? 0, overdue: m?.overdue ?? 0, total: m?.total ?? 0, households, per1000: per1000(m?.total ?? 0, households) };
    details[f.id] = detail;
    values[f.id] = detail[measure];
  }
  return { values, details };
}
