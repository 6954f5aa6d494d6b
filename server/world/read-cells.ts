import type { Geometry } from '../../shared/schemas/geo.js';
import { isScope, parentOf } from '../../shared/scope.js';
import type { CellRow } from '../../shared/world.js';
import { areaKm2, checkCellGeometry, interiorPoint, OUTSIDE_TOLERANCE, OVERLAP_TOLERANCE, overlappingPairs, shareOutside } from './geometry-checks.js';
import { WORLD_FILES } from './format.js';

/** The real divisions a world is checked against (the server's towns and villages). */
export interface DivisionSet {
  towns: { code: string; name: string; geometry: Geometry }[];
  villages: { code: string; townCode: string; name: string }[];
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/**
 * Reads cells.geojson and checks each feature: properties, geometry, its village among the real divisions, inside
 * its town (OUTSIDE_TOLERANCE), no overlap with another cell (OVERLAP_TOLERANCE), unique ids. Features are numbered
 * from 1 in problems, as a person counts them. Pure.
 */
export function readCells(text: string, divisions: DivisionSet): { cells: CellRow[]; declared: Map<string, { villageCode: string }>; problems: string[] } {
  const file = WORLD_FILES.cells;
  let doc: { type?: unknown; features?: unknown };
  try {
    doc = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as typeof doc;
  } catch (err) {
    return { cells: [], declared: new Map(), problems: [`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`] };
  }
  if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { cells: [], declared: new Map(), problems: [`${file}: must be a GeoJSON FeatureCollection`] };
  }
  const villages = new Map(divisions.villages.map((v) => [v.code, v]));
  const towns = new Map(divisions.towns.map((t) => [t.code, t]));
  const problems: string[] = [];
  const cells: CellRow[] = [];
  const numberOf: number[] = [];
  const firstSeen = new Map<string, number>();
  const declared = new Map<string, { villageCode: string }>();

  (doc.features as unknown[]).forEach((f, i) => {
    const n = i + 1;
    const props = ((f as { properties?: unknown })?.properties ?? {}) as Record<string, unknown>;
    const id = typeof props.id === 'string' ? props.id : '';
    const at = `${file} feature ${n}${id ? ` (${id})` : ''}`;
    const say = (what: string) => problems.push(`${at}: ${what}`);
    const before = problems.length;
    if ((f as { type?: unknown })?.type !== 'Feature') say('not a GeoJSON Feature');
    const idMatch = isScope(id, 'grid');
    if (!id) say('property "id" is missing (a cell id such as 321171102003-04)');
    else if (!idMatch) say(`id "${id}" is not a cell id (village code, "-", two digits: 321171102003-04)`);
    else if (firstSeen.has(id)) say(`id "${id}" is used again (first by feature ${firstSeen.get(id)})`);
    else firstSeen.set(id, n);
    if (id && !declared.has(id)) declared.set(id, { villageCode: String((props as { village_code?: unknown }).village_code ?? '') });
    const name = typeof props.name === 'string' ? props.name.trim() : '';
    if (!name) say('property "name" is missing or empty');
    const villageCode = typeof props.village_code === 'string' ? props.village_code : String(props.village_code ?? '');
    const village = villages.get(villageCode);
    if (!villageCode) say('property "village_code" is missing');
    else if (!village) say(`village code "${villageCode}" is not a village or community of the district`);
    else if (idMatch && parentOf(id) !== villageCode) say(`id "${id}" does not start with its village code ${villageCode}`);
    const households = props.households;
    if (typeof households !== 'number' || !Number.isInteger(households) || households < 0) {
      say('property "households" must be a whole number, 0 or more');
    }
    const geo = checkCellGeometry((f as { geometry?: unknown })?.geometry);
    for (const p of geo.problems) say(p);
    if (geo.polygon && village) {
      const town = towns.get(village.townCode);
      const outsideTown = town ? shareOutside(geo.polygon, town.geometry) : 1;
      if (outsideTown > OUTSIDE_TOLERANCE) {
        const inDistrict = divisions.towns.reduce((sum, t) => sum + (1 - shareOutside(geo.polygon!, t.geometry)), 0);
        const outsideDistrict = Math.max(0, 1 - inDistrict);
        say(outsideDistrict > OUTSIDE_TOLERANCE
          ? `lies ${pct(outsideDistrict)} outside the district (tolerance ${pct(OUTSIDE_TOLERANCE)})`
          : `lies ${pct(outsideTown)} outside its town ${town?.name ?? village.townCode} (${village.townCode}) (tolerance ${pct(OUTSIDE_TOLERANCE)})`);
      }
    }
    if (problems.length > before || !geo.polygon || !village) return;
    cells.push({
      id, villageCode, townCode: village.townCode, name, households: households as number,
      areaKm2: areaKm2(geo.polygon), geometry: geo.polygon, centroid: interiorPoint(geo.polygon),
    });
    numberOf.push(n);
  });

  for (const { a, b, share } of overlappingPairs(cells.map((c) => c.geometry))) {
    problems.push(`${file} feature ${numberOf[b]} (${cells[b].id}): overlaps feature ${numberOf[a]} (${cells[a].id}) by ${pct(share)} of the smaller cell (tolerance ${pct(OVERLAP_TOLERANCE)})`);
  }
  return { cells, declared, problems };
}
