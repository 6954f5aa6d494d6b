/**
 * The reports on the district's full year: the workbook of 2023 (by village, and the other groupings it holds), a
 * month's KPIs as JSON, and the year's tickets as CSV, over real HTTP, with the worst event-loop stall and the peak
 * resident memory (process.memoryUsage().rss, sampled every 10 ms) of each.
 *
 *   npx tsx bench/reports.ts                 # builds the full world at the year's end first (untimed, a minute or two)
 *   REPORTS_BENCH_DB=/path/year.db npx tsx bench/reports.ts   # reuses such a database (copied, never written)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildApp } from '../server/app.js';
import { REPLAY_YEAR_END_MS } from '../shared/constants.js';
import { SESSION_COOKIE } from '../shared/schemas/auth.js';
import { copyDb, makeTmpDir, removeTmpDir } from './lib/tmp.js';

const GOAL_MS = 5_000;
const PASSWORD = 'bench-admin-password-1';

async function yearDb(tmp: string): Promise<string> {
  const given = process.env.REPORTS_BENCH_DB;
  if (given && existsSync(given)) return given;
  const path = join(tmp, 'year.db');
  console.log(`building the full world (62,009 tickets) at the year's end into ${path} (untimed)`);
  const app = await buildApp({
    dbPath: path, mode: 'demo', autoPlay: false, ticketScale: 1, clientDir: '/nonexistent',
    replayFrom: { at: REPLAY_YEAR_END_MS - 60_000, always: true },
  });
  await app.close();
  return path;
}

interface Run {
  ms: number;
  bytes: number;
  status: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  stallMs: number;
  /** CPU time of this process meanwhile (user + system): what the run costs whatever else loads the machine. */
  cpuMs: number;
}

/** One GET, its body read as a stream (never held whole), timed, with memory and event-loop delay sampled meanwhile. */
async function measure(url: string, cookie: string): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const res = await fetch(url, { headers: { cookie } });
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  loop.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, bytes, status: res.status, rssBeforeMb: rssBefore / 2 ** 20, rssPeakMb: peak / 2 ** 20, stallMs: loop.max / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

const tmp = makeTmpDir();
try {
  const db = copyDb(await yearDb(tmp), join(tmp, 'bench.db'));
  const app = await buildApp({ dbPath: db, mode: 'demo', autoPlay: false, clientDir: '/nonexistent', adminPassword: PASSWORD });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The demo loads its timeline for seeks in the background after start: let it finish, so it is not measured.
  await app.moshao.replayer?.prepare();
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const session = /moshao_session=([^;]+)/.exec(login.headers.getSetCookie().join('; '))?.[1];
  if (!session) throw new Error(`login failed: ${login.status}`);
  const cookie = `${SESSION_COOKIE}=${session}`;
  const tickets = (app.moshao.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number);
  const events = (app.moshao.db.prepare('SELECT count(*) FROM ticket_events').pluck().get() as number);
  console.log(`database: ${tickets} tickets, ${events} events; clock ${new Date(app.moshao.now()).toISOString()}`);

  const runs: [string, string][] = [
    ['district, 2023, workbook (all groupings; by village asked)', '/api/reports/kpi.xlsx?from=2023-01-01&to=2024-01-01&by=village'],
    ['district, 2023, JSON by village', '/api/reports/kpi?from=2023-01-01&to=2024-01-01&by=village'],
    ['district, October 2023, JSON by town', '/api/reports/kpi?from=2023-10-01&to=2023-11-01&by=town'],
    ['the first quarter\'s tickets as CSV', '/api/tickets.csv?to=2023-04-01T00:00:00%2B08:00'],
    ['the year\'s tickets as CSV (every ticket)', '/api/tickets.csv'],
  ];
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores`);
  console.log('| what | status | time | CPU time | bytes | rss before | rss peak | worst event-loop stall | goal |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [what, path] of runs) {
    const r = await measure(base + path, cookie);
    const goal = path.includes('.xlsx') || path.includes('.csv') ? `${r.ms <= GOAL_MS ? 'met' : 'MISSED'} (<= 5 s)` : '—';
    console.log(`| ${what} | ${r.status} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${(r.bytes / 2 ** 20).toFixed(1)} MiB | ${r.rssBeforeMb.toFixed(0)} MiB | ${r.rssPeakMb.toFixed(0)} MiB (+${(r.rssPeakMb - r.rssBeforeMb).toFixed(0)}) | ${r.stallMs.toFixed(0)} ms | ${goal} |`);
  }
  await app.close();
} finally {
  if (!process.env.BENCH_KEEP_TMP) removeTmpDir(tmp);
}
