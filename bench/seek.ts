import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, type BenchConfig } from './config.js';
import { startBurner } from './lib/burn.js';
import { spawnChild } from './lib/child.js';
import { fmtMs, percentile } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';
import { copyDb } from './lib/tmp.js';
import type { Worlds } from './lib/worlds.js';

const SEEK_GOAL_MS = 1000;
const STALL_GOAL_MS = 100;
const INTAKE_DURING_SEEKS_GOAL_MS = 300;
const SEEK_LOOP_SECONDS = 10;

/** Runs `job` beside a process burning one core (unless BENCH_SEEK_BURN=0); gives the 1-minute load average at its end. */
async function underLoad<T>(cfg: BenchConfig, job: () => Promise<T>): Promise<{ result: T; load: string }> {
  const burner = cfg.seekBurn ? startBurner() : null;
  if (burner) log(`a second process (pid ${burner.pid}) burns one core during the seeks`);
  try {
    const result = await job();
    const { load } = burner ? await burner.stop() : { load: loadavg()[0] };
    return { result, load: `1-min load average ${load.toFixed(2)}${burner ? ', one core burnt by a second process' : ''}` };
  } finally {
    await burner?.stop();
  }
}

/**
 * Seeks anywhere in the full 2023 year (p95 of 20, both directions), the year's loop, and the worst event-loop stall,
 * by default on a loaded machine: a second process burns one core meanwhile.
 */
export async function benchSeek(cfg: BenchConfig, tmp: string, worlds: Worlds): Promise<Row[]> {
  const db = copyDb(await worlds.worldDb(), join(tmp, 'seek.db'));
  // With BENCH_PROFILE=1 the seek child writes a .cpuprofile next to the results, as the other app children do.
  const nodeFlags = cfg.profile ? ['--cpu-prof', '--cpu-prof-dir', fileURLToPath(new URL('./results/profiles', import.meta.url))] : [];
  const { result: r, load } = await underLoad(cfg, async () => {
    const child = await spawnChild<{ seeks: { to: number; ms: number; cpuMs: number; changed: number; phases: { foldMs: number; writeMs: number; aggregatesMs: number } }[]; seekStallMs: number; loopMs: number; loopStallMs: number; idleStallMs: number }>(
      'seek', 'jobs/seek-year.ts', { args: [db, String(cfg.seekCount)], nodeFlags, timeoutMs: 600_000 },
    );
    await child.exited;
    return child.ready;
  });
  log(`seeks measured with ${load}`);
  for (const s of r.seeks) {
    const p = s.phases;
    log(`seek to ${new Date(s.to).toISOString()}: ${fmtMs(s.ms)}, ${fmtMs(s.cpuMs)} of CPU (${s.changed} tickets changed; fold ${fmtMs(p.foldMs)}, write ${fmtMs(p.writeMs)}, aggregates ${fmtMs(p.aggregatesMs)})`);
  }
  const times = r.seeks.map((s) => s.ms);
  const p95 = percentile(times, 95);
  const worstStall = Math.max(r.seekStallMs, r.loopStallMs);
  const loop = await seekLoop(cfg, tmp, worlds);
  return [
    {
      benchmark: `seek anywhere in 2023 (p95 of ${times.length}, both directions; full world)`,
      baseline: `p50 ${fmtMs(percentile(times, 50))}`,
      ours: fmtMs(p95),
      ratio: '—',
      goal: `<= ${fmtMs(SEEK_GOAL_MS)}`,
      verdict: p95 <= SEEK_GOAL_MS ? 'met' : 'MISSED',
      note: `max ${fmtMs(Math.max(...times))}; the year's loop (end -> start) ${fmtMs(r.loopMs)}; ${load}`,
    },
    {
      benchmark: 'worst event-loop stall during the seeks and the year\'s loop (end -> start -> end)',
      baseline: `${fmtMs(r.idleStallMs)} idle loop`,
      ours: fmtMs(worstStall),
      ratio: ratio(worstStall, r.idleStallMs),
      goal: `<= ${fmtMs(STALL_GOAL_MS)}`,
      verdict: worstStall <= STALL_GOAL_MS ? 'met' : 'MISSED',
      note: `seeks ${fmtMs(r.seekStallMs)}, loop ${fmtMs(r.loopStallMs)} (monitorEventLoopDelay, 10 ms resolution); ${load}`,
    },
    loop,
  ];
}

/** Intake p95 while four callers loop seeks for 10 s (bench/jobs/seek-loop.ts), against the same without seeks. */
async function seekLoop(cfg: BenchConfig, tmp: string, worlds: Worlds): Promise<Row> {
  const db = copyDb(await worlds.worldDb(), join(tmp, 'seek-loop.db'));
  const { result: r, load } = await underLoad(cfg, async () => {
    const child = await spawnChild<{ quietMs: number[]; loopMs: number[]; answers: Record<string, number>; jumps: number; callers: number }>(
      'seek-loop', 'jobs/seek-loop.ts', { args: [db, String(SEEK_LOOP_SECONDS)], timeoutMs: 600_000 },
    );
    await child.exited;
    return child.ready;
  });
  const p95 = percentile(r.loopMs, 95);
  const a = r.answers;
  return {
    benchmark: `intake p95 during a seek loop (${r.callers} callers, ${SEEK_LOOP_SECONDS} s; full world)`,
    baseline: `no seeks: p95 ${fmtMs(percentile(r.quietMs, 95))}`,
    ours: fmtMs(p95),
    ratio: '—',
    goal: `< ${fmtMs(INTAKE_DURING_SEEKS_GOAL_MS)}`,
    verdict: p95 < INTAKE_DURING_SEEKS_GOAL_MS ? 'met' : 'MISSED',
    note: `${r.loopMs.length} filings, max ${fmtMs(Math.max(...r.loopMs))}; seeks ran ${a.ran}, superseded ${a.superseded}, over budget ${a.limited}; ${r.jumps} jumps; ${load}`,
  };
}
