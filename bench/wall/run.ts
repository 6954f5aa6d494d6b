/**
 * `npx tsx bench/wall/run.ts`: the wall in Chromium during an accelerated replay; prints one table.
 * WALL_BENCH_MINUTES (default 10), WALL_BENCH_SPEED (default 3600; 0 = max), WALL_BENCH_WARMUP_S (default 45),
 * WALL_BENCH_SCALE (ticket scale of the world, default 1).
 */
import { renderTable } from '../lib/table.js';
import { runWallBenchDetailed } from './wall-bench.js';

const env = (name: string): number | undefined => (process.env[name] === undefined || process.env[name] === '' ? undefined : Number(process.env[name]));

const result = await runWallBenchDetailed({
  minutes: env('WALL_BENCH_MINUTES'),
  speed: env('WALL_BENCH_SPEED'),
  warmupSeconds: env('WALL_BENCH_WARMUP_S'),
  ticketScale: env('WALL_BENCH_SCALE'),
});
console.log(renderTable(result.rows));
process.exitCode = result.rows.some((r) => r.verdict === 'MISSED') ? 1 : 0;
