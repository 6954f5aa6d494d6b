import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { auth, loginAs, type TestRole } from '../test/app.js';
import { ask, socketSuite } from '../test/sockets.js';
import { SEEK_INTERVAL_MS } from './replay-control.js';

const DAY_MS = 86_400_000;
type Answer = { ok: boolean; status: number; error?: string; clock?: number };

const auditRows = (app: FastifyInstance, afterId: number) =>
  app.moshao.db.prepare("SELECT id, actor_kind, actor_name, detail, ip FROM audit_log WHERE action = 'replay.command' AND id > ? ORDER BY id")
    .all(afterId) as { id: number; actor_kind: string; actor_name: string; detail: string; ip: string }[];
const lastAuditId = (app: FastifyInstance) => (app.moshao.db.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

describe('people\'s replay commands: one door for HTTP and sockets', () => {
  let app: FastifyInstance;
  const clients = socketSuite((a) => (app = a));

  const overHttp = async (role: TestRole) => {
    const headers = await loginAs(app, role);
    return async (payload: object): Promise<Answer> => {
      const res = await app.inject({ method: 'POST', url: '/api/replay', headers, payload });
      const body = res.json();
      return { ok: res.statusCode === 200, status: res.statusCode, error: body.error, clock: body.clock };
    };
  };
  const overSocket = (c: Socket) => async (payload: object): Promise<Answer> => {
    const a = await ask(c, 'replay:command', payload);
    return { ok: a.ok, status: 0, error: a.error, clock: (a.data as { clock?: number } | undefined)?.clock };
  };

  it('runs a loop of 50 seeks from five callers as a few jumps, the newest last, while intake keeps answering', async () => {
    const callers = [
      await overHttp('admin'), await overHttp('district'),
      overSocket(await clients.connect()), // an anonymous wall
      overSocket(await clients.connect((await loginAs(app, 'town')).cookie)),
      overSocket(await clients.connect((await loginAs(app, 'viewer')).cookie)),
    ];
    const jumpsBefore = app.moshao.replayer!.jumps;
    // Intake all along: it must keep answering while the seeks come in and the jumps run.
    let seeking = true;
    const intakeMs: number[] = [];
    const intake = (async () => {
      while (seeking) {
        const t0 = performance.now();
        const res = await app.inject({
          method: 'POST', url: '/api/tickets', headers: auth,
          payload: { category: 'road', title: '井盖缺失', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
        });
        expect(res.statusCode).toBe(201);
        intakeMs.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const seeks: Promise<Answer>[] = [];
    for (let i = 0; i < 50; i++) {
      seeks.push(callers[i % callers.length]({ action: 'seek', to: REPLAY_YEAR_START_MS + (30 + ((i * 37) % 300)) * DAY_MS }));
    }
    const answers = await Promise.all(seeks);
    seeking = false;
    await intake;

    const ran = answers.filter((a) => a.ok);
    const superseded = answers.filter((a) => a.error === 'seek_superseded' || a.error?.includes('newer seek'));
    const limited = answers.filter((a) => a.status === 429 || (a.status === 0 && a.error?.includes(`one seek every ${SEEK_INTERVAL_MS / 1000} s`)));
    const other = answers.filter((a) => !ran.includes(a) && !superseded.includes(a) && !limited.includes(a));
    expect(other).toEqual([]);
    // One seek per caller got through the budget: at most one jump each, fewer when they met a jump and waited.
    expect(limited.length).toBe(45);
    const jumps = app.moshao.replayer!.jumps - jumpsBefore;
    expect(jumps).toBe(ran.length);
    expect(jumps).toBeLessThanOrEqual(callers.length);
    expect(superseded.length).toBe(callers.length - ran.length);
    expect([...ran].sort((a, b) => a.clock! - b.clock!).map((a) => a.clock)).toContain(app.moshao.replayer!.state().clock);
    expect(intakeMs.length).toBeGreaterThan(0);
    console.info(`seek loop: ${jumps} jumps for 50 seeks; intake ${intakeMs.length} tickets meanwhile, p95 ${p95(intakeMs).toFixed(0)} ms (timing goals: bench)`);
  });

  it('runs one jump at a time and only the newest waiting seek: the ones in between are answered as superseded', async () => {
    const replayer = app.moshao.replayer!;
    const targets = Array.from({ length: 10 }, (_, i) => REPLAY_YEAR_START_MS + (100 + 20 * i) * DAY_MS);
    const superseded = { status: 409, code: 'seek_superseded' };
    // Ten at once: the newest replaces the others before any jump starts.
    let jumpsBefore = replayer.jumps;
    let outcomes = await Promise.allSettled(targets.map((to) => replayer.command({ action: 'seek', to })));
    expect(outcomes.map((o) => o.status)).toEqual([...Array(9).fill('rejected'), 'fulfilled']);
    for (const o of outcomes.slice(0, 9)) expect((o as PromiseRejectedResult).reason).toMatchObject(superseded);
    expect(replayer.jumps - jumpsBefore).toBe(1);
    expect(replayer.state().clock).toBe(targets[9]);

    // Nine more while a jump runs: they wait for it, and only the newest of them jumps after it.
    jumpsBefore = replayer.jumps;
    const first = replayer.seekTo(targets[0]); // what the year's loop does: a jump under way at once
    expect(replayer.seeking).toBe(true);
    outcomes = await Promise.allSettled(targets.slice(1).map((to) => replayer.command({ action: 'seek', to })));
    await first;
    expect(outcomes.map((o) => o.status)).toEqual([...Array(8).fill('rejected'), 'fulfilled']);
    for (const o of outcomes.slice(0, 8)) expect((o as PromiseRejectedResult).reason).toMatchObject(superseded);
    expect(replayer.jumps - jumpsBefore).toBe(2);
    expect(replayer.state().clock).toBe(targets[9]);
  });

  it('answers a seek over the budget with 429 and Retry-After over HTTP, ok:false and the reason over the socket', async () => {
    const admin = await loginAs(app, 'admin');
    const post = () => app.inject({ method: 'POST', url: '/api/replay', headers: admin, payload: { action: 'seek', to: REPLAY_YEAR_START_MS + 40 * DAY_MS } });
    await new Promise((r) => setTimeout(r, SEEK_INTERVAL_MS)); // the first test spent the budget
    expect((await post()).statusCode).toBe(200);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('one seek every 2 s') });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Play, pause and speed are not seeks: they cost nothing.
    expect((await app.inject({ method: 'POST', url: '/api/replay', headers: admin, payload: { action: 'speed', speed: 60 } })).statusCode).toBe(200);

    const wall = await clients.connect();
    const to = REPLAY_YEAR_START_MS + 50 * DAY_MS;
    expect(await ask(wall, 'replay:command', { action: 'seek', to })).toMatchObject({ ok: true });
    expect(await ask(wall, 'replay:command', { action: 'seek', to })).toMatchObject({ ok: false, error: expect.stringContaining('one seek every 2 s') });
  });

  it('audits every command, from HTTP or a socket, with who sent it and never an anonymous wall\'s address', async () => {
    const after = lastAuditId(app);
    const admin = await overHttp('admin');
    await admin({ action: 'play' });
    await admin({ action: 'pause' });
    const wall = overSocket(await clients.connect());
    expect((await wall({ action: 'speed', speed: 120 })).ok).toBe(true);
    expect((await wall({ action: 'play' })).ok).toBe(true);
    const town = overSocket(await clients.connect((await loginAs(app, 'town')).cookie));
    expect((await town({ action: 'pause' })).ok).toBe(true);
    expect((await wall({ action: 'speed', speed: -1 })).ok).toBe(false); // refused at the door: not a command

    const rows = auditRows(app, after);
    expect(rows.map((r) => [r.actor_kind, r.actor_name.replace(/[0-9a-f]{12}$/, '<hash>'), JSON.parse(r.detail).action])).toEqual([
      ['account', 'admin', 'play'], ['account', 'admin', 'pause'],
      ['anonymous', 'wall:<hash>', 'speed'], ['anonymous', 'wall:<hash>', 'play'],
      ['account', 'dingmao', 'pause'],
    ]);
    const walls = rows.filter((r) => r.actor_kind === 'anonymous');
    expect(new Set(walls.map((r) => r.actor_name)).size).toBe(1); // the same wall address, the same pseudonym
    for (const r of walls) expect(r.ip).not.toMatch(/127\.0\.0\.1|::1/);
  });
});
