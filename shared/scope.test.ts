import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTRICT_CODE } from './constants.js';
import {
  GRID_ID_PATTERN, SCOPE_ID_MAX_CHARS, SCOPE_ID_PATTERN, TOWN_CODE_PATTERN, VILLAGE_CODE_PATTERN, childLevelOf, childOfCell, contains,
  formatScope, gridId, isScope, parentOf, parseScope, scopeChain, scopeLevelOf, scopesOfCell, townCode, villageCode, type ParsedScope,
} from './scope.js';

const d = (width: number) => fc.integer({ min: 0, max: 10 ** width - 1 }).map((n) => String(n).padStart(width, '0'));
const parsed: fc.Arbitrary<ParsedScope> = fc.oneof(
  fc.constant<ParsedScope>({ level: 'district', town: null, village: null, cell: null }),
  d(3).map((town): ParsedScope => ({ level: 'town', town, village: null, cell: null })),
  fc.tuple(d(3), d(3)).map(([town, village]): ParsedScope => ({ level: 'village', town, village, cell: null })),
  fc.tuple(d(3), d(3), d(2)).map(([town, village, cell]): ParsedScope => ({ level: 'grid', town, village, cell })),
);
const scopeIds = parsed.map(formatScope);
const cellIds = fc.tuple(d(3), d(3), d(2)).map(([town, village, cell]) => formatScope({ level: 'grid', town, village, cell }));

describe('the grammar of scope ids', () => {
  it('reads what it writes: parse(format(x)) = x, and every id matches the one schema pattern', () => {
    const any = new RegExp(SCOPE_ID_PATTERN);
    fc.assert(fc.property(parsed, (p) => {
      const id = formatScope(p);
      expect(parseScope(id)).toEqual(p);
      expect(any.test(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(SCOPE_ID_MAX_CHARS);
    }));
  });

  it('the parent of a child is the scope, and a scope contains each of its children', () => {
    fc.assert(fc.property(scopeIds, cellIds, (scope, cell) => {
      const inside = contains(scope, cell) ? cell : `${scope}${cell.slice(scope.length)}`;
      const child = childOfCell(scope, inside);
      if (scopeLevelOf(scope) === 'grid') {
        expect(child).toBeNull();
        return;
      }
      expect(child).not.toBeNull();
      expect(parentOf(child!)).toBe(scope);
      expect(scopeLevelOf(child!)).toBe(childLevelOf(scopeLevelOf(scope)!));
      expect(contains(scope, child!)).toBe(true);
    }));
  });

  it('names each level and refuses what is not a scope', () => {
    expect(scopeLevelOf('321171')).toBe('district');
    expect(scopeLevelOf('321171001')).toBe('town');
    expect(scopeLevelOf('321171001003')).toBe('village');
    expect(scopeLevelOf('321171001003-02')).toBe('grid');
    for (const bad of ['', '32117', '3211710', '321172001', '321171001003-2', '321171001003-020', '321171001003-ab', ' 321171', '321171001003_02']) {
      expect(scopeLevelOf(bad)).toBeNull();
      expect(isScope(bad)).toBe(false);
    }
    expect(isScope('321171001', 'town')).toBe(true);
    expect(isScope('321171001', 'village')).toBe(false);
  });

  it('gives each kind of id its own pattern', () => {
    const [town, village, grid] = [TOWN_CODE_PATTERN, VILLAGE_CODE_PATTERN, GRID_ID_PATTERN].map((p) => new RegExp(p));
    expect([town.test('321171001'), village.test('321171001'), grid.test('321171001')]).toEqual([true, false, false]);
    expect([town.test('321171001003'), village.test('321171001003'), grid.test('321171001003')]).toEqual([false, true, false]);
    expect([town.test('321171001003-02'), village.test('321171001003-02'), grid.test('321171001003-02')]).toEqual([false, false, true]);
  });

  it('walks up and down: parent, chain, the child that holds a cell, at every level', () => {
    const cell = '321171001003-02';
    expect(parentOf(cell)).toBe('321171001003');
    expect(parentOf('321171001003')).toBe('321171001');
    expect(parentOf('321171001')).toBe(DISTRICT_CODE);
    expect(parentOf(DISTRICT_CODE)).toBeNull();
    expect(parentOf('nonsense')).toBeNull();
    expect(scopeChain(cell)).toEqual(['321171', '321171001', '321171001003', cell]);
    expect(scopeChain('321171001')).toEqual(['321171', '321171001']);
    expect(scopesOfCell(cell)).toEqual(scopeChain(cell));
    expect(childOfCell(DISTRICT_CODE, cell)).toBe('321171001');
    expect(childOfCell('321171001', cell)).toBe('321171001003');
    // A village's children are its grid cells: a click on a cell in a village's map names that cell.
    expect(childOfCell('321171001003', cell)).toBe(cell);
    expect(childOfCell(cell, cell)).toBeNull();
    expect(childOfCell('321171002', cell)).toBeNull();
    expect(childOfCell('321171001004', cell)).toBeNull();
  });

  it('builds ids with named constructors and refuses numbers that do not fit', () => {
    expect(townCode(1)).toBe('321171001');
    expect(villageCode('321171001', 3)).toBe('321171001003');
    expect(gridId('321171001003', 2)).toBe('321171001003-02');
    expect(() => gridId('321171001003', 100)).toThrow(RangeError);
    expect(() => villageCode('321171001003', 1)).toThrow(/not a town code/);
    expect(() => townCode(-1)).toThrow(RangeError);
  });
});
