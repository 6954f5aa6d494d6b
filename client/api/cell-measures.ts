import type { CellMeasures } from '../../shared/schemas/summary.js';
import { getJson } from './http.js';

/** Ticket counts of one grid cell, as GET /api/cells/measures returns them per grid id. */
export type { CellMeasure, CellMeasures } from '../../shared/schemas/summary.js';

export const CELL_MEASURES_PATH = '/api/cells/measures';

/** The per-cell counts of every grid cell (the route is always there; a failure is the caller's to show). */
export const fetchCellMeasures = (signal?: AbortSignal): Promise<CellMeasures> => getJson<CellMeasures>(CELL_MEASURES_PATH, signal);
