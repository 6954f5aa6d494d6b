import { join } from 'node:path';
import { log, type BenchConfig } from './config.js';
import { spawnChild, type Child } from './lib/child.js';
import { timedGets, waitForOk } from './lib/http.js';
import { fmtInt, fmtMs, fmtS, median, percentile } from './lib/stats.js';
import { buildSyntheticDb } from './lib/synthetic.js';
import { ratio, type Row } from './lib/table.js';
import { copyDb } from './lib/tmp.js';
import type { Worlds } from './lib/worlds.js';

const SUMMARY_GOAL_MS = 20;
const COLD_GOAL_MS = 5000;

interface AppReady {
  port: number;
  startup: { beforeImportMs: number; importMs: number; buildAppMs: number; listenMs: number };
  rebuild: string;
}

/** Spawns the app on `db` and times process start -> first 200 from /api/health (what an operator waits for). */
async function coldStart(name: string, db: string, profileFlags: string[]): Promise<{ child: Child<AppReady>; ms: number }> {
  const child = await spawnChild<AppReady>(name, 'servers/app-server.ts', { env: { BENCH_DB: db }, nodeFlags: profileFlags, timeoutMs: 300_000 });
  const answered = await waitForOk(child.ready.port, '/api/health');
  return { child, ms: answered - child.spawnedAt };
}

const describeStartup = (r: AppReady) =>
  `node+tsx ${fmtMs(r.startup.beforeImportMs)}, imports ${fmtMs(r.startup.importMs)}, buildApp ${fmtMs(r.startup.buildAppMs)} (${r.rebuild}), listen ${fmtMs(r.startup.listenMs)}`;

/** Summary latency and cold start on a database with a million tickets; baselines: /api/health and an empty database. */
export async function benchSnapshot(cfg: BenchConfig, tmp: string, worlds: Worlds, profileFlags: string[]): Promise<Row[]> {
  const { path: templates } = await worlds.replayed();
  const emptyDb = copyDb(await worlds.worldDb(), join(tmp, 'snapshot-empty.db'));
  const bigDb = copyDb(templates, join(tmp, 'snapshot-big.db'));
  log(`snapshot: bulk-inserting ${fmtInt(cfg.snapshotTickets)} synthetic tickets (untimed)`);
  const built = buildSyntheticDb(bigDb, templates, cfg.snapshotTickets);
  log(`snapshot: database ready in ${fmtS(built.ms)}`);

  // Alternate empty and big so both see the same page-cache and CPU conditions; keep the last big one for the loops.
  const emptyMs: number[] = [];
  const bigMs: number[] = [];
  let last: { child: Child<AppReady>; ms: number } | null = null;
  let bigReady: AppReady | null = null;
  for (let i = 0; i < cfg.coldRuns; i++) {
    const empty = await coldStart('cold-empty', emptyDb, []);
    emptyMs.push(empty.ms);
    log(`cold start, empty db #${i + 1}: ${fmtS(empty.ms)} — ${describeStartup(empty.child.ready)}`);
    await empty.child.stop();
    if (last) await last.child.stop();
    last = await coldStart('cold-big', bigDb, i === cfg.coldRuns - 1 ? profileFlags : []);
    bigMs.push(last.ms);
    bigReady = last.child.ready;
    log(`cold start, ${fmtInt(built.tickets)} tickets #${i + 1}: ${fmtS(last.ms)} — ${describeStartup(bigReady)}`);
  }

  const port = last!.child.ready.port;
  const warmup = Math.max(50, Math.round(cfg.snapshotRequests / 10));
  log(`snapshot: ${cfg.snapshotRequests} sequential GET /api/summary?scope=321171, then as many GET /api/health`);
  const summary = await timedGets(port, '/api/summary?scope=321171', cfg.snapshotRequests, warmup);
  const health = await timedGets(port, '/api/health', cfg.snapshotRequests, warmup);
  await last!.child.stop();

  const s95 = percentile(summary, 95);
  const h95 = percentile(health, 95);
  log(`summary p50 ${fmtMs(percentile(summary, 50))} p95 ${fmtMs(s95)} p99 ${fmtMs(percentile(summary, 99))}; health p50 ${fmtMs(percentile(health, 50))} p95 ${fmtMs(h95)}`);
  const coldBig = median(bigMs);
  const coldEmpty = median(emptyMs);
  const n = fmtInt(built.tickets);
  return [
    {
      benchmark: `snapshot: GET /api/summary?scope=321171 p95 (${n} tickets)`,
      baseline: `${fmtMs(h95)} /api/health`,
      ours: fmtMs(s95),
      ratio: ratio(s95, h95),
      goal: `<= ${SUMMARY_GOAL_MS} ms`,
      verdict: s95 <= SUMMARY_GOAL_MS ? 'met' : 'MISSED',
      note: s95 <= SUMMARY_GOAL_MS ? undefined : `p50 ${fmtMs(percentile(summary, 50))}, p99 ${fmtMs(percentile(summary, 99))} over ${summary.length} sequential requests.`,
    },
    {
      benchmark: `cold start to /api/health 200 (${n} tickets, median of ${cfg.coldRuns})`,
      baseline: `${fmtS(coldEmpty)} empty db`,
      ours: fmtS(coldBig),
      ratio: ratio(coldBig, coldEmpty),
      goal: `<= ${fmtS(COLD_GOAL_MS)}`,
      verdict: coldBig <= COLD_GOAL_MS ? 'met' : 'MISSED',
      note: coldBig <= COLD_GOAL_MS ? undefined : `${fmtS(coldBig - COLD_GOAL_MS)} over; where the time went (last run): ${describeStartup(bigReady!)}.`,
    },
  ];
}
