import type { CellMeasures } from '../../shared/schemas/summary.js';
import { getJson, HttpError } from './http.js';

/** Ticket counts of one grid cell, as GET /api/cells/measures returns them per grid id. */
export type { CellMeasure, CellMeasures } from '../../shared/schemas/summary.js';

export const CELL_MEASURES_PATH = '/api/cells/measures';

/**
 * The per-cell counts, or null when the server does not offer them (404): the map then colours cells by households,
 * which every server has in its geo.
 */
export async function fetchCellMeasures(signal?: AbortSignal): Promise<CellMeasures | null> {
  try {
    return await getJson<CellMeasures>(CELL_MEASURES_PATH, signal);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return null;
    throw err;
  }
}
