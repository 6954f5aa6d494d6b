import type { Summary } from '../../shared/schemas/summary.js';
import { getJson } from './http.js';

export function fetchSummary(scope: string, signal?: AbortSignal): Promise<Summary> {
  return getJson<Summary>(`/api/summary?scope=${encodeURIComponent(scope)}`, signal);
}
