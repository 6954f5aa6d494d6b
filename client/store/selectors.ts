import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { CellMeasures } from '../api/cell-measures.js';

/** Grid cells inside a scope. Scope ids nest by prefix (shared/scope.ts), so a prefix match is exact. */
export function cellsOfScope(geo: GeoCollection, scope: string): GeoCollection {
  const features = geo.features.filter((f) => f.id.startsWith(scope));
  return { type: 'FeatureCollection', features };
}

/** What the map colours cells by: open tickets when the server offers per-cell counts, households otherwise. */
export type MapMeasure = 'open' | 'households';

export interface CellValues {
  measure: MapMeasure;
  values: Record<string, number>;
}

export function selectCellValues(cells: GeoCollection, measures: CellMeasures | null): CellValues {
  const values: Record<string, number> = {};
  if (measures) {
    // A cell with no entry has had no tickets: that is a real zero, not a missing value.
    for (const f of cells.features) values[f.id] = measures[f.id]?.open ?? 0;
    return { measure: 'open', values };
  }
  for (const f of cells.features) values[f.id] = f.properties.households;
  return { measure: 'households', values };
}

export const MEASURE_LABELS: Record<MapMeasure, string> = {
  open: '在办事项',
  households: '户数',
};
