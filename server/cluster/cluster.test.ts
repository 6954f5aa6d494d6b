import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { loginAs, TEST_PASSWORDS } from '../test/app.js';
import { eventually, fileTicket, startEdge, startWriter, stopNode, TestWall, type Node } from '../test/cluster.js';
import { describeWithRedis, startRedis, type TestRedis } from '../test/redis.js';
import { goodReport } from '../test/sockets.js';

const DISTRICT = '321171';
const WALLS = 100;

describeWithRedis('push cluster: a writer and two edges over Redis', () => {
  let redis: TestRedis;
  let writer: Node;
  let edges: Node[] = [];
  let walls: TestWall[] = [];
  let cells: string[] = [];

  const writerSeq = () => writer.app.moshao.broadcaster.seqOf(DISTRICT);
  const state = () => walls.map((w) => `seq ${w.seq} tickets ${w.tickets.size} gaps [${w.gaps.join(', ')}]`).slice(0, 5).join('; ') + ` (writer seq ${writerSeq()})`;

  beforeAll(async () => {
    redis = await startRedis();
    // Replay commands from a wall need a supervisor's session: the gate reads the cookie the edge passes on.
    writer = await startWriter(redis.url, { demoControls: 'supervisors' });
    edges = [await startEdge(redis.url, writer.url), await startEdge(redis.url, writer.url)];
    cells = (writer.app.moshao.db.prepare("SELECT id FROM grid_cells ORDER BY id LIMIT 50").all() as { id: string }[]).map((r) => r.id);
    walls = Array.from({ length: WALLS }, () => new TestWall(DISTRICT));
    await Promise.all(walls.map((w, i) => w.open(edges[i % 2].url)));
  }, 120_000);

  afterAll(async () => {
    for (const w of walls) w.close();
    for (const e of edges) await stopNode(e);
    await stopNode(writer);
    await redis?.stop();
  }, 60_000);

  it('serves the client files and forwards the API to the writer, which holds the only database', async () => {
    const health = await fetch(`${edges[0].url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { tickets: number }).tickets).toBe(writer.app.moshao.live.countersOf().total);
    const missing = await fetch(`${edges[1].url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    expect('moshao' in edges[0].app).toBe(false);
  });

  it("answers its own /metrics (not the writer's): the walls it holds", async () => {
    const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    const [a, b] = [await scrape(edges[0].url), await scrape(edges[1].url)];
    const sockets = (app: Node['app']) => (app as unknown as { edge: { io: { engine: { clientsCount: number } } } }).edge.io.engine.clientsCount;
    expect(value(a, 'moshao_socket_clients')).toBe(sockets(edges[0].app));
    expect(value(b, 'moshao_socket_clients')).toBe(sockets(edges[1].app));
    expect(value(a, 'moshao_socket_clients') + value(b, 'moshao_socket_clients')).toBeGreaterThanOrEqual(WALLS);
    expect(value(a, 'moshao_scope_rooms')).toBeGreaterThan(0);
    expect(a).not.toMatch(/^moshao_sqlite_wal_bytes/m);
  });

  it('answers 502 in the API error shape when its writer does not answer', async () => {
    const orphan = await startEdge(redis.url, 'http://127.0.0.1:9');
    try {
      const res = await fetch(`${orphan.url}/api/health`);
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ error: 'writer_unavailable' });
    } finally {
      await stopNode(orphan);
    }
    // Closing one edge closes its own sockets only, never the other edges' walls.
    await new Promise((r) => setTimeout(r, 300));
    expect(walls.filter((w) => !w.socket.connected)).toHaveLength(0);
  });

  it("names the caller's address to the writer, and a caller cannot name another one through an edge", async () => {
    const failLogin = (base: string, username: string, xff: string) => fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ username, password: 'wrong-password-123' }),
    });
    expect((await failLogin(edges[0].url, 'xff-edge', '9.9.9.9')).status).toBe(401);
    // Straight to the writer from loopback (where an edge sits): the header is trusted.
    expect((await failLogin(writer.url, 'xff-direct', '10.1.2.3')).status).toBe(401);
    const ipOf = (name: string) => (writer.app.moshao.db.prepare("SELECT ip FROM audit_log WHERE action = 'login.failure' AND actor_name = ?").get(name) as { ip: string }).ip;
    expect(ipOf('xff-edge')).toBe('127.0.0.1');
    expect(ipOf('xff-direct')).toBe('10.1.2.3');
  });

  it(`${WALLS} walls on two edges get the same tickets filed through an edge, with gap-free seqs equal to the writer's`, async () => {
    const before = walls.map((w) => w.seq!);
    const ids: number[] = [];
    for (let n = 0; n < 20; n++) ids.push(await fileTicket(edges[n % 2].url, cells[n % cells.length], n));
    await eventually(state, () => walls.every((w) => ids.every((id) => w.tickets.has(id)) && w.seq === writerSeq()));
    const total = writer.app.moshao.live.countersOf().total;
    for (const [i, w] of walls.entries()) {
      expect(w.gaps).toEqual([]);
      expect(w.snapshots).toBe(1);
      // Every seq from the snapshot's to the writer's, each once and in order.
      expect(w.applied.filter((s) => s > before[i])).toEqual(Array.from({ length: writerSeq() - before[i] }, (_, k) => before[i] + k + 1));
      expect((w.lastPatch.tickets as { total: number }).total).toBe(total);
    }
  });

  it('refuses an unknown scope through an edge as the writer does, naming the field', async () => {
    const res = await walls[0].socket.timeout(5000).emitWithAck('scope:subscribe', { scope: '999999' });
    expect(res).toMatchObject({ ok: false, field: 'scope' });
    const bad = await walls[1].socket.timeout(5000).emitWithAck('scope:subscribe', { scope: 42 });
    expect(bad).toMatchObject({ ok: false });
  });

  it('passes replay commands to the writer behind the same gate, and replay:state reaches walls on both edges', async () => {
    const anonymous = await walls[0].socket.timeout(5000).emitWithAck('replay:command', { action: 'speed', speed: 1200 });
    expect(anonymous).toMatchObject({ ok: false });
    expect(anonymous.error).toContain('MOSHAO_DEMO_CONTROLS=supervisors');

    const login = await fetch(`${edges[0].url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORDS.admin }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const supervisor = new TestWall(DISTRICT);
    await supervisor.open(edges[0].url, cookie);
    const seen = new Promise<{ speed: number }>((resolve) => walls[1].socket.once('replay:state', resolve));
    const res = await supervisor.socket.timeout(5000).emitWithAck('replay:command', { action: 'speed', speed: 1200 });
    expect(res).toMatchObject({ ok: true, data: { speed: 1200 } });
    expect((await seen).speed).toBe(1200);
    const invalid = await supervisor.socket.timeout(5000).emitWithAck('replay:command', { action: 'speed', speed: -1 });
    expect(invalid).toMatchObject({ ok: false, field: 'speed' });
    supervisor.close();
  });

  it("records a wall's health in the writer's registry and delivers a reload to it through its edge", async () => {
    const wall = walls[3];
    const ack = await wall.socket.timeout(5000).emitWithAck('screen:health', goodReport('hall-left'));
    expect(ack).toEqual({ ok: true, data: { secret: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) } });
    const secret = (ack as { data: { secret: string } }).data.secret;

    const login = await fetch(`${edges[1].url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORDS.admin }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // Supervisors only, through any edge; the secret stays between the wall and the writer.
    expect((await fetch(`${edges[0].url}/api/screens`)).status).toBe(401);
    const listed = (await (await fetch(`${edges[0].url}/api/screens`, { headers: { cookie } })).json()) as { screenId: string; connected: boolean }[];
    expect(listed.find((s) => s.screenId === 'hall-left')).toMatchObject({ connected: true });
    expect(JSON.stringify(listed)).not.toContain(secret);
    // Another wall, through the other edge, cannot take the id; the wall itself reports on with its secret.
    const stranger = new TestWall(DISTRICT);
    await stranger.open(edges[1].url);
    expect(await stranger.socket.timeout(5000).emitWithAck('screen:health', goodReport('hall-left'))).toMatchObject({ ok: false, field: 'secret' });
    stranger.close();
    expect(await wall.socket.timeout(5000).emitWithAck('screen:health', goodReport('hall-left', { secret }))).toEqual({ ok: true, data: { secret: null } });
    const reloaded = new Promise<void>((resolve) => wall.socket.once('screen:reload', () => resolve()));
    const res = await fetch(`${edges[1].url}/api/screens/hall-left/reload`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(res.status).toBeLessThan(300);
    await reloaded;

    const bad = await wall.socket.timeout(5000).emitWithAck('screen:health', goodReport('hall-left', { fps: 'fast' }));
    expect(bad).toMatchObject({ ok: false, field: 'fps' });
  });

  it("shows a wall that left its edge as disconnected in the writer's registry", async () => {
    const wall = new TestWall(DISTRICT);
    await wall.open(edges[1].url);
    expect(await wall.socket.timeout(5000).emitWithAck('screen:health', goodReport('lobby'))).toMatchObject({ ok: true });
    wall.close();
    const admin = await loginAs(writer.app, 'admin');
    const lobbyConnected = async () => ((await writer.app.inject({ method: 'GET', url: '/api/screens', headers: admin })).json() as { screenId: string; connected: boolean }[])
      .find((s) => s.screenId === 'lobby')?.connected;
    await expect.poll(lobbyConnected, { timeout: 5_000 }).toBe(false);
  });

  it('tells a wall when no writer answers, instead of leaving its subscribe hanging', async () => {
    const lonely = await startRedis();
    const edge = await startEdge(lonely.url, writer.url);
    const wall = new TestWall(DISTRICT);
    try {
      await expect(wall.open(edge.url)).rejects.toThrow(/writer did not answer \(no writer in the cluster\)/);
    } finally {
      wall.close();
      await stopNode(edge);
      await lonely.stop();
    }
  });

  it('recovers from a Redis outage without restarting a node: walls get deltas again and their seqs stay consistent', async () => {
    await redis.kill();
    // Down: a new wall is told so (and retries, as the wall's page does); intake goes on over HTTP, which needs no Redis.
    const late = new TestWall(DISTRICT);
    await expect(late.open(edges[0].url)).rejects.toThrow(/writer did not answer/);
    late.close();
    await fileTicket(edges[0].url, cells[0], 99);
    await redis.start();
    // Filed right after Redis is back. What was emitted in the outage may or may not arrive: a wall that misses a delta
    // sees the gap and takes a fresh snapshot, which holds the ticket filed meanwhile in its numbers.
    await new Promise((r) => setTimeout(r, 1_500));
    const ids: number[] = [];
    for (let n = 0; n < 5; n++) ids.push(await fileTicket(edges[n % 2].url, cells[n], 100 + n));
    await eventually(state, () => walls.every((w) => ids.every((id) => w.tickets.has(id)) && w.seq === writerSeq()), 20_000);
    // Whatever a wall missed in the outage showed as a gap and a fresh snapshot: never a wrong total.
    const total = writer.app.moshao.live.countersOf().total;
    for (const w of walls) expect((w.lastPatch.tickets as { total: number }).total).toBe(total);
  }, 60_000);
});
