import type { StateCreator } from 'zustand';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { CellMeasures } from '../../shared/schemas/summary.js';

export interface GeoSlice {
  /** Grid cells of the whole district (GET /api/geo?level=grid); panels cut out their scope. */
  geo: GeoCollection | null;
  /** Town and village outlines, drawn over the cells. */
  townGeo: GeoCollection | null;
  villageGeo: GeoCollection | null;
  /** Per-cell ticket counts of the scope's cells, pushed with its snapshot and deltas; null until the first snapshot. */
  cellMeasures: CellMeasures | null;
  setGeo: (geo: GeoCollection) => void;
  setOutlines: (level: 'town' | 'village', geo: GeoCollection) => void;
}

export const createGeoSlice: StateCreator<GeoSlice, [], [], GeoSlice> = (set) => ({
  geo: null,
  townGeo: null,
  villageGeo: null,
  cellMeasures: null,
  setGeo: (geo) => set({ geo }),
  setOutlines: (level, geo) => set(level === 'town' ? { townGeo: geo } : { villageGeo: geo }),
});
