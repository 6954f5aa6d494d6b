import { getJson } from './http.js';
import type { Catalogue } from './bodies.js';

/** Valid categories and grid cells as a client would learn them: from the app's own API. */
export async function fetchCatalogue(port: number): Promise<Catalogue> {
  const categories = await getJson<{ code: string; name: string }[]>(port, '/api/categories');
  const geo = await getJson<{ features: { id: string }[] }>(port, '/api/geo?level=grid');
  return { categories: categories.map((c) => ({ code: c.code, name: c.name })), cellIds: geo.features.map((f) => f.id) };
}
