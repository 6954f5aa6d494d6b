import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_YEAR_START_MS, SOCKET_MAX_MESSAGE_BYTES } from '../../shared/constants.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { createTally, errorBodyProblem, watchCrashes } from '../test/fuzz-tally.js';
import { eventGenerators, rawPacket, type SocketAttack } from '../test/socket-fuzz.js';
import { routeGenerators, strangerRequest, type Caller, type FuzzRequest, type FuzzWorld } from '../test/route-fuzz.js';
import { open311ErrorProblem } from '../test/open311.js';
import { registeredRoutes } from '../test/routes.js';
import { TEST_PASSWORDS, TEST_TOKEN, testApp } from '../test/app.js';

/**
 * Hostile input at volume: every route the app registers gets thousands of generated requests (wrong types, broken
 * JSON, Unicode edge cases, SQL and markup, prototype keys, forged credentials, traversal on the static files), as an
 * admin, a town supervisor, a viewer, an intake token, a stranger. Nothing may answer 5xx or crash; every refusal is a
 * JSON { error, message, field? }; a refused request writes nothing. Prints the outcome table of docs/RELIABILITY.md.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20231117);
/** Runs per route; the expensive ones (scrypt per login or account, replay seeks) get fewer. */
const DEFAULT_RUNS = 380;
const RUNS: Record<string, number> = {
  'POST /api/auth/login': 150, 'POST /api/admin/accounts': 200, 'PATCH /api/admin/accounts/:id': 250, 'POST /api/replay': 200,
  'POST /api/auth/logout': 200, 'POST /api/tickets': 700, 'POST /api/tickets/:id/transitions': 500, 'GET /api/tickets': 500, 'GET *': 500,
  'GET /open311/v2/discovery.:format': 150, 'GET /open311/v2/services.:format': 150, 'GET /open311/v2/services/:code.:format': 250,
  'GET /open311/v2/requests/:id.:format': 250, 'POST /open311/v2/requests.:format': 600, 'GET /open311/v2/*': 150, 'GET /open311/v2': 50,
  // A scrape costs milliseconds and reads no input but its credentials: a few hundred headers cover it.
  'GET /metrics': 120,
};
const STRANGER_RUNS = 400;
const EVENT_RUNS = 700;
const RAW_PACKET_RUNS = 400;
const ACK_TIMEOUT_MS = 3000;
const RAW_ACK_TIMEOUT_MS = 1000;
const WRITTEN_TABLES = ['tickets', 'ticket_events', 'audit_log', 'accounts', 'intake_tokens', 'idempotency_keys', 'module_events'] as const;

let app: FastifyInstance;
let tmp: string;
let secret: string;
let world: FuzzWorld;
const sessions = new Map<'admin' | 'town' | 'viewer', { id: string; csrf: string }>();
const tally = createTally();
/** Socket.IO outcomes have their own table: acks and closed connections, not status codes. */
const socketTally = createTally();
/** Per route, status and error code, printed with FUZZ_VERBOSE=1 to see which checks the generators reach. */
const detail = new Map<string, number>();

/** The route groups of the outcome table. */
function groupOf(route: string): string {
  const path = route.split(' ')[1];
  if (path === '*') return 'static files';
  if (path.startsWith('/open311/')) return 'open311';
  if (path.startsWith('/api/tickets')) return 'tickets';
  if (path.startsWith('/api/admin') || path === '/api/audit') return 'admin';
  if (path.startsWith('/api/auth')) return 'auth';
  if (path.startsWith('/api/drill') || path.startsWith('/api/scopes')) return 'drill';
  if (path.startsWith('/api/replay') || path.startsWith('/api/screens')) return 'control';
  return 'overview';
}

async function openSession(role: 'admin' | 'town' | 'viewer'): Promise<void> {
  const username = role === 'town' ? 'dingmao' : role;
  const password = TEST_PASSWORDS[role];
  const opened = await app.moshao.auth.sessions.login(username, password, 'fuzz-setup');
  if (!opened) throw new Error(`cannot log in as ${username}`);
  sessions.set(role, { id: opened.sessionId, csrf: opened.me.csrfToken });
}

/** A fuzzed logout may end the admin's own session: open a new one before the next request. */
async function keepSessionsAlive(): Promise<void> {
  for (const [role, s] of sessions) if (!app.moshao.auth.sessions.resolve(s.id)) await openSession(role);
}

function headersOf(c: Caller): Record<string, string> {
  const cookieOf = (role: 'admin' | 'town' | 'viewer') => ({ cookie: `${SESSION_COOKIE}=${sessions.get(role)!.id}`, 'x-csrf-token': sessions.get(role)!.csrf });
  switch (c.kind) {
    case 'admin': case 'town': case 'viewer': return cookieOf(c.kind);
    case 'bearer': return { authorization: `Bearer ${TEST_TOKEN}` };
    case 'none': return {};
    case 'cookie+bearer': return { ...cookieOf('admin'), authorization: `Bearer ${TEST_TOKEN}` };
    case 'forged-cookie': return { cookie: `${SESSION_COOKIE}=${c.value}` };
    case 'raw-cookie': return { cookie: c.value };
    case 'bad-csrf': return { ...cookieOf('admin'), 'x-csrf-token': c.value };
    case 'forged-bearer': return { authorization: c.value.length % 2 ? `Bearer ${c.value}` : c.value };
  }
}

/** Row counts of every table a write touches, and fingerprints of the rows a write may change in place. */
function rowCounts(): Record<string, number | string> {
  const one = (sql: string) => Object.values(app.moshao.db.prepare(sql).get() as Record<string, number | string>)[0] ?? '';
  return {
    ...Object.fromEntries(WRITTEN_TABLES.map((t) => [t, one(`SELECT count(*) FROM ${t}`)])),
    // A failed login writes its own audit entry on purpose: that one, and nothing else, is allowed on a refusal.
    'audit_log except login.failure': one("SELECT count(*) FROM audit_log WHERE action <> 'login.failure'"),
    'audit_log except failed credentials': one("SELECT count(*) FROM audit_log WHERE action NOT IN ('login.failure', 'login.lockout', 'auth.bearer_failed')"),
    'tickets (updated_at)': one('SELECT total(updated_at) FROM tickets'),
    'accounts (role, town, disabled, password)': one("SELECT group_concat(role || coalesce(town_code, '') || disabled || password_hash, '|') FROM accounts"),
    'intake_tokens (revoked_at)': one("SELECT group_concat(coalesce(revoked_at, '-'), '|') FROM intake_tokens"),
  };
}

const describeRequest = (r: FuzzRequest) =>
  JSON.stringify({ method: r.method, url: r.url.slice(0, 200), caller: r.caller, headers: r.headers, payload: r.payload === undefined ? undefined : String(r.payload).slice(0, 200) });

/** Sends one request and checks every rule; problems are tallied rather than thrown, so one run reports them all. */
async function attack(route: string, r: FuzzRequest): Promise<void> {
  await keepSessionsAlive();
  const before = rowCounts();
  let res;
  try {
    res = await app.inject({ method: r.method as 'GET', url: r.url, headers: { ...r.headers, ...headersOf(r.caller) }, payload: r.payload });
  } catch (err) {
    tally.record(groupOf(route), 'inject threw');
    tally.problem(`${route}: inject threw ${(err as Error).message}`, describeRequest(r));
    return;
  }
  tally.record(groupOf(route), res.statusCode);
  const code = res.statusCode >= 400 ? /"error":"([^"]*)"/.exec(res.body)?.[1] ?? '' : '';
  detail.set(`${route} ${res.statusCode} ${code}`, (detail.get(`${route} ${res.statusCode} ${code}`) ?? 0) + 1);
  const kind = `${route} -> ${res.statusCode}`;
  if (res.statusCode >= 500) tally.problem(`${kind}: ${res.body.slice(0, 200)}`, describeRequest(r));
  if (res.body.includes(secret)) tally.problem(`${kind}: served a file outside the client directory`, describeRequest(r));
  if (/\.[jt]s:\d+:\d+/.test(res.body)) tally.problem(`${kind}: a stack trace in the body`, describeRequest(r));
  if (res.statusCode >= 400 && r.method !== 'HEAD') {
    // Open311 answers refusals its own way, [{ code, description }] or <errors>, in the format asked for.
    const bad = route.includes(' /open311/')
      ? open311ErrorProblem(res.statusCode, res.headers['content-type'] as string | undefined, res.body)
      : errorBodyProblem(res.headers['content-type'] as string | undefined, res.body);
    if (bad) tally.problem(`${kind}: ${bad}`, `${describeRequest(r)} => ${res.body.slice(0, 200)}`);
  }
  if (res.statusCode >= 400) {
    const after = rowCounts();
    // Failed credentials are audited on purpose: a failed login, an unknown Bearer token (whenever the address's budget
    // of failures has refilled enough to look it up), an unknown Open311 api_key. Those entries, and nothing else.
    const failedCredential = (route === 'POST /api/auth/login' && res.statusCode === 401) || (r.caller.kind === 'forged-bearer' && res.statusCode === 401)
      || (route.startsWith('POST /open311/') && res.statusCode === 403);
    for (const t of Object.keys(before)) {
      if (failedCredential && t.startsWith('audit_log') && t !== 'audit_log except failed credentials') continue;
      if (after[t] !== before[t]) tally.problem(`${kind}: a refused request changed ${t}`, describeRequest(r));
    }
  }
  if (route === 'POST /api/tickets' && res.statusCode === 201) checkStoredVerbatim(r, res.json() as { id: number });
  // A fuzzed "play" would keep filing tickets in the background and blur the row counts of the next request.
  if (route === 'POST /api/replay' && app.moshao.replayer?.state().playing) await app.moshao.replayer.command({ action: 'pause' });
}

/** SQL, markup and odd Unicode in an accepted ticket are data: stored and served back as sent (trimmed). */
function checkStoredVerbatim(r: FuzzRequest, created: { id: number }): void {
  // UTF-8 cannot hold a lone surrogate: SQLite keeps U+FFFD in its place, as any UTF-8 store would.
  const utf8 = (x: string) => x.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const sent = JSON.parse(String(r.payload)) as { title: string; description?: string; address?: string };
  // What the service serves from memory (whatever projection a route applies) against what SQLite keeps.
  const served = app.moshao.service.getTicket(created.id)!.ticket as unknown as Record<string, string>;
  const stored = app.moshao.db.prepare('SELECT title, description, address FROM tickets WHERE id = ?').get(created.id) as Record<string, string>;
  for (const f of ['title', 'description', 'address'] as const) {
    const expected = utf8((sent[f] ?? '').trim());
    if (stored[f] !== expected) tally.problem(`POST /api/tickets: ${f} not stored as sent`, `${JSON.stringify(sent[f])} -> ${JSON.stringify(stored[f])}`);
    if (served[f] !== stored[f]) tally.problem(`POST /api/tickets: ${f} served otherwise than stored`, `${JSON.stringify(stored[f])} -> ${JSON.stringify(served[f])}`);
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'moshao-fuzz-'));
  secret = `TOP-SECRET-${process.pid}-${Date.now()}`;
  writeFileSync(join(tmp, 'secret.txt'), secret);
  const clientDir = join(tmp, 'client');
  mkdirSync(join(clientDir, 'assets'), { recursive: true });
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>wall</title>');
  writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log(1)');
  // The door's budgets would refuse most Bearer requests with 429 before their handlers see them: the forged tokens use up
  // the address's budget of unknown tokens, and the good token its intake budget (door.test.ts covers both limits).
  const unlimited = { perMinute: 1_000_000, burst: 1_000_000 };
  // The socket fuzz opens a socket per case, far faster than a wall reconnects: the handshake budget is not under test here.
  app = await testApp({ clientDir, budgets: { intake: unlimited, bearerFailuresPerIp: unlimited }, handshakes: { burst: 100_000, perSecond: 100_000 } });
  await app.ready();
  for (const role of ['admin', 'town', 'viewer'] as const) await openSession(role);

  const cells = app.moshao.db.prepare('SELECT id, centroid_lng AS lng, centroid_lat AS lat FROM grid_cells ORDER BY id').all() as { id: string; lng: number; lat: number }[];
  const gridIds = cells.map((c) => c.id);
  const categories = (await app.inject({ url: '/api/categories' })).json().map((c: { code: string }) => c.code);
  for (let i = 0; i < 20; i++) {
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${TEST_TOKEN}` },
      payload: { category: categories[i % categories.length], title: `seed ${i}`, channel: 'mini_program', reporterRole: 'resident', gridId: gridIds[i * 7] },
    });
    expect(res.statusCode).toBe(201);
  }
  const admin = { kind: 'account', accountId: 1, username: 'admin', role: 'admin', townCode: null } as const;
  const targets = [
    await app.moshao.auth.accounts.create(admin, { username: 'fuzz-town', password: 'fuzz-target-password', role: 'town', townCode: '321171002' }, 'fuzz-setup'),
    await app.moshao.auth.accounts.create(admin, { username: 'fuzz-viewer', password: 'fuzz-target-password', role: 'viewer' }, 'fuzz-setup'),
  ];
  world = {
    gridIds, categories, centroids: cells.map((c) => ({ gridId: c.id, lng: c.lng, lat: c.lat })),
    townCodes: (app.moshao.db.prepare('SELECT code FROM towns').all() as { code: string }[]).map((t) => t.code),
    villageCodes: (app.moshao.db.prepare('SELECT code FROM villages').all() as { code: string }[]).map((v) => v.code),
    ticketIds: (app.moshao.db.prepare('SELECT id FROM tickets ORDER BY id DESC LIMIT 40').all() as { id: number }[]).map((t) => t.id),
    targetAccountIds: targets.map((a) => a.id),
    ownAccountMaxId: Math.max(...[...sessions.keys()].map((role) => app.moshao.auth.sessions.resolve(sessions.get(role)!.id)!.principal.accountId)),
    seekFrom: app.moshao.replayer?.state().clock ?? REPLAY_YEAR_START_MS,
    open311Key: app.moshao.auth.tokens.create(admin, 'open311 fuzz', 'fuzz-setup').secret,
  };
});

const clients: Socket[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  await app?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('hostile HTTP input at volume', () => {
  it('has a generator for every registered route, and no generator for a route that is gone', () => {
    const generators = Object.keys(routeGenerators(world)).sort();
    expect(registeredRoutes(app).sort()).toEqual(generators);
  });

  it('answers every generated request below 500, refusals as { error, message, field? }, writing nothing when refusing', async () => {
    const crashes = watchCrashes();
    const started = Date.now();
    const generators = routeGenerators(world);
    try {
      for (const [route, gen] of Object.entries(generators)) {
        await fc.assert(fc.asyncProperty(gen, async (r) => attack(route, r)), { numRuns: RUNS[route] ?? DEFAULT_RUNS, seed: SEED, endOnFailure: true });
      }
      await fc.assert(fc.asyncProperty(strangerRequest, async (r) => attack('ANY /api/*', r)), { numRuns: STRANGER_RUNS, seed: SEED, endOnFailure: true });
    } finally {
      crashes.stop();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\nHostile HTTP input: ${tally.total} requests over ${Object.keys(generators).length} routes + strangers in ${seconds} s (seed ${SEED})\n\n${tally.table()}\n`);
    if (process.env.FUZZ_VERBOSE) console.log([...detail].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    expect(tally.problems()).toEqual([]);
    expect(crashes.count, crashes.first ?? '').toBe(0);
    expect(tally.total).toBeGreaterThanOrEqual(8_000);
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
  }, 240_000); // 12,000+ requests: about 35 s on a quiet two-core machine, several times that on a busy one

  it('survives generated Socket.IO events and raw packets: no crash, every ack well-formed, the server still answers', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const scopes = ['321171', ...world.townCodes, ...world.villageCodes.slice(0, 3), ...world.gridIds.slice(0, 5)];
    const generators = eventGenerators(scopes);
    let client = await open(address);
    const server = app.moshao.io.sockets.sockets.get(client.id!)!;
    const listened = server.eventNames().map(String).filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e));
    expect(listened.sort()).toEqual(Object.keys(generators).sort());

    const crashes = watchCrashes();
    const started = Date.now();
    try {
      for (const [event, gen] of Object.entries(generators)) {
        await fc.assert(fc.asyncProperty(gen, async (a) => {
          if (!client.connected) client = await open(address);
          let outcome = await emit(client, event, a);
          // An oversized message before this one may have closed the connection just now: try once more on a new one.
          if (outcome.label === 'closed by server') outcome = await emit((client = await open(address)), event, a);
          socketTally.record(event, outcome.label);
          // Well-formed Socket.IO events, whatever their payload, are answered or ignored: never a reason to hang up.
          // ...except a message over the size limit, which closes its connection before it is parsed, by design.
          const oversized = Buffer.byteLength(JSON.stringify(a.args ?? null)) > SOCKET_MAX_MESSAGE_BYTES * 0.9;
          const problem = outcome.problem ?? (outcome.label === 'closed by server' && !oversized ? 'the server closed the connection' : undefined);
          if (problem) socketTally.problem(`socket ${event}: ${problem}`, JSON.stringify(a).slice(0, 300));
          const replay = app.moshao.replayer!.state();
          if (!Number.isFinite(replay.clock) || !Number.isFinite(replay.speed) || replay.speed < 0) {
            socketTally.problem(`socket ${event}: the replay state became ${JSON.stringify(replay)}`, JSON.stringify(a).slice(0, 300));
          }
          if (replay.playing) await app.moshao.replayer!.command({ action: 'pause' });
        }), { numRuns: EVENT_RUNS, seed: SEED, endOnFailure: true });
      }
      await fc.assert(fc.asyncProperty(rawPacket, async (packet) => {
        if (!client.connected) client = await open(address);
        (client.io.engine as unknown as { write(data: string): void }).write(packet);
        // A garbled packet may close this connection (that is the server defending itself); it must not take others down.
        const outcome = await emit(client, 'scope:subscribe', { args: [{ scope: '321171' }], ack: true }, RAW_ACK_TIMEOUT_MS);
        // A DISCONNECT packet ('1') takes the socket out of its namespace without telling the client: that is obeying.
        const left = outcome.problem !== undefined && !app.moshao.io.sockets.sockets.has(client.id ?? '');
        if (left) client.close();
        socketTally.record('raw packets', outcome.label === 'ack ok' ? 'ignored' : left ? 'left namespace' : outcome.label);
        if (outcome.label !== 'ack ok' && outcome.label !== 'closed by server' && !left) socketTally.problem(`raw packet: ${outcome.problem ?? outcome.label}`, JSON.stringify(packet).slice(0, 300));
      }), { numRuns: RAW_PACKET_RUNS, seed: SEED, endOnFailure: true });
    } finally {
      crashes.stop();
    }
    const fresh = await open(address);
    const last = await emit(fresh, 'scope:subscribe', { args: [{ scope: '321171' }], ack: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const all = tally.total + socketTally.total;
    console.log(`\nHostile Socket.IO input: ${socketTally.total} events and packets in ${seconds} s; all hostile input: ${all}\n\n${socketTally.table()}\n`);
    expect(socketTally.problems()).toEqual([]);
    expect(crashes.count, crashes.first ?? '').toBe(0);
    expect(last.label).toBe('ack ok');
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect(all).toBeGreaterThanOrEqual(10_000);
  });
});

function open(address: string): Promise<Socket> {
  const c = connect(address, { transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(c);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('connect_error', reject);
  });
}

type EmitOutcome = { label: 'ack ok' | 'ack error' | 'sent (no ack)' | 'closed by server'; problem?: string };

/** Emits one event; with an ack, waits for it (or for the server to close the connection) and checks its shape. */
function emit(c: Socket, event: string, a: SocketAttack, timeoutMs = ACK_TIMEOUT_MS): Promise<EmitOutcome> {
  if (!a.ack) {
    c.emit(event, ...a.args);
    return Promise.resolve({ label: 'sent (no ack)' });
  }
  return new Promise((resolve) => {
    const onClose = () => resolve({ label: 'closed by server' });
    c.once('disconnect', onClose);
    c.timeout(timeoutMs).emit(event, ...a.args, (err: Error | null, res: unknown) => {
      c.off('disconnect', onClose);
      if (err) return resolve(c.connected ? { label: 'ack error', problem: `no ack within ${timeoutMs} ms` } : { label: 'closed by server' });
      const r = res as { ok?: unknown; data?: unknown; error?: unknown } | null;
      if (r?.ok === true && 'data' in r) return resolve({ label: 'ack ok' });
      if (r?.ok === false && typeof r.error === 'string' && r.error) return resolve({ label: 'ack error' });
      resolve({ label: 'ack error', problem: `malformed ack ${JSON.stringify(res)?.slice(0, 200)}` });
    });
  });
}
