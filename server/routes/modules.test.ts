import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { townOf, villageOf } from '../../shared/scope.js';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ScopeDelta, ScopeSnapshot, ServerToClientEvents } from '../../shared/events.js';
import { MODULE_EVENTS_MAX_PER_CALL } from '../../shared/schemas/modules.js';
import type { Summary } from '../../shared/schemas/summary.js';
import { auth, loginAs, testApp } from '../test/app.js';
import { liveDbWithWorld } from '../test/live-world.js';
import { listenOnFreePort } from '../test/sockets.js';

/**
 * Live mode, as a real command center runs it: other systems send 人车房物 events, the module numbers of the cell and
 * every scope above it count them, the walls get them as seq'd deltas, and a restart rebuilds them from SQLite.
 */
const CELL = '321171001001-01';
const VILLAGE = villageOf(CELL);
const TOWN = townOf(CELL);
const OTHER_TOWN_CELL = '321171102004-01';
const dir = mkdtempSync(join(tmpdir(), 'moshao-modules-'));
let dbPath = '';
let app: FastifyInstance;
let baseline: Summary['modules'];

const open = () => testApp({ mode: 'live', dbPath });
const post = (events: unknown[], headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url: '/api/modules/events', headers, payload: { events } });
const modulesOf = async (scope: string): Promise<Summary['modules']> => (await app.inject({ url: `/api/summary?scope=${scope}` })).json().modules;
const rowCount = () => (app.moshao.db.prepare('SELECT COUNT(*) AS n FROM module_events').get() as { n: number }).n;

// Instants fixed once (a resend must be the same event) and a few seconds ago: before the clock, and today unless the
// test starts within seconds of midnight.
const T0 = Date.now() - 5_000;
const ago = (minutes: number) => new Date(T0 - minutes * 1000).toISOString();
const moved = (id: string, type = 'person.moved_in', gridId = CELL) => ({ id, type, at: ago(1), gridId });
const gate = (id: string, direction: string) => ({ id, type: 'vehicle.passed', at: ago(1), gridId: CELL, direction, gate: '北门' });
const fault = (id: string) => ({ id, type: 'device.fault', at: ago(1), gridId: CELL, device: 'elevator' });

beforeAll(async () => {
  dbPath = await liveDbWithWorld(dir, 'live.db');
  app = await open();
  baseline = await modulesOf(TOWN);
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/modules/events', () => {
  it('a fresh live database shows only the standing numbers: no activity until other systems send some', () => {
    expect(baseline.activity).toEqual({
      movedInToday: 0, movedOutToday: 0, gateInLastHour: 0, gateOutLastHour: 0, gatePassesToday: 0, inspectionsToday: 0, faultsToday: 0,
    });
    expect(baseline.houses.households).toBeGreaterThan(0);
  });

  it('takes the good events of a batch together, names the bad ones by index, and counts repeats as duplicates', async () => {
    const res = await post([
      moved('m-1'),
      gate('g-1', 'in'),
      { ...gate('g-2', 'up') },
      fault('f-1'),
      moved('m-1'),
      { ...moved('m-2'), gridId: '321171001001-99' },
      { ...moved('m-3'), name: '张三' },
      { ...moved('m-1', 'person.moved_out') },
      { ...moved('m-4'), at: new Date(Date.now() + 3_600_000).toISOString() },
      'not an event',
      moved('m-5', 'person.moved_out', OTHER_TOWN_CELL),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accepted: 4,
      duplicates: 1,
      rejected: [
        { index: 2, error: 'invalid_event', field: 'direction', message: expect.stringContaining('in, out') },
        { index: 5, error: 'unknown_grid', field: 'gridId', message: expect.stringContaining('321171001001-99') },
        { index: 6, error: 'invalid_event', field: 'name', message: expect.any(String) },
        { index: 7, error: 'id_reused', field: 'id', message: expect.stringContaining('m-1') },
        { index: 8, error: 'in_future', field: 'at', message: expect.any(String) },
        { index: 9, error: 'invalid_event', message: expect.any(String) },
      ],
    });
    expect(rowCount()).toBe(4);

    const town = await modulesOf(TOWN);
    expect(town.activity).toMatchObject({ movedInToday: 1, movedOutToday: 0, gatePassesToday: 1, inspectionsToday: 1, faultsToday: 1 });
    for (const scope of ['321171', TOWN, VILLAGE, CELL]) expect((await modulesOf(scope)).activity.movedInToday, scope).toBe(1);
    expect((await modulesOf('321171')).activity.movedOutToday).toBe(1);
    expect((await modulesOf(townOf(OTHER_TOWN_CELL))).activity.movedInToday).toBe(0);
  });

  it('a resent batch changes nothing: every event is a duplicate', async () => {
    const before = await modulesOf('321171');
    const res = await post([moved('m-1'), gate('g-1', 'in'), fault('f-1')]);
    expect(res.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    expect(rowCount()).toBe(4);
    expect(await modulesOf('321171')).toEqual(before);
  });

  it('an id belongs to its sender: another token may use the same id for its own event', async () => {
    const admin = await loginAs(app, 'admin');
    const made = await app.inject({ method: 'POST', url: '/api/admin/intake-tokens', headers: admin, payload: { name: '道闸系统' } });
    expect(made.statusCode).toBe(201);
    const res = await post([moved('m-1')], { authorization: `Bearer ${made.json().secret}` });
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await modulesOf(TOWN)).activity.movedInToday).toBe(2);
  });

  it('a house change moves the standing house numbers of its cell and the scopes above it', async () => {
    const res = await post([{ id: 'b-1', type: 'building.changed', at: ago(2), gridId: CELL, building: '3栋', change: { rented: 2, vacant: -2 } }]);
    expect(res.json().accepted).toBe(1);
    const town = await modulesOf(TOWN);
    expect(town.houses.rented).toBe(baseline.houses.rented + 2);
    expect(town.houses.vacant).toBe(baseline.houses.vacant - 2);
    expect(town.houses.households).toBe(baseline.houses.households);
  });

  it('refuses whole batches it cannot read with one 4xx, writing nothing', async () => {
    const before = rowCount();
    const tooMany = Array.from({ length: MODULE_EVENTS_MAX_PER_CALL + 1 }, (_, i) => moved(`x-${i}`));
    const cases = [
      { res: await post(tooMany), status: 400, field: 'events' },
      { res: await post([]), status: 400, field: 'events' },
      { res: await app.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { event: [] } }), status: 400 },
      { res: await post([{ ...moved('huge'), gate: 'x'.repeat(1_100_000) }]), status: 413 },
      { res: await post([moved('y-1')], {}), status: 401 },
      { res: await post([moved('y-2')], await loginAs(app, 'admin')), status: 403 },
    ];
    for (const c of cases) {
      expect(c.res.statusCode, c.res.body).toBe(c.status);
      expect(c.res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      if (c.field) expect(c.res.json().field).toBe(c.field);
    }
    expect(rowCount()).toBe(before);
  });

  it('takes 1,000 events in one call (more than the 64 KiB of other bodies)', async () => {
    const before = (await modulesOf('321171')).activity.gatePassesToday;
    const res = await post(Array.from({ length: MODULE_EVENTS_MAX_PER_CALL }, (_, i) => gate(`bulk-${i}`, i % 2 ? 'in' : 'out')));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    expect((await modulesOf('321171')).activity.gatePassesToday).toBe(before + 1000);
  });

  it('a batch whose write fails leaves no row and no count behind', async () => {
    const before = await modulesOf('321171');
    const rows = rowCount();
    app.moshao.db.exec(`CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON module_events WHEN NEW.id = 'boom'
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      const res = await post([moved('ok-before-boom'), moved('boom')]);
      expect(res.statusCode).toBe(500);
    } finally {
      app.moshao.db.exec('DROP TRIGGER refuse_boom');
    }
    expect(rowCount()).toBe(rows);
    expect(await modulesOf('321171')).toEqual(before);
  });

  it('pushes the new numbers to subscribed walls as a seq\'d modules delta', async () => {
    const url = await listenOnFreePort(app);
    const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const ack = await new Promise<Ack<ScopeSnapshot>>((resolve) => c.emit('scope:subscribe', { scope: VILLAGE }, resolve));
      if (!ack.ok) throw new Error(ack.error);
      const delta = new Promise<ScopeDelta>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no modules delta within 3 s')), 3000);
        c.on('scope:delta', (d) => {
          if (!d.patch.modules) return;
          clearTimeout(timer);
          resolve(d);
        });
      });
      expect((await post([moved('pushed-1')])).json().accepted).toBe(1);
      const d = await delta;
      expect(d.seq).toBeGreaterThan(ack.data.seq);
      expect(d.patch.modules!.activity.movedInToday).toBe(ack.data.summary.modules.activity.movedInToday + 1);
    } finally {
      c.close();
    }
  });

  it('a restart rebuilds the module numbers from SQLite, and a resend after it is still a duplicate', async () => {
    const before = { district: await modulesOf('321171'), cell: await modulesOf(CELL) };
    await app.close();
    app = await open();
    expect(await modulesOf('321171')).toEqual(before.district);
    expect(await modulesOf(CELL)).toEqual(before.cell);
    expect((await post([moved('m-1'), gate('g-1', 'in')])).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
  });
});

describe('the intake budget', () => {
  it('a batch is one request of its token\'s budget, shared with ticket intake', async () => {
    const small = await testApp({ mode: 'live', dbPath: await liveDbWithWorld(dir, 'budget.db'), budgets: { intake: { perMinute: 1, burst: 2 } } });
    try {
      const batch = (id: string) => small.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { events: [moved(id), moved(`${id}b`)] } });
      expect((await batch('a')).json().accepted).toBe(2);
      const ticket = await small.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
        category: 'road', title: '井盖缺失', channel: 'resident', reporterRole: 'resident', gridId: CELL,
      } });
      expect(ticket.statusCode).toBe(201);
      const limited = await batch('c');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: 'rate_limited' });
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await small.close();
    }
  });
});
