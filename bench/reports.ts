/**
 * `BENCH_ONLY=reports npm run bench`: the reports on the district's full year (bench/jobs/reports.ts in a child): the
 * district's 2023 workbook by village, the district's October PDF and the year's tickets as CSV, each against 5 s, the
 * CSV's memory against flat, every one against a 50 ms event-loop stall; then the monthly run of the last month due.
 * The full world at the year's end is built first (untimed, minutes); REPORTS_BENCH_DB=<file> reuses one (copied).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.js';
import { REPLAY_YEAR_END_MS } from '../shared/constants.js';
import { ensureClientBuilt } from '../test/browser/build-client.js';
import { log, type BenchConfig } from './config.js';
import type { ReportsRun } from './jobs/reports.js';
import { spawnChild } from './lib/child.js';
import { fmtMs } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';
import { copyDb } from './lib/tmp.js';

const GOAL_MS = 5_000;
const STALL_GOAL_MS = 50;
/** "Flat": the year's CSV (four times the quarter's bytes) may grow the RSS by at most this much more than the quarter's. */
const CSV_FLAT_MIB = 64;

async function yearDb(tmp: string): Promise<string> {
  const given = process.env.REPORTS_BENCH_DB;
  if (given && existsSync(given)) return given;
  const path = join(tmp, 'year.db');
  log(`reports: building the full world (62,009 tickets) at the year's end into ${path} (untimed)`);
  const app = await buildApp({
    dbPath: path, mode: 'demo', autoPlay: false, ticketScale: 1, clientDir: '/nonexistent',
    replayFrom: { at: REPLAY_YEAR_END_MS - 60_000, always: true },
  });
  await app.close();
  return path;
}

interface Result { tickets: number; events: number; idleMs: number; runs: ReportsRun[]; scheduled: { month: string; made: number; failed: number }; load: number }

export async function benchReports(_cfg: BenchConfig, tmp: string): Promise<Row[]> {
  const db = copyDb(await yearDb(tmp), join(tmp, 'reports.db'));
  const clientDir = ensureClientBuilt(fileURLToPath(new URL('..', import.meta.url)));
  const kept = join(tmp, 'kept');
  mkdirSync(kept, { recursive: true });
  const child = await spawnChild<Result>('reports', 'jobs/reports.ts', { args: [db, clientDir, kept], nodeFlags: ['--expose-gc'], timeoutMs: 900_000 });
  await child.exited;
  const r = child.ready;
  const run = (what: string) => r.runs.find((x) => x.what === what)!;
  const grew = (x: ReportsRun) => x.rssPeakMb - x.rssBeforeMb;
  const mib = (x: ReportsRun) => (x.bytes < 2 ** 20 ? `${(x.bytes / 1024).toFixed(0)} KiB` : `${(x.bytes / 2 ** 20).toFixed(1)} MiB`);
  const detail = (x: ReportsRun) => `CPU ${(x.cpuMs / 1000).toFixed(2)} s (this process), ${mib(x)}, RSS ${x.rssBeforeMb.toFixed(0)} -> ${x.rssPeakMb.toFixed(0)} MiB (+${grew(x).toFixed(0)}), worst stall ${fmtMs(x.stallMs)} (idle ${fmtMs(r.idleMs)}), status ${x.status}; 1-min load ${r.load.toFixed(1)}`;
  const timed = (what: string, label: string): Row => {
    const x = run(what);
    return {
      benchmark: label, baseline: '—', ours: `${(x.ms / 1000).toFixed(2)} s`, ratio: '—', goal: '<= 5 s',
      verdict: x.status === 200 && x.ms <= GOAL_MS ? 'met' : 'MISSED', note: detail(x),
    };
  };
  const worst = Math.max(...r.runs.map((x) => x.stallMs));
  const year = run('csv-year');
  const quarter = run('csv-quarter');
  const s = run('scheduled-month');
  return [
    timed('xlsx-year', `reports: district 2023 workbook by village (${r.events.toLocaleString('en-US')} events)`),
    timed('pdf-october', 'reports: district October 2023 PDF (Chromium)'),
    timed('csv-year', `reports: the year's ${r.tickets.toLocaleString('en-US')} tickets as CSV`),
    {
      benchmark: 'reports: CSV memory, the year vs a quarter', baseline: `+${grew(quarter).toFixed(0)} MiB (${mib(quarter)})`,
      ours: `+${grew(year).toFixed(0)} MiB (${mib(year)})`, ratio: ratio(grew(year), grew(quarter)), goal: `flat (<= quarter + ${CSV_FLAT_MIB} MiB)`,
      verdict: grew(year) <= grew(quarter) + CSV_FLAT_MIB ? 'met' : 'MISSED',
    },
    {
      benchmark: `reports: monthly run (${r.scheduled.month}: ${r.scheduled.made} files, district and towns)`, baseline: '—',
      ours: `${(s.ms / 1000).toFixed(1)} s`, ratio: '—', goal: 'every file made', verdict: r.scheduled.failed === 0 && r.scheduled.made > 0 ? 'met' : 'MISSED',
      note: detail(s),
    },
    {
      benchmark: 'reports: worst event-loop stall (all of the above)', baseline: `${fmtMs(r.idleMs)} idle loop`, ours: fmtMs(worst),
      ratio: ratio(worst, r.idleMs), goal: `<= ${fmtMs(STALL_GOAL_MS)}`, verdict: worst <= STALL_GOAL_MS ? 'met' : 'MISSED',
      note: r.runs.map((x) => `${x.what} ${fmtMs(x.stallMs)}`).join(', '),
    },
  ];
}
