import { DISTRICT_CODE } from '../shared/constants.js';
import { scopeLevelOf } from '../shared/scope.js';

/** The wall's scope from `?scope=<code>`; anything missing or malformed shows the whole district. */
export function scopeFromSearch(search: string): string {
  const requested = new URLSearchParams(search).get('scope')?.trim() ?? '';
  return scopeLevelOf(requested) ? requested : DISTRICT_CODE;
}
