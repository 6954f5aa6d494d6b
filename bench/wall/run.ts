/**
 * `npx tsx bench/wall/run.ts`: the wall in Chromium during an accelerated replay; prints one table.
 * WALL_BENCH_MINUTES (default 10), WALL_BENCH_SPEED (default 3600; 0 = max), WALL_BENCH_WARMUP_S (default 45),
 * WALL_BENCH_SCALE (ticket scale of the world, default 1), WALL_BENCH_SIZE (viewport, default 1920x1080; the LED wall
 * is 6656x1792), WALL_BENCH_INTAKE_S (seconds between tickets filed over HTTP, default 3; 0 = none),
 * WALL_BENCH_HEAP_SNAPSHOTS=1 (heap snapshots at minute 5, or 0 for runs under 10 minutes, and at the end, diffed).
 */
import { renderTable } from '../lib/table.js';
import { runWallBenchDetailed } from './wall-bench.js';

const env = (name: string): number | undefined => (process.env[name] === undefined || process.env[name] === '' ? undefined : Number(process.env[name]));

function viewportOf(value: string | undefined): { width: number; height: number } | undefined {
  if (!value) return undefined;
  const m = /^(\d{3,5})x(\d{3,5})$/.exec(value);
  if (!m) throw new Error(`Invalid WALL_BENCH_SIZE="${value}": must be <width>x<height>, e.g. 6656x1792`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

const result = await runWallBenchDetailed({
  minutes: env('WALL_BENCH_MINUTES'),
  speed: env('WALL_BENCH_SPEED'),
  warmupSeconds: env('WALL_BENCH_WARMUP_S'),
  ticketScale: env('WALL_BENCH_SCALE'),
  viewport: viewportOf(process.env.WALL_BENCH_SIZE),
  intakeEverySeconds: env('WALL_BENCH_INTAKE_S'),
  heapSnapshots: process.env.WALL_BENCH_HEAP_SNAPSHOTS === '1',
});
console.log(renderTable(result.rows));
if (result.heapDiff.length > 0) console.log(['', 'What grew between the heap snapshots:', ...result.heapDiff.map((l) => `- ${l}`)].join('\n'));
process.exitCode = result.rows.some((r) => r.verdict === 'MISSED') ? 1 : 0;
