/**
 * 督办 under a burst: a live app on a fresh database file, 10,000 open tickets whose closing deadline passes at the
 * same instant, 300 subscriptions (企业微信, 钉钉, Standard Webhooks; the district, towns, villages, units; some robots
 * shared by two subscriptions) and real HTTP receivers on 127.0.0.1 answering like the robots. The app's own timer
 * turns them red; its sender drains the outbox. Measures the drain, each robot's messages in any 60 s window, the
 * digests' sizes, and the worst event-loop stall (burst and drain) against an idle loop in the same process.
 *
 * The robots' limit is 20 messages a minute: draining the district's 10,000 tickets at 200 a digest takes minutes of
 * wall time. So the sender's wall clock (the app's `authNow`) runs SPEED times faster than real time, from the bench's
 * start: a robot's minute lasts 60/SPEED real seconds, the sender polls every second of that clock. The tickets' clock
 * stays real (nothing repeats: red repeats after 4 h). Receivers stamp each message with the same fast clock.
 * The database is a live one with the test world imported the way an operator does it (live mode never generates one).
 * argv: <a temp dir for the databases> [speed, default 20] [max real seconds for the drain, default 180]
 * Prints one JSON line.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { buildApp } from '../../server/app.js';
import { handlingUnitFor } from '../../server/domain/handling-unit.js';
import { liveDbWithWorld } from '../../server/test/live-world.js';
import type { Tier } from '../../shared/constants.js';
import { watchStalls, idleStallMs } from '../lib/stall.js';

const [dir, speedArg, maxSecondsArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: supervise.ts <temp dir> [speed] [max drain seconds]');
const SPEED = Number(speedArg ?? 20);
const MAX_DRAIN_MS = Number(maxSecondsArg ?? 180) * 1000;
const TICKETS = 10_000;
const SUBSCRIPTIONS = 300;
const ROBOT_LIMIT = 20;
const ROBOT_WINDOW_MS = 60_000;
const err = (line: string) => process.stderr.write(`${line}\n`);

const epoch = Date.now();
const fast = () => epoch + (Date.now() - epoch) * SPEED;

// Receivers: one server per channel, one path per robot. Each message is kept with its fast-clock instant, its body as
// received (a Buffer lives outside the JavaScript heap: 500,000 tickets' worth of text kept as strings would make the
// garbage collector's pauses, in this same process, part of the stalls measured), read at the end.
interface Got { path: string; at: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
const got: Got[] = [];
const startServer = (answer: (g: Got) => { status: number; body: string }): Promise<{ server: Server; base: string }> => new Promise((resolve) => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const g = { path: (req.url ?? '').split('?')[0], at: fast(), headers: req.headers, body: Buffer.concat(chunks) };
      got.push(g);
      const a = answer(g);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    });
  });
  server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
const robotOk = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
const wecomServer = await startServer(robotOk);
const dingServer = await startServer(robotOk);
const hookServer = await startServer(() => ({ status: 204, body: '' }));

const dbPath = await liveDbWithWorld(dir, 'supervise.db');
const app = await buildApp({
  dbPath, mode: 'live', clientDir: '/nonexistent', adminPassword: 'bench-supervise-password-1', authNow: fast,
  notify: { privateTargets: true, pollMs: Math.max(10, Math.round(1000 / SPEED)), publicUrl: 'https://moshao.example.cn' },
});
const { db, notify } = app.moshao;

// The world's places: cells with their village and town, the categories with their tier and closing hours.
const cells = db.prepare(`SELECT g.id, g.village_code AS village, g.town_code AS town, v.name AS villageName, t.name AS townName, g.centroid_lng AS lng, g.centroid_lat AS lat
  FROM grid_cells g JOIN villages v ON v.code = g.village_code JOIN towns t ON t.code = g.town_code ORDER BY g.id`).all() as
  { id: string; village: string; town: string; villageName: string; townName: string; lng: number; lat: number }[];
const categories = db.prepare('SELECT code, tier, close_hours AS closeHours FROM categories ORDER BY code').all() as { code: string; tier: Tier; closeHours: number }[];
let x = 20231017;
const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];

// 10,000 tickets, in progress, all closing 6 s from now (after the index is rebuilt); blue already (80% of their time).
const deadline = Date.now() + 6_000;
const insert = db.prepare(`INSERT INTO tickets (title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat, address,
  handling_unit, reported_at, accepted_at, dispatched_at, started_at, response_due_at, close_due_at, updated_at)
  VALUES ('路灯不亮', '晚上看不见路', ?, ?, 'in_progress', 'resident', 'resident', 0, ?, ?, ?, '某处', ?, ?, ?, ?, ?, ?, ?, ?)`);
const units = new Set<string>();
db.transaction(() => {
  for (let i = 0; i < TICKETS; i++) {
    const c = pick(cells);
    const cat = pick(categories);
    const unit = handlingUnitFor(cat.tier, c, cat.code);
    units.add(unit);
    const reported = deadline - cat.closeHours * 3600_000 + 60_000;
    insert.run(cat.code, cat.tier, c.id, c.lng, c.lat, unit, reported, reported + 1000, reported + 2000, reported + 3000, reported + 600_000, deadline, reported + 3000);
  }
})();

// 300 subscriptions: a tenth district-wide, 30% towns, 40% villages, 20% units; channels in turn; every seventh robot
// shares the previous robot's URL (two groups' subscriptions on one robot: they share its 20 a minute).
const towns = [...new Set(cells.map((c) => c.town))];
const villages = [...new Set(cells.map((c) => c.village))];
const unitList = [...units];
const CHANNELS = ['wecom', 'dingtalk', 'webhook'] as const;
const lastRobot: Partial<Record<string, string>> = {};
const webhookSecrets = new Map<string, string>();
for (let i = 0; i < SUBSCRIPTIONS; i++) {
  const kind = i % 10;
  const channel = CHANNELS[i % 3];
  const where = kind === 0 ? {} : kind <= 3 ? { scope: towns[i % towns.length] } : kind <= 7 ? { scope: villages[(i * 7) % villages.length] } : { unit: unitList[i % unitList.length] };
  const server = channel === 'wecom' ? wecomServer : channel === 'dingtalk' ? dingServer : hookServer;
  let url = channel === 'wecom' ? `${server.base}/robot/${i}?key=k${i}` : `${server.base}/robot/${i}`;
  if (channel !== 'webhook' && i % 7 === 0 && lastRobot[channel]) url = lastRobot[channel];
  lastRobot[channel] = url;
  const created = await notify.createSubscription({
    name: `群${i}`, ...where, channel, url, levels: ['yellow', 'red', 'escalated'],
    ...(channel === 'dingtalk' ? { secret: `SEC${'0'.repeat(20)}${i}`, mentionMobiles: ['13800000000'] } : {}),
  });
  if (created.secret && channel === 'webhook') webhookSecrets.set(`/robot/${i}`, created.secret);
}
notify.rebuild(Date.now(), false);
err(`${TICKETS} tickets, ${SUBSCRIPTIONS} subscriptions over ${towns.length} towns, ${villages.length} villages, ${unitList.length} units; red at ${new Date(deadline).toISOString()}`);

await app.ready(); // starts the live tick (1 s) and the sender
const idleMs = await idleStallMs(Math.max(1000, deadline - Date.now() - 1000));
const stalls = watchStalls();
const tBurst = performance.now();
// The polls are probes, not counts: a count(*) over half a million rows would itself hold the loop it measures. Rows
// are never ignored on a fresh database, so the highest id is the number recorded so far.
const rowsSoFar = () => (db.prepare('SELECT max(id) FROM notify_outbox').pluck().get() as number | null) ?? 0;
const anyPending = () => db.prepare(`SELECT 1 FROM notify_outbox WHERE status IN ('pending', 'failed') LIMIT 1`).pluck().get() !== undefined;
let rows = 0;
let recordedMs = Number.NaN;
// The burst: from the deadline until the index has nothing left due (every slice of rows recorded).
while (performance.now() - tBurst < 60_000) {
  await new Promise((r) => setTimeout(r, 200));
  rows = rowsSoFar();
  if (rows > 0 && !notify.index.hasDue(Date.now())) {
    recordedMs = performance.now() - tBurst;
    break;
  }
}
const burstStallMs = stalls.worstMs();
err(`${rows} outbox rows recorded in ${recordedMs.toFixed(0)} ms; worst stall so far ${burstStallMs.toFixed(1)} ms`);
stalls.reset(); // from here: the drain alone
let pending = true;
while (pending && performance.now() - tBurst < MAX_DRAIN_MS) {
  await new Promise((r) => setTimeout(r, 500));
  pending = anyPending();
}
const drainMs = performance.now() - tBurst;
const drainStallMs = stalls.worstMs();
stalls.stop();
rows = db.prepare('SELECT count(*) FROM notify_outbox').pluck().get() as number;
const left = db.prepare(`SELECT count(*) FROM notify_outbox WHERE status IN ('pending', 'failed')`).pluck().get() as number;
const sent = db.prepare(`SELECT count(*) FROM notify_outbox WHERE status = 'sent'`).pluck().get() as number;
const byStatus = db.prepare('SELECT status, count(*) AS n FROM notify_outbox GROUP BY status').all();
await app.close();
for (const s of [wecomServer, dingServer, hookServer]) {
  s.server.closeAllConnections();
  s.server.close();
}

// Robots: the most messages one URL got in any 60 s of the (fast) clock. Digests: tickets listed and counted.
const robots = new Map<string, number[]>();
let listedMax = 0;
let countedMax = 0;
let hookTicketsMax = 0;
let badSignatures = 0;
let ticketsReceived = 0;
for (const g of got) {
  if (g.path.startsWith('/robot/') && !webhookSecrets.has(g.path)) {
    const key = `${g.headers.host}${g.path}`;
    robots.set(key, [...(robots.get(key) ?? []), g.at]);
    const body = JSON.parse(g.body.toString('utf8')) as { markdown: { content?: string; text?: string } };
    const text = body.markdown.content ?? body.markdown.text ?? '';
    listedMax = Math.max(listedMax, (text.match(/^> \[/gm) ?? []).length);
    const counted = Number(/（(\d+) 件）/.exec(text)?.[1] ?? 0);
    countedMax = Math.max(countedMax, counted);
    ticketsReceived += counted;
  } else {
    const secret = webhookSecrets.get(g.path)!;
    const id = String(g.headers['webhook-id']);
    const ts = String(g.headers['webhook-timestamp']);
    const expect = `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${ts}.${g.body.toString('utf8')}`).digest('base64')}`;
    if (g.headers['webhook-signature'] !== expect) badSignatures += 1;
    const n = (JSON.parse(g.body.toString('utf8')) as { data: { tickets: unknown[] } }).data.tickets.length;
    hookTicketsMax = Math.max(hookTicketsMax, n);
    ticketsReceived += n;
  }
}
let worstWindow = 0;
// The shortest span (fast clock) of ROBOT_LIMIT + 1 messages to one robot: under a minute means the limit was passed.
let tightestSpanMs = Infinity;
for (const times of robots.values()) {
  times.sort((a, b) => a - b);
  for (let i = ROBOT_LIMIT; i < times.length; i++) tightestSpanMs = Math.min(tightestSpanMs, times[i] - times[i - ROBOT_LIMIT]);
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= ROBOT_WINDOW_MS) j++;
    worstWindow = Math.max(worstWindow, i - j + 1);
  }
}
process.stdout.write(`${JSON.stringify({
  tickets: TICKETS, subscriptions: SUBSCRIPTIONS, rows, sent, byStatus, pending: left, speed: SPEED, recordedMs, drainMs, drainFastMs: drainMs * SPEED,
  messages: got.length, robots: robots.size, worstWindow, tightestSpanMs, robotLimit: ROBOT_LIMIT, listedMax, countedMax, hookTicketsMax, badSignatures,
  ticketsReceived, idleMs, burstStallMs, drainStallMs, load: loadavg()[0],
})}\n`);
process.exit(0);
