/**
 * Every knob of `npm run bench`, read once from the environment. BENCH_QUICK=1 shrinks durations for a ~1 minute
 * smoke run (the figures are then indicative only); any single BENCH_* variable overrides the preset.
 */
export interface BenchConfig {
  quick: boolean;
  /** Which benchmarks to run, e.g. BENCH_ONLY=ingest,push (default: all). */
  only: Set<string>;
  ingestSeconds: number;
  ingestWarmupSeconds: number;
  ingestConnections: number;
  pushClients: number;
  /** Client processes the push clients are spread over (they need CPU of their own to read 1,000 sockets). */
  pushClientProcs: number;
  pushSeconds: number;
  /** Each server gets one ticket per interval; the two are interleaved within it (bench/lib/push-run.ts). */
  pushIntervalMs: number;
  /**
   * Days of 2023 to replay (365 = the whole year). Quick runs the first 36 days of the real plan, judged pro rata:
   * a scaled-down plan would not do, as the hourly module streams cost the same per hour at any ticket scale.
   */
  replayDays: number;
  /** Seeks to time in the seek benchmark (p95 over them). */
  seekCount: number;
  /** Run the seek benchmark beside a second process burning one core (BENCH_SEEK_BURN=0: on a quiet machine). */
  seekBurn: boolean;
  snapshotTickets: number;
  snapshotRequests: number;
  coldRuns: number;
  /** Write a V8 CPU profile of the app child of each benchmark to bench/results/ (evidence for a missed goal). */
  profile: boolean;
  keepTmp: boolean;
}

const ALL = ['ingest', 'push', 'replay', 'seek', 'snapshot', 'locate', 'supervise', 'reports', 'media'];

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${raw} must be a non-negative number`);
  return n;
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const only = new Set((env.BENCH_ONLY ?? ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
  for (const name of only) if (!ALL.includes(name)) throw new Error(`BENCH_ONLY: unknown benchmark "${name}" (use ${ALL.join(', ')})`);
  return {
    quick,
    only,
    ingestSeconds: num(env, 'BENCH_INGEST_SECONDS', quick ? 3 : 10),
    ingestWarmupSeconds: num(env, 'BENCH_INGEST_WARMUP_SECONDS', quick ? 1 : 2),
    ingestConnections: num(env, 'BENCH_INGEST_CONNECTIONS', 20),
    pushClients: num(env, 'BENCH_PUSH_CLIENTS', quick ? 200 : 1000),
    pushClientProcs: Math.max(1, num(env, 'BENCH_PUSH_CLIENT_PROCS', 2)),
    pushSeconds: num(env, 'BENCH_PUSH_SECONDS', quick ? 4 : 15),
    pushIntervalMs: Math.max(300, num(env, 'BENCH_PUSH_INTERVAL_MS', 600)),
    replayDays: Math.min(365, Math.max(1, num(env, 'BENCH_REPLAY_DAYS', quick ? 36 : 365))),
    seekCount: Math.max(1, num(env, 'BENCH_SEEK_COUNT', quick ? 5 : 20)),
    seekBurn: env.BENCH_SEEK_BURN !== '0',
    snapshotTickets: num(env, 'BENCH_SNAPSHOT_TICKETS', quick ? 100_000 : 1_000_000),
    snapshotRequests: num(env, 'BENCH_SNAPSHOT_REQUESTS', quick ? 500 : 2000),
    coldRuns: Math.max(1, num(env, 'BENCH_COLD_RUNS', quick ? 1 : 3)),
    profile: env.BENCH_PROFILE === '1',
    keepTmp: env.BENCH_KEEP_TMP === '1',
  };
}

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
