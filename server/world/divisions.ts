import { readFileSync } from 'node:fs';
import { CATEGORIES } from '../../shared/categories.js';
import type { DivisionOutline, DivisionOutlines, Divisions, TownRow, VillageRow } from '../../shared/world.js';
import type { DivisionRows, WorldWriter } from '../storage/world-writer.js';

/*
 * The real divisions the product runs on: the district's towns and villages with their codes and names
 * (fixtures/data/zhenjiang-new-area-divisions.json) and their outlines (…-outlines.json: the demo's illustrative
 * division of the real district outline, until real outlines are loaded), plus the starting category catalogue. What
 * a live database starts from. Read as data files: live mode never loads the demo or its generator.
 */

const DATA_DIR = new URL('../../fixtures/data/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, DATA_DIR), 'utf8')) as T;

/** The divisions with their outlines, in the divisions file's order; throws when a division has no outline. */
export function liveDivisions(): DivisionRows {
  const divisions = readJson<Divisions>('zhenjiang-new-area-divisions.json');
  const outlines = readJson<DivisionOutlines>('zhenjiang-new-area-outlines.json');
  const shapes = new Map<string, DivisionOutline>([...outlines.towns, ...outlines.villages].map((o) => [o.code, o]));
  const shapeOf = (code: string): Pick<DivisionOutline, 'geometry' | 'centroid'> => {
    const s = shapes.get(code);
    if (!s) throw new Error(`fixtures/data/zhenjiang-new-area-outlines.json has no outline for division ${code}`);
    return { geometry: s.geometry, centroid: s.centroid };
  };
  const towns: TownRow[] = divisions.towns.map((t) => ({ code: t.code, name: t.name, kind: t.kind, ...shapeOf(t.code) }));
  const villages: VillageRow[] = divisions.towns.flatMap((t) =>
    t.villages.map((v) => ({ code: v.code, townCode: t.code, name: v.name, kind: v.kind, ...shapeOf(v.code) })));
  return { categories: CATEGORIES.map((c) => ({ ...c })), towns, villages };
}

/** A live database without divisions gets them (and no cells: a live world is imported, never generated). */
export function seedDivisionsIfEmpty(writer: WorldWriter, progress: (line: string) => void): void {
  if (writer.hasDivisions()) return;
  const d = liveDivisions();
  writer.insertDivisions(d);
  progress(`divisions: ${d.towns.length} towns, ${d.villages.length} villages and communities; no grid cells yet (npm run world:import)`);
}
