/**
 * Seeks in the full 2023 year: a copy of the world database, the timeline loaded, then `count` seeks to deterministic
 * pseudo-random instants (both directions), then the year's loop (end -> start, and through the year again). Times
 * each seek and records the worst event-loop stall (perf_hooks.monitorEventLoopDelay, 10 ms resolution) while seeking,
 * against the idle loop's beforehand. Prints one JSON line.
 * argv: <db: a copy of the world database> [count, default 20]
 */
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../../server/app.js';
import { idleStallMs, watchStalls } from '../lib/stall.js';

const [dbPath, countArg] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seek-year.ts <db> [count]');
const count = Number(countArg ?? 20);
const app = await buildApp({ dbPath, mode: 'demo', autoPlay: false, clientDir: '/nonexistent' });
const replayer = app.moshao.replayer!;
await replayer.prepare();

// A small LCG: the same instants in every run, so runs compare.
let x = 20231017;
const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const idleMs = await idleStallMs();
const stall = watchStalls();
const seeks: { to: number; ms: number; cpuMs: number; changed: number; phases: { foldMs: number; writeMs: number; aggregatesMs: number } }[] = [];
for (let i = 0; i < count; i++) {
  const to = REPLAY_YEAR_START_MS + Math.floor(next() * (REPLAY_YEAR_END_MS - REPLAY_YEAR_START_MS));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await replayer.seekTo(to);
  // The process's CPU time as well as the wall time: on a machine others load, the CPU a seek needs compares across runs.
  const cpu = process.cpuUsage(cpu0);
  seeks.push({ to, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, changed: r.changed, phases: r.phases });
}
const seekStallMs = stall.worstMs();
await replayer.seekTo(REPLAY_YEAR_END_MS);
stall.reset();
const t0 = performance.now();
await replayer.seekTo(REPLAY_YEAR_START_MS); // what the year's loop does
const loopMs = performance.now() - t0;
await replayer.seekTo(REPLAY_YEAR_END_MS); // and through the year again
const loopStallMs = stall.worstMs();
stall.stop();
await app.close();
process.stdout.write(`${JSON.stringify({ seeks, seekStallMs, loopMs, loopStallMs, idleStallMs: idleMs })}\n`);
