import type { World } from '../../fixtures/types.js';
import { CATEGORIES } from '../../fixtures/categories.js';
import { DEFAULT_SEED, generateWorld } from '../../fixtures/generate.js';
import { shortVillageName } from '../../fixtures/geo/allocate.js';
import { buildGeography } from '../../fixtures/geo/build-geography.js';
import { loadGeoSources } from '../../fixtures/geo/sources.js';
import { cellActivity, type StreamCell } from '../../fixtures/streams.js';
import type { CellTally } from '../domain/module-activity.js';
import type { WorldRepository } from '../storage/world-repository.js';
import type { DivisionRows, WorldWriter } from '../storage/world-writer.js';

/*
 * The server's only door to fixtures/ (the lint layer table enforces it): the demo world it seeds on first start, the
 * hour-by-hour module streams the replay plays, and the short village names the generator gave the handling units.
 * Whatever else of fixtures/ the server needs comes through here, so the generator can change without touching the
 * rest of the server.
 */

export type { World };

export interface SeedOptions {
  /** A pre-built world (tests share one); otherwise generated from seed and ticketScale. */
  world?: World;
  seed?: number;
  ticketScale?: number;
}

/** Loads the fixture world into a database that has none yet; a loaded database is left as it is. */
export function seedWorldIfEmpty(world: WorldRepository, opts: SeedOptions, progress: (line: string) => void): void {
  if (world.isLoaded()) return;
  if (world.listTowns().length > 0) {
    throw new Error('This database holds a live district (divisions or an imported world), not the demo: demo mode needs its own MOSHAO_DB.');
  }
  const started = Date.now();
  const w = opts.world ?? generateWorld({ seed: opts.seed, ticketScale: opts.ticketScale, onProgress: progress });
  world.insertWorld(w, progress);
  progress(`fixture world ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The real divisions (towns and villages with their codes and names) and the category catalogue, what a live database
 * starts from. Outlines are the demo's (the same seed): illustrative inside the real district outline.
 */
export function liveDivisions(): DivisionRows {
  const { divisions, districts } = loadGeoSources();
  const geo = buildGeography(divisions, districts, DEFAULT_SEED);
  return { categories: CATEGORIES.map((c) => ({ ...c })), towns: geo.towns, villages: geo.villages };
}

/** A live database without divisions gets them (and no cells: a live world is imported, never generated). */
export function seedDivisionsIfEmpty(writer: WorldWriter, progress: (line: string) => void): void {
  if (writer.hasDivisions()) return;
  const d = liveDivisions();
  writer.insertDivisions(d);
  progress(`divisions: ${d.towns.length} towns, ${d.villages.length} villages and communities; no grid cells yet (npm run world:import)`);
}

/** The name people use for a village's handling unit: 新茂社区, 石桥村, 丁卯社区 (the short names the cells carry). */
export const villageShortName: (fullName: string) => string = shortVillageName;

/**
 * The 人车房物 module streams of every cell in one virtual hour, as tallies at the hour's start: the demo feeds them
 * through the same path as other systems' events (LiveState.recordModules).
 */
export function activityOfHour(cells: readonly StreamCell[]): (hour: number) => CellTally[] {
  return (hour) => cells.map((c) => ({ gridId: c.id, at: hour, ...cellActivity(c, hour), households: 0, rented: 0, vacant: 0 }));
}
