import type { Mode } from '../../shared/constants.js';
import { getJson } from './http.js';

export interface Health {
  status: string;
  mode: Mode;
  clock: number;
  /** Grid cells of the world (absent from older servers). */
  cells?: number;
}

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>('/api/health', signal);
}
