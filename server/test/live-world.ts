import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorld, importWorld } from '../world/world-io.js';
import { testApp } from './app.js';

/**
 * A live database with the small test world imported the way an operator does it (npm run world:export from a demo
 * database, then npm run world:import): live mode never generates a world. Built once per folder; each call returns a
 * fresh copy named `name`.
 */
export async function liveDbWithWorld(dir: string, name: string): Promise<string> {
  const template = join(dir, 'live-template.db');
  if (!existsSync(template)) {
    const demo = join(dir, 'demo-source.db');
    await (await testApp({ dbPath: demo })).close();
    const set = join(dir, 'world-set');
    mkdirSync(set, { recursive: true });
    exportWorld(demo, set);
    const outcome = importWorld(template, set);
    if (!outcome.ok) throw new Error(`the test world did not import: ${outcome.problems.slice(0, 3).join('; ')}`);
  }
  const path = join(dir, name);
  copyFileSync(template, path);
  return path;
}
