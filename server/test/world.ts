import type { World } from '../../shared/world.js';
import { generateWorld } from '../../fixtures/generate.js';

let cached: World | null = null;

/** A small world (about 1% of the 2023 tickets) shared by the tests of one file. */
export function smallWorld(): World {
  cached ??= generateWorld({ seed: 20230101, ticketScale: 0.01 });
  return cached;
}
