import type { Mode } from '../../shared/constants.js';
import { getJson } from './http.js';

export interface Health {
  status: string;
  mode: Mode;
  clock: number;
  /** Grid cells of the world (absent from older servers). */
  cells?: number;
  /** The map geometry's current version per level, for /api/geo?level=…&v=… (absent from older servers). */
  geo?: Partial<Record<'town' | 'village' | 'grid', string>>;
}

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>('/api/health', signal);
}
