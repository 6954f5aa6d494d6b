import { loadConfig } from './config.js';

/**
 * The frame of the world:import and world:export commands: the folder from argv (usage and exit code 2 without it),
 * MOSHAO_DB from the config, and any error as one line `moshao <command>: message` with exit code 1. `work` does the
 * rest and returns false where it failed (it has said why).
 */
export function runWorldCommand(command: string, usage: string, work: (dbPath: string, dir: string) => boolean): void {
  const dir = process.argv[2];
  if (!dir) {
    console.error(`usage: npm run ${command} -- <dir>   (${usage})`);
    process.exit(2);
  }
  try {
    if (!work(loadConfig().MOSHAO_DB, dir)) process.exitCode = 1;
  } catch (err) {
    console.error(`moshao ${command}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
