import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ScopeSnapshot, ServerToClientEvents } from '../../shared/events.js';
import type { GridPage, TicketPage } from '../../shared/schemas/drill.js';
import { maskName, maskPhone } from '../domain/masking.js';
import { auth, loginAs, testApp } from '../test/app.js';
import { listenOnFreePort } from '../test/sockets.js';

let app: FastifyInstance;
let url: string;
let cell: string;
let ticketId: number;
beforeAll(async () => {
  app = await testApp();
  url = await listenOnFreePort(app);
  // Two months of the replay, so that tickets, notes and timelines are real ones.
  await app.moshao.replayer!.command({ action: 'seek', to: Date.UTC(2023, 1, 28, 16) });
  // A 丁卯街道 cell with a grid member and at least one central household with officers.
  cell = (app.moshao.db.prepare(
    `SELECT s.grid_id AS id FROM staff s JOIN staff o ON o.leader_id = s.id
     WHERE s.grid_id LIKE '321171001%' AND s.role = 'central_household' ORDER BY s.grid_id LIMIT 1`,
  ).get() as { id: string }).id;
  ticketId = (await app.inject({
    method: 'POST', url: '/api/tickets', headers: auth,
    payload: { category: 'lamp', title: '路灯不亮', channel: 'central_household', reporterRole: 'central_household', gridId: cell },
  })).json().id;
});
afterAll(() => app.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ url: path, headers });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res;
};

describe('the grid cell page', () => {
  it('shows the station, the grid member, the central households and their officers, all masked', async () => {
    const page = (await get(`/api/drill/grid/${cell}`, await loginAs(app, 'town'))).json() as GridPage;
    const raw = app.moshao.db.prepare('SELECT id, role, name, phone, leader_id AS leaderId, households FROM staff WHERE grid_id = ?').all(cell) as
      { id: string; role: string; name: string; phone: string; leaderId: string | null; households: number }[];
    const member = raw.find((s) => s.role === 'grid_member')!;
    expect(page.gridMember).toEqual({ id: member.id, name: maskName(member.name), phone: maskPhone(member.phone) });
    const households = raw.filter((s) => s.role === 'central_household');
    expect(page.centralHouseholds.map((h) => h.id)).toEqual(households.map((h) => h.id));
    for (const h of page.centralHouseholds) {
      const source = households.find((s) => s.id === h.id)!;
      expect(h).toMatchObject({ name: maskName(source.name), phone: maskPhone(source.phone), households: source.households });
      expect(h.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(h.officers.map((o) => o.id)).toEqual(raw.filter((o) => o.role === 'info_officer' && o.leaderId === h.id).map((o) => o.id));
    }
    expect(page.centralHouseholds.some((h) => h.officers.length > 0)).toBe(true);
    expect(page.station).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(page.place).toMatchObject({ gridId: cell, townCode: '321171001', townName: '丁卯街道' });
    expect(page.summary.scope.id).toBe(cell);
    expect(page.summary.modules.activity).toHaveProperty('inspectionsToday');
    expect(page.summary.modules.houses.units).toBeGreaterThan(0);
  });

  it('404s an unknown cell for a caller who could see it', async () => {
    const res = await app.inject({ url: '/api/drill/grid/321171001999-99', headers: await loginAs(app, 'viewer') });
    expect(res.statusCode).toBe(404);
  });
});

describe('the ticket page', () => {
  it('lists the actions the caller may take now: a supervisor in scope may act, a viewer only reads', async () => {
    const town = (await get(`/api/drill/tickets/${ticketId}`, await loginAs(app, 'town'))).json() as TicketPage;
    expect(town.allowedActions).toEqual(['accept', 'reject', 'merge']);
    expect(town.timeline.map((e) => e.action)).toEqual(['report']);
    expect(town.place.gridId).toBe(cell);
    const viewer = (await get(`/api/drill/tickets/${ticketId}`, await loginAs(app, 'viewer'))).json() as TicketPage;
    expect(viewer.allowedActions).toEqual([]);
  });
});

describe('scope children', () => {
  it('ranks a town\'s villages with their headline numbers, publicly', async () => {
    const body = (await get('/api/scopes/321171001/children')).json();
    expect(body.scope).toMatchObject({ id: '321171001', level: 'town' });
    expect(body.children.length).toBeGreaterThan(3);
    expect(body.children[0]).toMatchObject({ level: 'village', tickets: { total: expect.any(Number) }, kpi: expect.any(Object) });
    expect((await get(`/api/scopes/${cell}/children`)).json().children).toEqual([]);
    expect((await app.inject({ url: '/api/scopes/999/children' })).statusCode).toBe(404);
  });
});

describe('masking: nothing the wall or a viewer receives holds personal data', () => {
  it('has no staff name or phone, no 11-digit mobile number and no ID number in any response', async () => {
    const viewer = await loginAs(app, 'viewer');
    const bodies: [string, string][] = [];
    const wallUrls = [
      '/api/health', '/api/categories', '/api/geo?level=town', '/api/geo?level=village', '/api/geo?level=grid',
      '/api/summary', '/api/summary?scope=321171001', `/api/summary?scope=${cell}`, '/api/cells/measures',
      '/api/tickets?limit=200', `/api/tickets?scope=${cell}`, `/api/tickets/${ticketId}`, '/api/replay',
      '/api/scopes/321171/children', '/api/scopes/321171001/children',
    ];
    for (const u of wallUrls) bodies.push([u, (await get(u)).body]);
    for (const u of [`/api/drill/grid/${cell}`, `/api/drill/tickets/${ticketId}`, '/api/auth/me']) bodies.push([`viewer ${u}`, (await get(u, viewer)).body]);
    // The wall's socket: the snapshot of the cell's room.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const ack = await new Promise<Ack<ScopeSnapshot>>((resolve) => socket.emit('scope:subscribe', { scope: cell }, resolve));
      expect(ack.ok).toBe(true);
      bodies.push(['socket snapshot', JSON.stringify(ack)]);
    } finally {
      socket.close();
    }

    const staff = app.moshao.db.prepare('SELECT name, phone FROM staff').all() as { name: string; phone: string }[];
    expect(staff.length).toBeGreaterThan(1000);
    const phones = new Set(staff.map((s) => s.phone));
    // Names of three or more characters must appear nowhere; two-character names also spell place words (戴家, 高峰),
    // so those must not be a whole JSON string.
    const longNames = [...new Set(staff.map((s) => s.name).filter((n) => Array.from(n).length >= 3))];
    const shortNames = new Set(staff.map((s) => s.name).filter((n) => Array.from(n).length === 2));
    expect(longNames.length).toBeGreaterThan(100);
    const mobile = /(?<![\d.])1[3-9]\d{9}(?!\d)/;
    const idNumber = /(?<![\d.])\d{17}[\dXx](?!\d)/;
    for (const [where, body] of bodies) {
      expect(body.match(mobile)?.[0], `${where}: mobile number`).toBeUndefined();
      expect(body.match(idNumber)?.[0], `${where}: ID number`).toBeUndefined();
      for (const p of phones) if (body.includes(p)) throw new Error(`${where} contains the phone ${p}`);
      for (const n of longNames) if (body.includes(n)) throw new Error(`${where} contains the staff name ${n}`);
      for (const m of body.matchAll(/"([^"\\]*)"/g)) if (shortNames.has(m[1])) throw new Error(`${where} contains the staff name ${m[1]}`);
    }
    const gridPage = bodies.find(([w]) => w.startsWith('viewer /api/drill/grid'))![1];
    expect(gridPage).toMatch(/"phone":"1\d{2}\*{4}\d{4}"/);
    expect(JSON.parse(bodies.find(([w]) => w === '/api/tickets?limit=200')![1]).items).toHaveLength(200);
  });
});
