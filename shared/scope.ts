import { DISTRICT_CODE, SCOPE_LEVELS, type ScopeLevel } from './constants.js';

/*
 * The grammar of places, written once. A scope id is the district code (321171), a town code (the district code and
 * three digits: 321171001), a village or community code (the town code and three digits: 321171001003), or a grid
 * cell id (the village code, '-', two digits: 321171001003-02). Everything else asks this module what an id is, what
 * contains it and what it contains: nobody else reads a level from an id's length or writes the pattern again.
 * Pure strings: the wall imports this module, so it must not pull in TypeBox.
 */

const TOWN_DIGITS = '\\d{3}';
const VILLAGE_DIGITS = '\\d{3}';
const CELL_DIGITS = '\\d{2}';
const CELL_SEPARATOR = '-';

const TOWN_BODY = `${DISTRICT_CODE}${TOWN_DIGITS}`;
const VILLAGE_BODY = `${TOWN_BODY}${VILLAGE_DIGITS}`;
const GRID_BODY = `${VILLAGE_BODY}${CELL_SEPARATOR}${CELL_DIGITS}`;

/** JSON-schema `pattern`s (TypeBox `Type.String({ pattern })`) of each kind of id, anchored. */
export const TOWN_CODE_PATTERN = `^${TOWN_BODY}$`;
export const VILLAGE_CODE_PATTERN = `^${VILLAGE_BODY}$`;
export const GRID_ID_PATTERN = `^${GRID_BODY}$`;
/** Any scope id: district, town, village or grid cell. */
export const SCOPE_ID_PATTERN = `^${DISTRICT_CODE}(${TOWN_DIGITS}|${TOWN_DIGITS}${VILLAGE_DIGITS}|${TOWN_DIGITS}${VILLAGE_DIGITS}${CELL_SEPARATOR}${CELL_DIGITS})?$`;
/** An area's code: the district, a town or a village (no grid cell). */
export const AREA_CODE_PATTERN = `^${DISTRICT_CODE}(${TOWN_DIGITS}(${VILLAGE_DIGITS})?)?$`;
/** The longest scope id (a grid cell's): a bound for `maxLength`. */
export const SCOPE_ID_MAX_CHARS = DISTRICT_CODE.length + 3 + 3 + 1 + 2;

/** A grid cell id found inside free text (an address that names its cell), not anchored. */
export const GRID_ID_IN_TEXT = new RegExp(GRID_BODY);

/** A scope id taken apart: the digits that each level adds, null below the scope's own level. */
export interface ParsedScope {
  level: ScopeLevel;
  /** The town's three digits (001 of 321171001). */
  town: string | null;
  /** The village's three digits within its town. */
  village: string | null;
  /** The cell's two digits within its village. */
  cell: string | null;
}

const PARSER = new RegExp(`^${DISTRICT_CODE}(?:(${TOWN_DIGITS})(?:(${VILLAGE_DIGITS})(?:${CELL_SEPARATOR}(${CELL_DIGITS}))?)?)?$`);

/** The parts of a scope id, or null when the string is not one. */
export function parseScope(id: string): ParsedScope | null {
  const m = PARSER.exec(id);
  if (!m) return null;
  const [, town = null, village = null, cell = null] = m;
  const level: ScopeLevel = cell !== null ? 'grid' : village !== null ? 'village' : town !== null ? 'town' : 'district';
  return { level, town, village, cell };
}

/** The id of parsed parts (parseScope's inverse). */
export function formatScope(p: ParsedScope): string {
  if (p.level === 'district') return DISTRICT_CODE;
  const town = `${DISTRICT_CODE}${p.town}`;
  if (p.level === 'town') return town;
  const village = `${town}${p.village}`;
  return p.level === 'village' ? village : `${village}${CELL_SEPARATOR}${p.cell}`;
}

/** The level of a scope id, or null when the string is not one. */
export function scopeLevelOf(scope: string): ScopeLevel | null {
  return parseScope(scope)?.level ?? null;
}

/** True when `id` is a scope id, of the given level when one is named. */
export function isScope(id: string, level?: ScopeLevel): boolean {
  const l = scopeLevelOf(id);
  return l !== null && (level === undefined || l === level);
}

const CHILD_LEVEL: Record<ScopeLevel, ScopeLevel | null> = { district: 'town', town: 'village', village: 'grid', grid: null };
const PARENT_LEVEL: Record<ScopeLevel, ScopeLevel | null> = { district: null, town: 'district', village: 'town', grid: 'village' };

/** The level of a scope's children: district -> town -> village -> grid; a grid cell has none. */
export function childLevelOf(level: ScopeLevel): ScopeLevel | null {
  return CHILD_LEVEL[level];
}

/** The scope of the given wider level that contains `scope` (itself at its own level); null for a narrower level or a non-scope. */
export function ancestorAt(scope: string, level: ScopeLevel): string | null {
  const p = parseScope(scope);
  if (!p) return null;
  if (SCOPE_LEVELS.indexOf(level) > SCOPE_LEVELS.indexOf(p.level)) return null;
  return formatScope({
    level,
    town: level === 'district' ? null : p.town,
    village: level === 'district' || level === 'town' ? null : p.village,
    cell: level === 'grid' ? p.cell : null,
  });
}

/** The scope directly containing `scope`: a cell's village, a village's town, a town's district; null for the district or a non-scope. */
export function parentOf(scope: string): string | null {
  const level = scopeLevelOf(scope);
  const up = level && PARENT_LEVEL[level];
  return up ? ancestorAt(scope, up) : null;
}

/**
 * The child of `scope` that contains the grid cell `cellId`: a district's town, a town's village, a village's cell
 * (the cell itself). Null when the cell lies outside the scope, or the scope is a cell (it has no children).
 */
export function childOfCell(scope: string, cellId: string): string | null {
  const level = scopeLevelOf(scope);
  const down = level && CHILD_LEVEL[level];
  if (!down || !contains(scope, cellId)) return null;
  return ancestorAt(cellId, down);
}

/** True when `inner` is `outer` or lies inside it (both scope ids). */
export function contains(outer: string, inner: string): boolean {
  const o = scopeLevelOf(outer);
  const i = scopeLevelOf(inner);
  return o !== null && i !== null && ancestorAt(inner, o) === outer;
}

/** The scope and its ancestors, widest first: 321171, 321171001, 321171001002, 321171001002-01. Empty for a non-scope. */
export function scopeChain(scope: string): string[] {
  const chain: string[] = [];
  for (let s: string | null = isScope(scope) ? scope : null; s !== null; s = parentOf(s)) chain.unshift(s);
  return chain;
}

/** District, town, village and cell scopes that contain a grid cell, widest first. */
export function scopesOfCell(gridId: string): [string, string, string, string] {
  return [DISTRICT_CODE, townOf(gridId), villageOf(gridId), gridId];
}

/** The town code of a town, village or cell id (no check: callers hold an id they already trust). */
export function townOf(id: string): string {
  return id.slice(0, DISTRICT_CODE.length + 3);
}

/** The village code of a village or cell id (no check: callers hold an id they already trust). */
export function villageOf(id: string): string {
  return id.slice(0, DISTRICT_CODE.length + 6);
}

const digits = (n: number, width: number, what: string): string => {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** width) throw new RangeError(`${what} must be a whole number from 0 to ${10 ** width - 1}, got ${n}`);
  return String(n).padStart(width, '0');
};

/** The code of the district's n-th town: townCode(1) = 321171001. */
export function townCode(n: number): string {
  return formatScope({ level: 'town', town: digits(n, 3, 'a town number'), village: null, cell: null });
}

/** The code of a town's n-th village: villageCode('321171001', 3) = 321171001003. */
export function villageCode(town: string, n: number): string {
  const p = parseScope(town);
  if (p?.level !== 'town') throw new RangeError(`"${town}" is not a town code`);
  return formatScope({ ...p, level: 'village', village: digits(n, 3, 'a village number') });
}

/** The id of a village's n-th grid cell: gridId('321171001003', 2) = 321171001003-02. */
export function gridId(village: string, n: number): string {
  const p = parseScope(village);
  if (p?.level !== 'village') throw new RangeError(`"${village}" is not a village code`);
  return formatScope({ ...p, level: 'grid', cell: digits(n, 2, 'a cell number') });
}

/** The Socket.IO room of a scope. */
export function roomOf(scope: string): string {
  const level = scopeLevelOf(scope);
  return level === 'district' ? 'district' : `${level ?? 'unknown'}:${scope}`;
}
