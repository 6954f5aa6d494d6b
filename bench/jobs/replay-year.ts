/**
 * Replays the 2023 plan at maximum speed on a copy of a freshly generated world database and prints one JSON line:
 * how long playTo took and what it wrote, and the worst event-loop stall meanwhile against the idle loop's beforehand.
 * Runs as its own process so the timing has a clean heap and JIT.
 * argv: <db to replay into: a copy of a world database that has no tickets yet> [days of 2023, default 365]
 */
import { DAY_MS, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../../server/app.js';
import { idleStallMs, watchStalls } from '../lib/stall.js';

const [dbPath, daysArg] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: replay-year.ts <db> [days]');
const days = Number(daysArg ?? 365);
const target = days >= 365 ? REPLAY_YEAR_END_MS : REPLAY_YEAR_START_MS + days * DAY_MS;
const app = await buildApp({ dbPath, mode: 'demo', autoPlay: false, clientDir: '/nonexistent' });
const count = (sql: string) => (app.moshao.db.prepare(sql).get() as { n: number }).n;
const steps = (app.moshao.db.prepare('SELECT count(*) AS n FROM ticket_events WHERE at <= ?').get(target) as { n: number }).n;
const idleMs = await idleStallMs();
const stall = watchStalls();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await app.moshao.replayer!.playTo(target);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
stall.stop();
const visible = (app.moshao.db.prepare('SELECT count(*) AS n FROM tickets WHERE reported_at <= ?').get(target) as { n: number }).n;
const result = { ms, cpuMs, steps, tickets: visible, events: count('SELECT count(*) AS n FROM ticket_events'), skipped: app.moshao.replayer!.skipped, stallMs: stall.worstMs(), idleStallMs: idleMs };
await app.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
