import { readCells, type DivisionSet } from './read-cells.js';
import { readOrganisation, readStaff, readStanding } from './read-tables.js';
import { WORLD_FILES } from './format.js';
import type { WorldSet } from '../../shared/world.js';

export type { DivisionSet };

/** What an import check found: the world when there is no problem, else every problem with its place. */
export type WorldReading = { ok: true; set: WorldSet } | { ok: false; problems: string[] };

/**
 * Reads and checks a world set (file name → text; a missing file is undefined) against the real divisions. Every
 * file is checked even when another has problems, so one run reports everything. Pure.
 */
export function readWorldSet(files: Partial<Record<string, string>>, divisions: DivisionSet): WorldReading {
  const problems: string[] = [];
  const text = (name: string): string => {
    const t = files[name];
    if (t === undefined) problems.push(`${name}: missing (a world set is ${Object.values(WORLD_FILES).join(', ')})`);
    return t ?? '';
  };
  const cellsText = text(WORLD_FILES.cells);
  const cells = cellsText ? readCells(cellsText, divisions) : { cells: [], declared: new Map(), problems: [] };
  problems.push(...cells.problems);
  if (cellsText && cells.declared.size === 0 && cells.problems.length === 0) problems.push(`${WORLD_FILES.cells}: has no cells`);
  const villageCodes = new Set(divisions.villages.map((v) => v.code));
  const tables = [
    [WORLD_FILES.staff, (t: string) => readStaff(t, cells.declared)],
    [WORLD_FILES.organisation, (t: string) => readOrganisation(t, cells.declared, villageCodes)],
    [WORLD_FILES.standing, (t: string) => readStanding(t, cells.declared)],
  ] as const;
  const results = tables.map(([name, read]) => {
    const t = text(name);
    const r = t ? read(t) : null;
    if (r) problems.push(...r.problems);
    return r;
  });
  const [staff, organisation, standing] = results as [ReturnType<typeof readStaff> | null, ReturnType<typeof readOrganisation> | null, ReturnType<typeof readStanding> | null];
  if (problems.length > 0 || !staff || !organisation || !standing) return { ok: false, problems };
  return {
    ok: true,
    set: {
      cells: cells.cells, stations: organisation.stations, partyBranches: organisation.partyBranches,
      staff: staff.staff, cellStats: standing.cellStats,
    },
  };
}
