import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { log } from '../config.js';
import { spawnChild } from './child.js';
import { copyDb } from './tmp.js';

export interface ReplayRun {
  ms: number;
  /** The replaying process's CPU time meanwhile (user + system). */
  cpuMs: number;
  steps: number;
  tickets: number;
  events: number;
  skipped: number;
  /** Worst event-loop stall while replaying (monitorEventLoopDelay). */
  stallMs: number;
  /** The same process's idle loop just before: the stall figure's baseline. */
  idleStallMs: number;
}

/**
 * Databases shared by the benchmarks of one run, each built once and only when first needed (untimed):
 * the full generated world with its 2023 plan and no tickets yet, and the same world after `days` of 2023 replayed.
 */
export function createWorlds(tmp: string, days: number, profileFlags: string[] = []) {
  let world: Promise<string> | null = null;
  let replayed: Promise<{ path: string; run: ReplayRun }> | null = null;

  const buildWorld = async (): Promise<string> => {
    const path = join(tmp, 'world.db');
    log(`generating the full fixture world (ticketScale 1) into ${path} (untimed)`);
    const app = await buildApp({ dbPath: path, mode: 'demo', autoPlay: false, ticketScale: 1, clientDir: '/nonexistent' });
    await app.close();
    return path;
  };

  const replay = async (): Promise<{ path: string; run: ReplayRun }> => {
    const path = copyDb(await worldDb(), join(tmp, 'replayed.db'));
    log(`replaying ${days === 365 ? 'the whole of 2023' : `the first ${days} days of 2023`} at top speed in a child process (replayer.playTo)`);
    const child = await spawnChild<ReplayRun>('replay', 'jobs/replay-year.ts', { args: [path, String(days)], nodeFlags: profileFlags, timeoutMs: 600_000 });
    // Let it exit by itself: a --cpu-prof profile is only written on a normal exit.
    await child.exited;
    return { path, run: child.ready };
  };

  const worldDb = () => (world ??= buildWorld());
  return {
    /** The world database: plan loaded, no tickets. Copy it; do not write to it. */
    worldDb,
    /** The world after a full replay, and how the replay went. The first caller pays for the replay. */
    replayed: () => (replayed ??= replay()),
  };
}
export type Worlds = ReturnType<typeof createWorlds>;
