import { copyFileSync, existsSync } from 'node:fs';
import { buildApp } from '../server/app.js';
import { REPLAY_YEAR_START_MS } from '../shared/constants.js';

/** Profiling aid: replays the first N days on a copy of a freshly generated database. */
async function main() {
  const base = '/tmp/prof/base.db';
  if (!existsSync(base)) {
    const app = await buildApp({ dbPath: base, clientDir: '/nonexistent' });
    await app.close();
  }
  copyFileSync(base, '/tmp/prof/run.db');
  const app = await buildApp({ dbPath: '/tmp/prof/run.db', clientDir: '/nonexistent' });
  const days = Number(process.argv[2] ?? 60);
  const t0 = Date.now();
  await app.moshao.replayer!.playTo(REPLAY_YEAR_START_MS + days * 86400_000);
  console.log(`${days} days ${Date.now() - t0} ms`);
  await app.close();
}
void main();
