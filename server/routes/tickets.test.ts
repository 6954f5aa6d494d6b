import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, loginAs, rowCounts, testApp } from '../test/app.js';

let app: FastifyInstance;
let cell: { id: string; centroid: [number, number] };

beforeAll(async () => {
  app = await testApp();
  const row = app.moshao.db.prepare("SELECT id, centroid_lng AS lng, centroid_lat AS lat FROM grid_cells WHERE id LIKE '321171102004-%' ORDER BY id LIMIT 1").get() as { id: string; lng: number; lat: number };
  cell = { id: row.id, centroid: [row.lng, row.lat] };
});
afterAll(() => app.close());

const good = () => ({
  category: 'lamp', title: '小区路灯不亮', description: '3号楼前两盏路灯不亮', channel: 'mini_program', reporterRole: 'resident',
  gridId: cell.id, address: '新茂社区3号楼',
});

const post = (payload: unknown, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url: '/api/tickets', headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('POST /api/tickets (intake)', () => {
  it('files a ticket at its category tier with deadlines and the cell', async () => {
    const res = await post(good());
    expect(res.statusCode).toBe(201);
    const t = res.json();
    expect(t).toMatchObject({ status: 'reported', tier: 3, category: 'lamp', gridId: cell.id, handlingUnit: '新茂社区' });
    expect(t.responseDueAt - t.reportedAt).toBe(120 * 60_000);
    expect(t.closeDueAt - t.reportedAt).toBe(72 * 3600_000);
    expect(Array.isArray(t.possibleDuplicates)).toBe(true);
  });

  it('resolves a point to its grid cell and lists open tickets of the same category within 250 m', async () => {
    const first = (await post({ ...good(), gridId: undefined, location: { lng: cell.centroid[0], lat: cell.centroid[1] } })).json();
    expect(first.gridId).toBe(cell.id);
    const near = (await post({ ...good(), gridId: undefined, location: { lng: cell.centroid[0] + 0.0005, lat: cell.centroid[1] } })).json();
    expect(near.possibleDuplicates.map((d: { id: number }) => d.id)).toContain(first.id);
    const otherCategory = (await post({ ...good(), category: 'road', gridId: undefined, location: { lng: cell.centroid[0], lat: cell.centroid[1] } })).json();
    expect(otherCategory.possibleDuplicates.map((d: { id: number }) => d.id)).not.toContain(first.id);
  });

  it('returns the same ticket for a retried Idempotency-Key and creates nothing new', async () => {
    const headers = { ...auth, 'idempotency-key': 'retry-abc-1' };
    const a = await post(good(), headers);
    const before = rowCounts(app);
    const b = await post(good(), headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    expect(rowCounts(app)).toEqual(before);
  });

  it('files one ticket for concurrent retries with the same Idempotency-Key', async () => {
    const headers = { ...auth, 'idempotency-key': 'burst-xyz' };
    const before = rowCounts(app);
    const answers = await Promise.all([post(good(), headers), post(good(), headers), post(good(), headers)]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(rowCounts(app).tickets).toBe(before.tickets + 1);
  });

  const bad: [string, () => unknown, Record<string, string> | undefined, number, string | undefined][] = [
    ['malformed JSON', () => '{"category": "lamp",', undefined, 400, undefined],
    ['a wrong type', () => ({ ...good(), urgent: 'yes' }), undefined, 400, 'urgent'],
    ['an unknown category', () => ({ ...good(), category: 'ufo' }), undefined, 400, 'category'],
    ['no location at all', () => ({ ...good(), gridId: undefined }), undefined, 400, 'location'],
    ['an unknown grid cell', () => ({ ...good(), gridId: '321171999999-01' }), undefined, 400, 'gridId'],
    ['a point outside the district (Shanghai)', () => ({ ...good(), gridId: undefined, location: { lng: 121.47, lat: 31.23 } }), undefined, 422, 'location'],
    ['a missing title', () => ({ ...good(), title: undefined }), undefined, 400, 'title'],
    ['an unknown channel', () => ({ ...good(), channel: 'fax' }), undefined, 400, 'channel'],
    ['an extra field', () => ({ ...good(), phone: '13800000000' }), undefined, 400, undefined],
    ['an oversize body', () => ({ ...good(), description: 'x'.repeat(70 * 1024) }), undefined, 413, undefined],
    ['no token', () => good(), {}, 401, undefined],
    ['a bad token', () => good(), { authorization: 'Bearer nope' }, 401, undefined],
  ];
  for (const [what, payload, headers, status, field] of bad) {
    it(`refuses ${what} with ${status} and writes nothing`, async () => {
      const before = rowCounts(app);
      const res = await post(payload(), headers ?? auth);
      expect(res.statusCode).toBe(status);
      const body = res.json();
      expect(typeof body.error).toBe('string');
      expect(body.message.length).toBeGreaterThan(10);
      if (field) expect(body.field).toBe(field);
      expect(rowCounts(app)).toEqual(before);
    });
  }
});

describe('transitions and reading tickets', () => {
  it('walks a ticket through its lifecycle, refuses illegal moves with 409 and keeps an append-only timeline', async () => {
    const t = (await post(good())).json();
    const supervisor = await loginAs(app, 'district');
    const act = (action: string, extra: object = {}) =>
      app.inject({ method: 'POST', url: `/api/tickets/${t.id}/transitions`, headers: supervisor, payload: { action, note: `${action} note`, ...extra } });
    expect((await act('accept')).statusCode).toBe(200);
    const illegal = await act('close');
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().message).toMatch(/accepted.*dispatch/);
    expect((await act('dispatch')).statusCode).toBe(200);
    const esc = (await act('escalate')).json();
    expect(esc).toMatchObject({ tier: 2, escalations: 1, status: 'dispatched' });
    expect(esc.handlingUnit).toContain('丁岗镇');
    for (const a of ['start', 'handle', 'rework', 'handle', 'close']) expect((await act(a)).statusCode).toBe(200);
    expect((await act('evaluate', { rating: 9 })).statusCode).toBe(400);
    expect((await act('evaluate', { rating: 5 })).json()).toMatchObject({ status: 'evaluated', rating: 5, reworks: 1 });
    const full = (await app.inject({ url: `/api/tickets/${t.id}`, headers: supervisor })).json();
    expect(full.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'accept', 'dispatch', 'escalate', 'start', 'handle', 'rework', 'handle', 'close', 'evaluate']);
    expect(full.timeline[1]).toMatchObject({ fromStatus: 'reported', toStatus: 'accepted', note: 'accept note' });
    // Without a login the same timeline keeps its steps but loses the notes and actors.
    const anonymous = (await app.inject({ url: `/api/tickets/${t.id}` })).json();
    expect(anonymous.timeline.map((e: { action: string }) => e.action)).toEqual(full.timeline.map((e: { action: string }) => e.action));
    expect(anonymous.timeline[1]).toEqual({ id: full.timeline[1].id, ticketId: t.id, at: full.timeline[1].at, action: 'accept', fromStatus: 'reported', toStatus: 'accepted' });
    expect(anonymous).not.toHaveProperty('title');
  });

  it('404s an unknown ticket and 401s a transition without a session', async () => {
    expect((await app.inject({ url: '/api/tickets/999999' })).statusCode).toBe(404);
    const res = await app.inject({ method: 'POST', url: '/api/tickets/1/transitions', payload: { action: 'accept' } });
    expect(res.statusCode).toBe(401);
  });

  it('lists tickets by scope and filters with cursor paging', async () => {
    const page1 = (await app.inject({ url: `/api/tickets?scope=${cell.id}&limit=2` })).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await app.inject({ url: `/api/tickets?scope=${cell.id}&limit=2&cursor=${page1.nextCursor}` })).json();
    expect(page2.items[0].id).toBeLessThan(page1.items[1].id);
    for (const t of [...page1.items, ...page2.items]) expect(t.gridId).toBe(cell.id);
    const evaluated = (await app.inject({ url: '/api/tickets?status=evaluated&tier=2' })).json();
    expect(evaluated.items.every((t: { status: string; tier: number }) => t.status === 'evaluated' && t.tier === 2)).toBe(true);
    const open = (await app.inject({ url: `/api/tickets?scope=${cell.id}&open=true&limit=200` })).json();
    expect(open.items.length).toBeGreaterThan(0);
    expect(open.items.every((t: { status: string }) => !['closed', 'evaluated', 'rejected', 'merged'].includes(t.status))).toBe(true);
    const done = (await app.inject({ url: `/api/tickets?scope=${cell.id}&open=false&limit=200` })).json();
    expect(done.items.every((t: { status: string }) => ['closed', 'evaluated', 'rejected', 'merged'].includes(t.status))).toBe(true);
    expect(open.items.length + done.items.length).toBe((await app.inject({ url: `/api/tickets?scope=${cell.id}&limit=200` })).json().items.length);
    expect((await app.inject({ url: '/api/tickets?scope=999' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/tickets?limit=5000' })).statusCode).toBe(400);
  });
});
