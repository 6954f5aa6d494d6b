/**
 * Seeks in the full 2023 year: a copy of the world database, the timeline loaded, then `count` seeks to deterministic
 * pseudo-random instants (both directions), then the year's loop (end -> start). Times each seek and records the worst
 * event-loop stall (perf_hooks.monitorEventLoopDelay, 10 ms resolution) while seeking. Prints one JSON line.
 * argv: <db: a copy of the world database> [count, default 20]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../../server/app.js';

const [dbPath, countArg] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seek-year.ts <db> [count]');
const count = Number(countArg ?? 20);
const app = await buildApp({ dbPath, mode: 'demo', autoPlay: false, clientDir: '/nonexistent' });
const replayer = app.moshao.replayer!;
await replayer.prepare();

// A small LCG: the same instants in every run, so runs compare.
let x = 20231017;
const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const stall = monitorEventLoopDelay({ resolution: 10 });
stall.enable();
const seeks: { to: number; ms: number; changed: number }[] = [];
for (let i = 0; i < count; i++) {
  const to = REPLAY_YEAR_START_MS + Math.floor(next() * (REPLAY_YEAR_END_MS - REPLAY_YEAR_START_MS));
  const t0 = performance.now();
  const r = await replayer.seekTo(to);
  seeks.push({ to, ms: performance.now() - t0, changed: r.changed });
}
const seekStallMs = stall.max / 1e6;
await replayer.seekTo(REPLAY_YEAR_END_MS);
stall.reset();
const t0 = performance.now();
await replayer.seekTo(REPLAY_YEAR_START_MS); // what the year's loop does
const loopMs = performance.now() - t0;
const loopStallMs = stall.max / 1e6;
stall.disable();
await app.close();
process.stdout.write(`${JSON.stringify({ seeks, seekStallMs, loopMs, loopStallMs })}\n`);
