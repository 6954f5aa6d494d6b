import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';

/** The child of `scope` that contains a grid cell: what a click on that cell in the scope's map drills into. */
export function childOfCell(scope: string, cellId: string): string | null {
  if (!cellId.startsWith(scope)) return null;
  switch (scopeLevelOf(scope)) {
    case 'district':
      return cellId.slice(0, 9);
    case 'town':
      return cellId.slice(0, 12);
    case 'village':
      return cellId;
    default:
      return null;
  }
}

/** The scope and its ancestors, widest first: 321171, 321171001, 321171001002, 321171001002-01. */
export function scopeChain(scope: string): string[] {
  const chain: string[] = [DISTRICT_CODE];
  const level = scopeLevelOf(scope);
  if (level === 'town' || level === 'village' || level === 'grid') chain.push(scope.slice(0, 9));
  if (level === 'village' || level === 'grid') chain.push(scope.slice(0, 12));
  if (level === 'grid') chain.push(scope);
  return chain;
}
