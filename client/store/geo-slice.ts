import type { StateCreator } from 'zustand';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { CellMeasures } from '../api/cell-measures.js';
import type { WallState } from './wall-store.js';

export interface GeoSlice {
  /** Grid cells of the whole district (GET /api/geo?level=grid); panels cut out their scope. */
  geo: GeoCollection | null;
  /** Per-cell ticket counts; null while unknown or when the server has no such endpoint (the map then shows households). */
  cellMeasures: CellMeasures | null;
  setGeo: (geo: GeoCollection) => void;
  setCellMeasures: (measures: CellMeasures | null) => void;
}

export const createGeoSlice: StateCreator<WallState, [], [], GeoSlice> = (set) => ({
  geo: null,
  cellMeasures: null,
  setGeo: (geo) => set({ geo }),
  setCellMeasures: (cellMeasures) => set({ cellMeasures }),
});
