import type { GeoCollection } from '../../shared/schemas/geo.js';
import { getJson } from './http.js';

/** With `version` (from /api/health) the URL is one the browser caches for good; without, it is revalidated. */
export function fetchGeo(level: 'town' | 'village' | 'grid', signal?: AbortSignal, version?: string): Promise<GeoCollection> {
  return getJson<GeoCollection>(`/api/geo?level=${level}${version ? `&v=${encodeURIComponent(version)}` : ''}`, signal);
}
