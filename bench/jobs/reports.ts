/**
 * The reports on the district's full year, in a child of its own: the workbook of 2023 by village, the district's
 * October PDF, the year's tickets as CSV (and the JSON and a quarter's CSV beside them), over real HTTP from this
 * process, then the monthly run (the district's and every town's workbook and PDF of the last month due). For each:
 * wall time, this process's CPU time, the peak resident memory (sampled every 10 ms), the worst event-loop delay.
 * argv: <database (a copy: written)> <client dir (the print page)> <folder for the kept files>. Prints one JSON line.
 */
import { loadavg } from 'node:os';
import { buildApp } from '../../server/app.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { idleStallMs, watchStalls } from '../lib/stall.js';

const [dbPath, clientDir, keptDir] = process.argv.slice(2);
if (!dbPath || !clientDir || !keptDir) throw new Error('usage: reports.ts <db> <client dir> <kept dir>');
const PASSWORD = 'bench-admin-password-1';
const err = (line: string) => process.stderr.write(`${line}\n`);

export interface ReportsRun {
  what: string;
  status: number;
  ms: number;
  cpuMs: number;
  bytes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  stallMs: number;
}

/** Runs `work` with memory, CPU and the event loop watched. */
async function watched(what: string, work: () => Promise<{ status: number; bytes: number }>): Promise<ReportsRun> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const stalls = watchStalls();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { status, bytes } = await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const stallMs = stalls.worstMs();
  stalls.stop();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  err(`reports: ${what}: ${status}, ${(ms / 1000).toFixed(2)} s, stall ${stallMs.toFixed(0)} ms`);
  return { what, status, ms, cpuMs: (used.user + used.system) / 1000, bytes, rssBeforeMb: rssBefore / 2 ** 20, rssPeakMb: peak / 2 ** 20, stallMs };
}

const app = await buildApp({ dbPath, mode: 'demo', autoPlay: false, clientDir, adminPassword: PASSWORD, reports: { dir: keptDir } });
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
const tickets = app.moshao.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
const events = app.moshao.db.prepare('SELECT count(*) FROM ticket_events').pluck().get() as number;

/** One GET, its body read as a stream (never held whole). */
const get = (path: string) => async () => {
  const res = await fetch(base + path, { headers: { cookie } });
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return { status: res.status, bytes };
};

const idleMs = await idleStallMs();
const runs: ReportsRun[] = [];
for (const [what, path] of [
  ['xlsx-year', '/api/reports/kpi.xlsx?from=2023-01-01&to=2024-01-01&by=village'],
  ['pdf-october', '/api/reports/monthly.pdf?month=2023-10'],
  ['csv-year', '/api/tickets.csv'],
  ['json-year', '/api/reports/kpi?from=2023-01-01&to=2024-01-01&by=village'],
  ['csv-quarter', '/api/tickets.csv?to=2023-04-01T00:00:00%2B08:00'],
] as const) runs.push(await watched(what, get(path)));

let scheduled = { month: '', made: 0, failed: 0 };
runs.push(await watched('scheduled-month', async () => {
  const r = await app.moshao.reportSchedule!.runDue();
  scheduled = { month: r?.month ?? '', made: r?.made.length ?? 0, failed: r?.failed.length ?? 0 };
  return { status: r && r.failed.length === 0 ? 200 : 500, bytes: 0 };
}));
await app.close();
process.stdout.write(`${JSON.stringify({ tickets, events, idleMs, runs, scheduled, load: loadavg()[0] })}\n`);
