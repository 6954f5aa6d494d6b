import { beforeAll, describe, expect, it } from 'vitest';
import { bbox } from '@turf/turf';
import type { Geometry } from '../../shared/schemas/geo.js';
import type { World } from '../../shared/world.js';
import { smallWorld } from '../test/world.js';
import { parseCsv, toCsv } from './csv.js';
import { exportWorldFiles } from './export-world.js';
import { WORLD_FILES } from './format.js';
import { readWorldSet, type DivisionSet } from './read-world.js';

let world: World;
let divisions: DivisionSet;
let files: Record<string, string>;
beforeAll(() => {
  world = smallWorld();
  divisions = { towns: world.towns, villages: world.villages };
  files = exportWorldFiles(world);
});

interface Fc { type: string; features: { type: string; id?: string; properties: Record<string, unknown>; geometry: Geometry }[] }
const cellsDoc = (): Fc => JSON.parse(files[WORLD_FILES.cells]) as Fc;
/** The same table with one cell changed (row = data row index from 0, the header excluded). */
function editCsv(name: string, edit: (header: string[], rows: string[][]) => void): string {
  const t = parseCsv(files[name]);
  const rows = t.rows.map((r) => r.cells);
  edit(t.header, rows);
  return toCsv(t.header, rows);
}

describe('reading a world set', () => {
  it('reads the demo world it was exported from: cells, organisation, staff and standing numbers', () => {
    const r = readWorldSet(files, divisions);
    if (!r.ok) throw new Error(r.problems.slice(0, 5).join('\n'));
    const strip = (c: World['cells'][number]) => ({ id: c.id, villageCode: c.villageCode, townCode: c.townCode, name: c.name, households: c.households, geometry: c.geometry });
    expect(r.set.cells.map(strip)).toEqual(world.cells.map(strip));
    expect(r.set.cells.map((c) => c.areaKm2)).toEqual(world.cells.map((c) => c.areaKm2));
    expect(new Set(r.set.staff.map((s) => JSON.stringify(s)))).toEqual(new Set(world.staff.map((s) => JSON.stringify(s))));
    expect(r.set.stations).toEqual(world.stations);
    expect(r.set.partyBranches).toEqual(world.partyBranches);
    expect(r.set.cellStats).toEqual(world.cellStats);
  });

  it('reports every problem with its place and returns no world', () => {
    const doc = cellsDoc();
    const f = (n: number) => doc.features[n - 1];
    const ids = doc.features.map((x) => x.properties.id as string);
    const id = (n: number) => ids[n - 1];
    // 17: a bow tie; 2: an unclosed ring; 3: a village that does not exist; 4: feature 1's id again;
    // 5: moved 1° east, out of the district; 6: on top of feature 7; 8: the shape of a cell in another town.
    const [x0, y0, x1, y1] = bbox(f(17).geometry);
    f(17).geometry = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] };
    const ring2 = (f(2).geometry as { type: 'Polygon'; coordinates: number[][][] }).coordinates[0];
    f(2).geometry = { type: 'Polygon', coordinates: [ring2.slice(0, -1)] as [number, number][][] };
    f(3).properties.village_code = '321171999999';
    f(4).properties.id = id(1);
    f(5).geometry = JSON.parse(JSON.stringify(f(5).geometry).replace(/\[119\./g, '[120.')) as Geometry;
    f(6).geometry = f(7).geometry;
    const far = doc.features.findLastIndex((x) => (x.properties.id as string).slice(0, 9) !== id(8).slice(0, 9));
    f(8).geometry = doc.features[far].geometry;
    const broken = {
      ...files,
      [WORLD_FILES.cells]: JSON.stringify(doc),
      [WORLD_FILES.staff]: editCsv(WORLD_FILES.staff, (_, rows) => { rows[210][1] = '321171001001-99'; }),
      [WORLD_FILES.standing]: editCsv(WORLD_FILES.standing, (h, rows) => { rows[0][h.indexOf('vehicles.registered')] = '-3'; }),
    };
    const r = readWorldSet(broken, divisions);
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toEqual(expect.arrayContaining([
      `cells.geojson feature 17 (${id(17)}): ring self-intersects`,
      `cells.geojson feature 2 (${id(2)}): outer ring: ring is not closed (its last position differs from its first)`,
      `cells.geojson feature 3 (${id(3)}): village code "321171999999" is not a village or community of the district`,
      `cells.geojson feature 4 (${id(1)}): id "${id(1)}" is used again (first by feature 1)`,
      `cells.geojson feature 5 (${id(5)}): lies 100.0% outside the district (tolerance 1.0%)`,
      `cells.geojson feature 7 (${id(7)}): overlaps feature 6 (${id(6)}) by 100.0% of the smaller cell (tolerance 1.0%)`,
      'staff.csv row 212: unknown cell "321171001001-99"',
      'standing.csv row 2: vehicles.registered must be a whole number, 0 or more',
    ]));
    expect(problems.some((p) => p.startsWith(`cells.geojson feature 8 (${id(8)}): lies 100.0% outside its town`))).toBe(true);
    // Rows of a cell whose feature has problems are not reported again as "unknown cell": only the typo, and the rows
    // of feature 4's old id (its feature now carries feature 1's id, so that cell really is gone).
    const unknown = problems.filter((p) => p.includes('unknown cell'));
    expect(unknown.filter((p) => !p.includes(`"${id(4)}"`))).toEqual(['staff.csv row 212: unknown cell "321171001001-99"']);
    expect(problems).toContain(`standing.csv row 5: unknown cell "${id(4)}"`);
    // Personal data never appears in a report.
    const staffRow = parseCsv(files[WORLD_FILES.staff]).rows[210].cells;
    expect(problems.join('\n')).not.toContain(staffRow[3]);
    expect(problems.join('\n')).not.toContain(staffRow[4]);
  });

  it('names missing files and missing columns instead of guessing', () => {
    const r = readWorldSet({
      [WORLD_FILES.cells]: files[WORLD_FILES.cells],
      [WORLD_FILES.staff]: 'id,cell_id,role,name\nS1,321171001001-01,grid_member,王\n',
      [WORLD_FILES.standing]: files[WORLD_FILES.standing],
    }, divisions);
    expect(r.ok ? [] : r.problems).toEqual([
      'staff.csv: missing column "phone" (the header row must name id, cell_id, role, name, phone)',
      'organisation.csv: missing (a world set is cells.geojson, staff.csv, organisation.csv, standing.csv)',
    ]);
  });

  it('checks staff rows: role, phone, leader, duplicate ids', () => {
    const staff = editCsv(WORLD_FILES.staff, (h, rows) => {
      rows[0][h.indexOf('role')] = 'mayor';
      rows[1][h.indexOf('phone')] = 'call me';
      rows[3][h.indexOf('id')] = rows[2][h.indexOf('id')];
      const officer = rows.findIndex((r) => r[h.indexOf('role')] === 'info_officer');
      rows[officer][h.indexOf('leader_id')] = 'NOBODY';
    });
    const r = readWorldSet({ ...files, [WORLD_FILES.staff]: staff }, divisions);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toEqual(expect.arrayContaining([
      'staff.csv row 2: role "mayor" must be one of grid_member, central_household, info_officer',
      'staff.csv row 3: phone is not a phone number (digits, optional leading +, spaces or -)',
      expect.stringMatching(/^staff\.csv row 5: id "\w+" is used again \(first on row 4\)$/),
      expect.stringMatching(/^staff\.csv row \d+: leader_id "NOBODY" is not a central household of this file$/),
    ]));
    expect(problems).toHaveLength(4);
  });

  it('checks organisation rows: kind, village of a branch, cell of a station', () => {
    const organisation = editCsv(WORLD_FILES.organisation, (h, rows) => {
      rows[0][h.indexOf('village_code')] = '321171000000';
      const station = rows.findIndex((r) => r[0] === 'service_station');
      rows[station][h.indexOf('village_code')] = rows[0][h.indexOf('village_code')] === '321171001002' ? '321171001003' : '321171001002';
      rows[station + 1][0] = 'police_station';
    });
    const r = readWorldSet({ ...files, [WORLD_FILES.organisation]: organisation }, divisions);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('organisation.csv row 2: village code "321171000000" is not a village or community of the district');
    expect(problems[1]).toMatch(/^organisation\.csv row \d+: village code 32117100100[23] is not the village of cell 321171\d{6}-\d{2} \(321171\d{6}\)$/);
    expect(problems[2]).toMatch(/^organisation\.csv row \d+: kind "police_station" must be one of service_station, party_branch$/);
  });
});
