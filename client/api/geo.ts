import type { GeoCollection } from '../../shared/schemas/geo.js';
import { getJson } from './http.js';

export function fetchGeo(level: 'town' | 'village' | 'grid', signal?: AbortSignal): Promise<GeoCollection> {
  return getJson<GeoCollection>(`/api/geo?level=${level}`, signal);
}
