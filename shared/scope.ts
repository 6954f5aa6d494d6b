import { DISTRICT_CODE, type ScopeLevel } from './constants.js';

/**
 * Scope ids: the district code (321171), a town code (9 digits), a village code (12 digits),
 * or a grid cell id (village code + '-' + two digits, e.g. 321171102004-01).
 */
export function scopeLevelOf(scope: string): ScopeLevel | null {
  if (scope === DISTRICT_CODE) return 'district';
  if (/^321171\d{3}$/.test(scope)) return 'town';
  if (/^321171\d{6}$/.test(scope)) return 'village';
  if (/^321171\d{6}-\d{2}$/.test(scope)) return 'grid';
  return null;
}

/** The Socket.IO room of a scope. */
export function roomOf(scope: string): string {
  const level = scopeLevelOf(scope);
  return level === 'district' ? 'district' : `${level ?? 'unknown'}:${scope}`;
}

/** District, town, village and cell scopes that contain a grid cell, widest first. */
export function scopesOfCell(gridId: string): [string, string, string, string] {
  return [DISTRICT_CODE, gridId.slice(0, 9), gridId.slice(0, 12), gridId];
}
