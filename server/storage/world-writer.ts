import type { Category } from '../../shared/schemas/ticket.js';
import type { Geometry } from '../../shared/schemas/geo.js';
import type { ModuleStanding } from '../../shared/schemas/summary.js';
import type { StaffRole } from '../../shared/constants.js';
import type { TownRow, VillageRow, WorldSet } from '../../shared/world.js';
import type { Db } from './database.js';

/** The real divisions and the category catalogue: what a live database holds before any world is imported. */
export interface DivisionRows {
  categories: Category[];
  towns: TownRow[];
  villages: VillageRow[];
}

/** Inserts divisions and categories (no transaction of its own: callers wrap it with the rest of their load). */
export function insertDivisionRows(db: Db, d: DivisionRows): void {
  const insCategory = db.prepare('INSERT INTO categories (code, name, name_en, tier, response_minutes, close_hours, share) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insTown = db.prepare('INSERT INTO towns VALUES (?, ?, ?, ?, ?, ?)');
  const insVillage = db.prepare('INSERT INTO villages VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const c of d.categories) insCategory.run(c.code, c.name, c.nameEn, c.tier, c.responseMinutes, c.closeHours, c.share);
  for (const t of d.towns) insTown.run(t.code, t.name, t.kind, JSON.stringify(t.geometry), ...t.centroid);
  for (const v of d.villages) insVillage.run(v.code, v.townCode, v.name, v.kind, JSON.stringify(v.geometry), ...v.centroid);
}

/** Inserts cells, organisation, staff and standing numbers (no transaction of its own). */
export function insertWorldRows(db: Db, w: WorldSet): void {
  const insCell = db.prepare('INSERT INTO grid_cells VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insStation = db.prepare('INSERT INTO service_stations VALUES (?, ?, ?, ?)');
  const insBranch = db.prepare('INSERT INTO party_branches VALUES (?, ?, ?)');
  const insStaff = db.prepare('INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insStats = db.prepare('INSERT INTO cell_stats VALUES (?, ?)');
  for (const c of w.cells) {
    insCell.run(c.id, c.villageCode, c.townCode, c.name, c.households, c.areaKm2, JSON.stringify(c.geometry), ...c.centroid);
  }
  for (const s of w.stations) insStation.run(s.id, s.gridId, s.name, s.address);
  for (const b of w.partyBranches) insBranch.run(b.id, b.villageCode, b.name);
  // Central households before their officers: officers reference them.
  const ordered = [...w.staff].sort((a, b) => Number(a.role === 'info_officer') - Number(b.role === 'info_officer'));
  for (const s of ordered) insStaff.run(s.id, s.gridId, s.role, s.name, s.phone, s.leaderId, s.households);
  for (const s of w.cellStats) {
    const { gridId, ...standing } = s;
    insStats.run(gridId, JSON.stringify(standing));
  }
}

/** Reading and replacing a district's world (world:export, world:import). */
export function createWorldWriter(db: Db) {
  return {
    /** Divisions and categories on their own, one transaction (a fresh live database). */
    insertDivisions(d: DivisionRows): void {
      db.transaction(() => insertDivisionRows(db, d))();
    },

    hasDivisions(): boolean {
      return (db.prepare('SELECT count(*) FROM towns').pluck().get() as number) > 0;
    },

    /** The towns (with outline) and villages the import checks cells against. */
    divisions(): { towns: { code: string; name: string; geometry: Geometry }[]; villages: { code: string; townCode: string; name: string }[] } {
      const towns = (db.prepare('SELECT code, name, geometry FROM towns ORDER BY code').all() as { code: string; name: string; geometry: string }[])
        .map((t) => ({ code: t.code, name: t.name, geometry: JSON.parse(t.geometry) as Geometry }));
      const villages = db.prepare('SELECT code, town_code AS townCode, name FROM villages ORDER BY code').all() as { code: string; townCode: string; name: string }[];
      return { towns, villages };
    },

    /** The whole world of the database, in id order (personal data included: this is what world:export writes). */
    snapshot(): WorldSet {
      const cells = (db.prepare('SELECT * FROM grid_cells ORDER BY id').all() as {
        id: string; village_code: string; town_code: string; name: string; households: number; area_km2: number; geometry: string;
        centroid_lng: number; centroid_lat: number;
      }[]).map((c) => ({
        id: c.id, villageCode: c.village_code, townCode: c.town_code, name: c.name, households: c.households, areaKm2: c.area_km2,
        geometry: JSON.parse(c.geometry) as Geometry, centroid: [c.centroid_lng, c.centroid_lat] as [number, number],
      }));
      const stations = db.prepare('SELECT id, grid_id AS gridId, name, address FROM service_stations ORDER BY id').all() as WorldSet['stations'];
      const partyBranches = db.prepare('SELECT id, village_code AS villageCode, name FROM party_branches ORDER BY id').all() as WorldSet['partyBranches'];
      const staff = db.prepare('SELECT id, grid_id AS gridId, role, name, phone, leader_id AS leaderId, households FROM staff ORDER BY grid_id, id')
        .all() as { id: string; gridId: string; role: StaffRole; name: string; phone: string; leaderId: string | null; households: number }[];
      const cellStats = (db.prepare('SELECT grid_id, standing FROM cell_stats ORDER BY grid_id').all() as { grid_id: string; standing: string }[])
        .map((r) => ({ gridId: r.grid_id, ...(JSON.parse(r.standing) as ModuleStanding) }));
      return { cells, stations, partyBranches, staff, cellStats };
    },

    /** Cells that tickets are filed in but `keep` lacks: what a replacement would orphan (ticket count, lowest id). */
    ticketsOutside(keep: ReadonlySet<string>): { gridId: string; tickets: number; firstId: number }[] {
      const rows = db.prepare('SELECT grid_id AS gridId, count(*) AS tickets, min(id) AS firstId FROM tickets GROUP BY grid_id ORDER BY grid_id')
        .all() as { gridId: string; tickets: number; firstId: number }[];
      return rows.filter((r) => !keep.has(r.gridId));
    },

    /**
     * Replaces cells, organisation, staff and standing numbers in one transaction (divisions first on a fresh
     * database). Tickets are never touched: the caller has checked that every ticket's cell is in `set`.
     */
    replaceWorld(set: WorldSet, divisions: DivisionRows | null, source: string): void {
      db.transaction(() => {
        if (divisions) insertDivisionRows(db, divisions);
        db.exec('DELETE FROM staff; DELETE FROM service_stations; DELETE FROM cell_stats; DELETE FROM party_branches;');
        // Cells with tickets stay (tickets reference them) and are updated in place; the others go.
        const keep = new Set(set.cells.map((c) => c.id));
        const del = db.prepare('DELETE FROM grid_cells WHERE id = ?');
        for (const id of db.prepare('SELECT id FROM grid_cells').pluck().all() as string[]) if (!keep.has(id)) del.run(id);
        const upd = db.prepare('UPDATE grid_cells SET village_code = ?, town_code = ?, name = ?, households = ?, area_km2 = ?, geometry = ?, centroid_lng = ?, centroid_lat = ? WHERE id = ?');
        const fresh = set.cells.filter((c) => upd.run(c.villageCode, c.townCode, c.name, c.households, c.areaKm2, JSON.stringify(c.geometry), ...c.centroid, c.id).changes === 0);
        insertWorldRows(db, { ...set, cells: fresh });
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('world_source', source);
        // The aggregates saved at the last clean shutdown counted the old world's organisation: count afresh.
        db.prepare("DELETE FROM meta WHERE key = 'saved_aggregates'").run();
      })();
    },
  };
}
export type WorldWriter = ReturnType<typeof createWorldWriter>;
