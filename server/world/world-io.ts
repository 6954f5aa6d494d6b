import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../storage/database.js';
import { createWorldWriter } from '../storage/world-writer.js';
import { liveDivisions } from './divisions.js';
import { exportWorldFiles } from './export-world.js';
import { WORLD_FILES } from './format.js';
import { readWorldSet } from './read-world.js';

/*
 * The file side of world:export and world:import: directories in, database out and back. The checks themselves are
 * the pure functions of read-world.ts; this only reads files, opens the database and writes in one transaction.
 */

export interface WorldTotals { cells: number; staff: number; stations: number; partyBranches: number }

/** Writes the world of `dbPath` into `dir` (created when missing); never overwrites a file. */
export function exportWorld(dbPath: string, dir: string): WorldTotals {
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new Error(`MOSHAO_DB ${dbPath} does not exist: nothing to export`);
  const taken = Object.values(WORLD_FILES).filter((f) => existsSync(join(dir, f)));
  if (taken.length > 0) throw new Error(`${join(dir, taken[0])} exists; export into an empty directory (an export never overwrites)`);
  const db = openDatabase(dbPath);
  try {
    const set = createWorldWriter(db).snapshot();
    if (set.cells.length === 0) throw new Error(`MOSHAO_DB ${dbPath} has no grid cells: no world to export`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(exportWorldFiles(set))) writeFileSync(join(dir, name), text, { flag: 'wx' });
    return { cells: set.cells.length, staff: set.staff.length, stations: set.stations.length, partyBranches: set.partyBranches.length };
  } finally {
    db.close();
  }
}

export type ImportOutcome = { ok: true; totals: WorldTotals; created: boolean } | { ok: false; problems: string[] };

/** The files of a set that exist in `dir`, by name. */
function readDir(dir: string): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const name of Object.values(WORLD_FILES)) {
    const path = join(dir, name);
    if (existsSync(path)) out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

/**
 * Checks the set in `dir` against the divisions and, when every check passes and no ticket would lose its cell,
 * replaces the world of `dbPath` (created with the real divisions when missing) in one transaction. On any problem
 * nothing is written, not even a new database file.
 */
export function importWorld(dbPath: string, dir: string): ImportOutcome {
  if (!existsSync(dir)) return { ok: false, problems: [`${dir}: no such directory`] };
  const files = readDir(dir);
  const fresh = dbPath !== ':memory:' && !existsSync(dbPath);
  if (fresh) {
    const divisions = liveDivisions();
    const reading = readWorldSet(files, divisions);
    if (!reading.ok) return reading;
    const db = openDatabase(dbPath);
    try {
      createWorldWriter(db).replaceWorld(reading.set, divisions, `import ${new Date().toISOString()}`);
    } finally {
      db.close();
    }
    return { ok: true, totals: totalsOf(reading.set), created: true };
  }
  const db = openDatabase(dbPath);
  try {
    const writer = createWorldWriter(db);
    const newDivisions = writer.hasDivisions() ? null : liveDivisions();
    const reading = readWorldSet(files, newDivisions ?? writer.divisions());
    if (!reading.ok) return reading;
    const orphans = writer.ticketsOutside(new Set(reading.set.cells.map((c) => c.id)));
    if (orphans.length > 0) {
      return {
        ok: false,
        problems: orphans.map((o) => `${WORLD_FILES.cells}: cell ${o.gridId} is missing, but ${o.tickets} ticket${o.tickets > 1 ? 's are' : ' is'} filed in it (ticket ${o.firstId}${o.tickets > 1 ? ' and others' : ''}); tickets are never deleted, so keep the cell in the set`),
      };
    }
    writer.replaceWorld(reading.set, newDivisions, `import ${new Date().toISOString()}`);
    return { ok: true, totals: totalsOf(reading.set), created: false };
  } finally {
    db.close();
  }
}

const totalsOf = (s: { cells: unknown[]; staff: unknown[]; stations: unknown[]; partyBranches: unknown[] }): WorldTotals => ({
  cells: s.cells.length, staff: s.staff.length, stations: s.stations.length, partyBranches: s.partyBranches.length,
});
