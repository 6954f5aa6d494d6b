import { DISTRICT_CODE } from '../shared/constants.js';
import { scopeLevelOf } from '../shared/scope.js';
import { parseRotation } from './rotation/parse-rotation.js';

/**
 * The wall's scope at load from `?scope=<code>`; anything missing or malformed shows the whole district. A rotating
 * wall (`?rotate=`, which wins over `scope`) opens on its first scope.
 */
export function scopeFromSearch(search: string): string {
  const rotation = parseRotation(search);
  if (rotation) return rotation.scopes[0];
  const requested = new URLSearchParams(search).get('scope')?.trim() ?? '';
  return scopeLevelOf(requested) ? requested : DISTRICT_CODE;
}
