import type { World } from '../../shared/world.js';
import { generateWorld } from '../../fixtures/generate.js';
import { cellActivity, type StreamCell } from '../../fixtures/streams.js';
import type { CellTally } from '../domain/module-activity.js';
import type { WorldRepository } from '../storage/world-repository.js';

/*
 * The server's only door to fixtures/ (the lint layer table enforces it): the demo world it seeds on first start and
 * the hour-by-hour module streams the replay plays. Demo mode alone loads it (app.ts imports it on demand): the world's
 * types are the product's (shared/world.ts), and live mode's divisions come from server/world/divisions.ts.
 */

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
 * The 人车房物 module streams of every cell in one virtual hour, as tallies at the hour's start: the demo feeds them
 * through the same path as other systems' events (LiveState.recordModules).
 */
export function activityOfHour(cells: readonly StreamCell[]): (hour: number) => CellTally[] {
  return (hour) => cells.map((c) => ({ gridId: c.id, at: hour, ...cellActivity(c, hour), households: 0, rented: 0, vacant: 0 }));
}
