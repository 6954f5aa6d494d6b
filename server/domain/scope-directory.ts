import { DISTRICT_CODE, type ScopeLevel } from '../../shared/constants.js';
import { scopeChain, scopesOfCell, townOf } from '../../shared/scope.js';
import type { ModuleStanding, OrgCounts, ScopeRef } from '../../shared/schemas/summary.js';

export interface DirectoryInput {
  districtName: string;
  towns: { code: string; name: string }[];
  villages: { code: string; name: string; townCode: string | null }[];
  cells: { id: string; name: string; villageCode: string; townCode: string; households: number }[];
  organisation: { gridId: string; stations: number; centralHouseholds: number; infoOfficers: number; gridMembers: number }[];
  branches: { villageCode: string; n: number }[];
  standings: { gridId: string; standing: ModuleStanding }[];
}

export interface ScopeEntry {
  ref: ScopeRef;
  counts: OrgCounts;
  standing: ModuleStanding;
  cellIds: string[];
}

/**
 * Every scope (district, towns, villages, cells) with its name, parents, organisation counts and standing 人车房物
 * sums. Built once at start-up: the world does not change while the server runs.
 */
export function buildScopeDirectory(input: DirectoryInput): Map<string, ScopeEntry> {
  const dir = new Map<string, ScopeEntry>();
  const add = (id: string, level: ScopeLevel, name: string, parents: string[]) =>
    dir.set(id, { ref: { id, level, name, parents }, counts: emptyOrg(), standing: emptyStanding(), cellIds: [] });
  add(DISTRICT_CODE, 'district', input.districtName, []);
  for (const t of input.towns) add(t.code, 'town', t.name, [DISTRICT_CODE]);
  for (const v of input.villages) add(v.code, 'village', v.name, [DISTRICT_CODE, v.townCode ?? townOf(v.code)]);
  for (const c of input.cells) add(c.id, 'grid', c.name, [DISTRICT_CODE, c.townCode, c.villageCode]);

  const org = new Map(input.organisation.map((o) => [o.gridId, o]));
  const standing = new Map(input.standings.map((s) => [s.gridId, s.standing]));
  for (const cell of input.cells) {
    const o = org.get(cell.id);
    const s = standing.get(cell.id);
    for (const scope of scopesOfCell(cell.id)) {
      const e = dir.get(scope);
      if (!e) continue;
      e.cellIds.push(cell.id);
      e.counts.gridCells += 1;
      e.counts.households += cell.households;
      if (o) {
        e.counts.serviceStations += o.stations;
        e.counts.centralHouseholds += o.centralHouseholds;
        e.counts.infoOfficers += o.infoOfficers;
        e.counts.gridMembers += o.gridMembers;
      }
      if (s) addStanding(e.standing, s);
    }
  }
  for (const b of input.branches) {
    for (const scope of scopeChain(b.villageCode)) {
      const e = dir.get(scope);
      if (e) e.counts.partyBranches += b.n;
    }
  }
  for (const v of input.villages) {
    const town = v.townCode ?? townOf(v.code);
    for (const scope of [DISTRICT_CODE, town]) dir.get(scope)!.counts.villages += 1;
    dir.get(v.code)!.counts.villages = 1;
  }
  for (const t of input.towns) {
    dir.get(DISTRICT_CODE)!.counts.towns += 1;
    dir.get(t.code)!.counts.towns = 1;
  }
  return dir;
}

function emptyOrg(): OrgCounts {
  return {
    towns: 0, villages: 0, gridCells: 0, serviceStations: 0, partyBranches: 0,
    centralHouseholds: 0, infoOfficers: 0, gridMembers: 0, households: 0,
  };
}

export function emptyStanding(): ModuleStanding {
  return {
    people: { registered: 0, floating: 0, over60: 0, elderlyAlone: 0, disabled: 0, partyMembers: 0 },
    vehicles: { registered: 0, parkingSpaces: 0, evChargers: 0 },
    houses: { buildings: 0, units: 0, households: 0, rented: 0, vacant: 0, byType: { highRise: 0, multiStorey: 0, lowRise: 0, commercial: 0 } },
    things: { lifts: 0, gasPipelines: 0, hydrants: 0, waterPipes: 0, streetLamps: 0, cameras: 0 },
  };
}

/** Adds every numeric leaf of `from` into `into` (same shape). */
function addStanding(into: object, from: object): void {
  const target = into as Record<string, unknown>;
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === 'number') target[k] = ((target[k] as number | undefined) ?? 0) + v;
    else if (v && typeof v === 'object') addStanding((target[k] ??= {}) as object, v as object);
  }
}
