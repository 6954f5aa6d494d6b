import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOf } from '../../shared/scope.js';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { maskName } from '../domain/masking.js';
import { loginAs, OTHER_TOWN, reporterSession, TEST_TOWN, testApp } from '../test/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
}, 120_000);
afterAll(async () => {
  await app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
type Staff = { id: string; gridId: string; name: string; phone: string; role: string };
const staffIn = (prefix: string): Staff[] => app.moshao.db.prepare(
  "SELECT id, grid_id AS gridId, name, phone, role FROM staff WHERE role IN ('info_officer', 'central_household') AND grid_id LIKE ? ORDER BY grid_id, role, id",
).all(`${prefix}%`) as Staff[];

describe('GET /api/reporters', () => {
  it('answers supervisors in scope only', async () => {
    const village = villageOf(staffIn(TEST_TOWN)[0].gridId);
    expect((await get(`/api/reporters?scope=${village}`)).statusCode).toBe(401);
    expect((await get(`/api/reporters?scope=${village}`, await loginAs(app, 'viewer'))).statusCode).toBe(403);
    const other = await get(`/api/reporters?scope=${village}`, await loginAs(app, 'other-town'));
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'out_of_scope' });
    expect((await get(`/api/reporters?scope=${village}`, await loginAs(app, 'town'))).statusCode).toBe(200);
    expect((await get(`/api/reporters?scope=${OTHER_TOWN}`, await loginAs(app, 'district'))).statusCode).toBe(200);
  });

  it('refuses the district and a cell as scope (the list is a town\'s or a village\'s), naming the field', async () => {
    const admin = await loginAs(app, 'admin');
    for (const scope of [DISTRICT_CODE, staffIn(TEST_TOWN)[0].gridId]) {
      const res = await get(`/api/reporters?scope=${encodeURIComponent(scope)}`, admin);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_scope', field: 'scope' });
    }
    expect((await get('/api/reporters', admin)).json()).toMatchObject({ field: 'scope' });
    expect((await get('/api/reporters?scope=321171999', admin)).statusCode).toBe(404);
  });

  it('lists every 信息员 and 中心户 of a town, names masked as the cell page masks them, never a phone', async () => {
    const staff = staffIn(TEST_TOWN);
    const res = await get(`/api/reporters?scope=${TEST_TOWN}`, await loginAs(app, 'town'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.truncated).toBe(false);
    expect(body.items.map((i: { staffId: string }) => i.staffId)).toEqual(staff.map((s) => s.id));
    const text = res.body;
    for (const s of staff) {
      const item = body.items.find((i: { staffId: string }) => i.staffId === s.id);
      expect(item).toMatchObject({ role: s.role, gridId: s.gridId, name: maskName(s.name) });
      expect(item.gridName).not.toBe('');
      expect(text).not.toContain(s.phone);
      if (Array.from(s.name).length > 1) expect(text).not.toContain(`"${s.name}"`);
    }
  });

  it('tells none, invited (until when) and active apart', async () => {
    const village = villageOf(staffIn(TEST_TOWN)[0].gridId);
    const [a, b] = staffIn(village).filter((s) => s.role === 'info_officer');
    const town = await loginAs(app, 'town');
    const rowOf = async (id: string) => (await get(`/api/reporters?scope=${village}`, town)).json().items.find((i: { staffId: string }) => i.staffId === id);
    expect(await rowOf(a.id)).toMatchObject({ account: 'none' });
    expect((await rowOf(a.id)).invitedUntil).toBeUndefined();
    const invited = await app.inject({ method: 'POST', url: '/api/reporters/invitations', payload: { staffId: a.id }, headers: town });
    expect(invited.statusCode).toBe(201);
    // The card prints the address the QR code carries, without the code.
    const { activateUrl, qrSvg } = invited.json();
    expect(activateUrl).toMatch(/^https?:\/\/[^/]+\/m\/activate$/);
    expect(qrSvg).toMatch(/^<svg/);
    expect(await rowOf(a.id)).toMatchObject({ account: 'invited', invitedUntil: invited.json().expiresAt });
    await reporterSession(app, b.id);
    const active = await rowOf(b.id);
    expect(active).toMatchObject({ account: 'active' });
    expect(active.invitedUntil).toBeUndefined();
  });
});
