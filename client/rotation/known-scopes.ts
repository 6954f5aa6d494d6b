import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';
import type { WallState } from '../store/index.js';

type Outlines = Pick<WallState, 'townGeo' | 'villageGeo' | 'geo'>;

/** The outlines that name a scope of this form; the district is always there. */
function collectionOf(scope: string, outlines: Outlines) {
  const level = scopeLevelOf(scope);
  return level === 'town' ? outlines.townGeo : level === 'village' ? outlines.villageGeo : level === 'grid' ? outlines.geo : null;
}

/** Whether the world has this scope: true, false, or null while its outlines are still loading. Pure. */
export function scopeKnown(scope: string, outlines: Outlines): boolean | null {
  if (scope === DISTRICT_CODE) return true;
  const collection = collectionOf(scope, outlines);
  if (!collection) return null;
  return collection.features.some((f) => f.id === scope);
}

/** The scope's display name from the outlines (居委会/村委会 kept: the about box names them in full), or null. */
export function scopeName(scope: string, outlines: Outlines): string | null {
  return collectionOf(scope, outlines)?.features.find((f) => f.id === scope)?.properties.name ?? null;
}
