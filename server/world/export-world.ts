import { toCsv } from './csv.js';
import { flattenStanding, ORGANISATION_COLUMNS, STAFF_COLUMNS, STANDING_COLUMNS, WORLD_FILES } from './format.js';
import type { WorldSet } from '../../shared/world.js';

/** The contents of the four files of a world, by file name. Pure; rows keep the order they are given in. */
export function exportWorldFiles(set: WorldSet): Record<string, string> {
  const villageOfCell = new Map(set.cells.map((c) => [c.id, c.villageCode]));
  const cells = {
    type: 'FeatureCollection',
    features: set.cells.map((c) => ({
      type: 'Feature',
      id: c.id,
      properties: { id: c.id, name: c.name, village_code: c.villageCode, households: c.households },
      geometry: c.geometry,
    })),
  };
  return {
    // One feature per line: diffable, and a reader can find "feature 17" by eye.
    [WORLD_FILES.cells]: `{"type":"FeatureCollection","features":[\n${cells.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`,
    [WORLD_FILES.staff]: toCsv(STAFF_COLUMNS, set.staff.map((s) => [s.id, s.gridId, s.role, s.name, s.phone, s.leaderId, s.households])),
    [WORLD_FILES.organisation]: toCsv(ORGANISATION_COLUMNS, [
      ...set.partyBranches.map((b) => ['party_branch', b.id, b.villageCode, null, b.name, null]),
      ...set.stations.map((s) => ['service_station', s.id, villageOfCell.get(s.gridId) ?? null, s.gridId, s.name, s.address]),
    ]),
    [WORLD_FILES.standing]: toCsv(STANDING_COLUMNS, set.cellStats.map((s) => {
      const { gridId, ...standing } = s;
      return [gridId, ...flattenStanding(standing)];
    })),
  };
}
