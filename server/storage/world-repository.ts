import type { Category } from '../../shared/schemas/ticket.js';
import type { Geometry } from '../../shared/schemas/geo.js';
import type { ModuleStanding } from '../../shared/schemas/summary.js';
import type { Tier } from '../../shared/constants.js';
import type { CellRow, StaffRow, World } from '../../shared/world.js';
import type { Db } from './database.js';
import { insertDivisionRows, insertWorldRows } from './world-writer.js';

/** What the server keeps of a cell (the geometry stays in SQLite until /api/geo asks for it). */
export type CellInfo = Omit<CellRow, 'geometry' | 'areaKm2'>;
export interface DivisionInfo {
  code: string;
  name: string;
  kind: string;
  townCode: string | null;
}
/** A staff row as stored (personal data: served masked, never to the wall). */
export type StaffInfo = StaffRow;

/** The static world: divisions, cells, organisation, standing numbers, categories. Loaded once, read at start-up. */
export function createWorldRepository(db: Db) {
  const countTowns = db.prepare('SELECT count(*) AS n FROM towns');
  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  return {
    isLoaded(): boolean {
      return (countTowns.get() as { n: number }).n > 0 && getMeta.get('world_seed') !== undefined;
    },

    getMeta(key: string): string | null {
      return (getMeta.get(key) as { value: string } | undefined)?.value ?? null;
    },

    setMeta(key: string, value: string): void {
      setMeta.run(key, value);
    },

    /** Bulk-loads the whole world in one transaction: all or nothing. */
    insertWorld(world: World, onProgress: (line: string) => void = () => {}): void {
      const insPlan = db.prepare('INSERT INTO replay_plan (ref, reported_at, ticket, ticket_id) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        insertDivisionRows(db, world);
        insertWorldRows(db, world);
        onProgress(`world: ${world.cells.length} cells, ${world.staff.length} staff loaded`);
        for (const t of world.tickets) {
          insPlan.run(t.ref, t.reportedAt, JSON.stringify(t), null);
        }
        onProgress(`replay plan: ${world.tickets.length} tickets loaded`);
        setMeta.run('world_seed', String(world.seed));
      })();
    },

    listCategories(): Category[] {
      return (
        db.prepare('SELECT code, name, name_en, tier, response_minutes, close_hours, share FROM categories ORDER BY rowid').all() as {
          code: string; name: string; name_en: string; tier: Tier; response_minutes: number; close_hours: number; share: number;
        }[]
      ).map((r) => ({
        code: r.code, name: r.name, nameEn: r.name_en, tier: r.tier,
        responseMinutes: r.response_minutes, closeHours: r.close_hours, share: r.share,
      }));
    },

    listTowns(): DivisionInfo[] {
      return db.prepare('SELECT code, name, kind, NULL AS townCode FROM towns ORDER BY code').all() as DivisionInfo[];
    },

    listVillages(): DivisionInfo[] {
      return db.prepare('SELECT code, name, kind, town_code AS townCode FROM villages ORDER BY code').all() as DivisionInfo[];
    },

    listCells(): CellInfo[] {
      return (
        db.prepare('SELECT id, village_code, town_code, name, households, centroid_lng, centroid_lat FROM grid_cells ORDER BY id').all() as {
          id: string; village_code: string; town_code: string; name: string; households: number; centroid_lng: number; centroid_lat: number;
        }[]
      ).map((r) => ({
        id: r.id, villageCode: r.village_code, townCode: r.town_code, name: r.name, households: r.households,
        centroid: [r.centroid_lng, r.centroid_lat],
      }));
    },

    listGeometries(level: 'town' | 'village' | 'grid'): { id: string; geometry: Geometry }[] {
      const sql = {
        town: 'SELECT code AS id, geometry FROM towns ORDER BY code',
        village: 'SELECT code AS id, geometry FROM villages ORDER BY code',
        grid: 'SELECT id, geometry FROM grid_cells ORDER BY id',
      }[level];
      return (db.prepare(sql).all() as { id: string; geometry: string }[]).map((r) => ({ id: r.id, geometry: JSON.parse(r.geometry) as Geometry }));
    },

    /** Counts of organisation per cell, for the aggregates (stations, staff by role). */
    countOrganisationByCell(): { gridId: string; stations: number; centralHouseholds: number; infoOfficers: number; gridMembers: number }[] {
      return db
        .prepare(
          `SELECT c.id AS gridId,
             (SELECT count(*) FROM service_stations s WHERE s.grid_id = c.id) AS stations,
             (SELECT count(*) FROM staff s WHERE s.grid_id = c.id AND s.role = 'central_household') AS centralHouseholds,
             (SELECT count(*) FROM staff s WHERE s.grid_id = c.id AND s.role = 'info_officer') AS infoOfficers,
             (SELECT count(*) FROM staff s WHERE s.grid_id = c.id AND s.role = 'grid_member') AS gridMembers
           FROM grid_cells c ORDER BY c.id`,
        )
        .all() as { gridId: string; stations: number; centralHouseholds: number; infoOfficers: number; gridMembers: number }[];
    },

    countBranchesByVillage(): { villageCode: string; n: number }[] {
      return db.prepare('SELECT village_code AS villageCode, count(*) AS n FROM party_branches GROUP BY village_code').all() as {
        villageCode: string; n: number;
      }[];
    },

    listCellStandings(): { gridId: string; standing: ModuleStanding }[] {
      return (db.prepare('SELECT grid_id, standing FROM cell_stats').all() as { grid_id: string; standing: string }[]).map((r) => ({
        gridId: r.grid_id, standing: JSON.parse(r.standing) as ModuleStanding,
      }));
    },

    findStationByCell(gridId: string): { id: string; name: string; address: string } | null {
      return (db.prepare('SELECT id, name, address FROM service_stations WHERE grid_id = ? ORDER BY id LIMIT 1').get(gridId) as
        { id: string; name: string; address: string } | undefined) ?? null;
    },

    /** Personal data (names, phones): only the drill-down reads it, and masks it before it leaves the server. */
    listStaffByCell(gridId: string): StaffInfo[] {
      return db
        .prepare('SELECT id, grid_id AS gridId, role, name, phone, leader_id AS leaderId, households FROM staff WHERE grid_id = ? ORDER BY role, id')
        .all(gridId) as StaffInfo[];
    },
  };
}
export type WorldRepository = ReturnType<typeof createWorldRepository>;
