import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport } from '../../shared/schemas/report.js';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { auth, loginAs, OTHER_TOWN, TEST_TOWN, testApp, type TestRole } from '../test/app.js';

/** The demo stands on a summer noon: June 2023 has happened, July has begun. */
const CLOCK = Date.parse('2023-07-01T12:00:00+08:00');
let app: FastifyInstance;

const get = async (url: string, role?: TestRole, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { ...(role ? await loginAs(app, role) : {}), ...headers } });
const ok = async <T>(url: string, role: TestRole = 'admin'): Promise<T> => {
  const res = await get(url, role);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  app = await testApp({ replayFrom: { at: CLOCK, always: true } });
}, 120_000);
afterAll(() => app.close());

describe('GET /api/reports/monthly', () => {
  it('adds up to the indicators of the same month: filed, closed and 超期 by town, each town\'s own', async () => {
    const b = await ok<MonthlyBreakdown>('/api/reports/monthly?month=2023-06');
    const k = await ok<KpiReport>('/api/reports/kpi?from=2023-06-01&to=2023-07-01&by=town');
    expect(b.from).toBe(k.from);
    expect(b.asOf).toBe(k.asOf);
    expect(b.daily).toHaveLength(30);
    expect(b.daily[0].day).toBe('2023-06-01');
    expect(b.daily[29].day).toBe('2023-06-30');
    expect(k.totals.filed).toBeGreaterThan(0);
    expect(sum(b.daily.map((d) => d.filed))).toBe(k.totals.filed);
    expect(sum(b.daily.map((d) => d.closed))).toBe(k.totals.counts.closed);
    expect(sum(b.categories.map((c) => c.filed))).toBe(k.totals.filed);
    expect(sum(b.tiers.map((t) => t.filed))).toBe(k.totals.filed);
    expect(b.categories[0].filed).toBeGreaterThanOrEqual(b.categories[1].filed);
    expect(b.childLevel).toBe('town');
    expect(b.children.map((c) => [c.id, c.name, c.overdue])).toEqual(k.rows.map((r) => [r.id, r.name, r.overdue]));
  });

  it('a month not over yet stops at the clock; a town\'s children are its villages, as in the KPI by village', async () => {
    const july = await ok<MonthlyBreakdown>(`/api/reports/monthly?scope=${TEST_TOWN}&month=2023-07`, 'town');
    expect(july.daily.map((d) => d.day)).toEqual(['2023-07-01']);
    const b = await ok<MonthlyBreakdown>(`/api/reports/monthly?scope=${TEST_TOWN}&month=2023-06`, 'town');
    const k = await ok<KpiReport>(`/api/reports/kpi?scope=${TEST_TOWN}&from=2023-06-01&to=2023-07-01&by=village`, 'town');
    expect(b.childLevel).toBe('village');
    expect(b.children.map((c) => [c.id, c.overdue])).toEqual(k.rows.map((r) => [r.id, r.overdue]));
  });

  it('a village\'s children are its grid cells, named', async () => {
    const village = (app.moshao.db.prepare('SELECT village_code AS v FROM grid_cells WHERE village_code LIKE ? ORDER BY id LIMIT 1').get(`${TEST_TOWN}%`) as { v: string }).v;
    const b = await ok<MonthlyBreakdown>(`/api/reports/monthly?scope=${village}&month=2023-06`);
    const k = await ok<KpiReport>(`/api/reports/kpi?scope=${village}&from=2023-06-01&to=2023-07-01&by=village`);
    expect(b.childLevel).toBe('grid');
    expect(b.children.length).toBeGreaterThan(0);
    for (const c of b.children) expect(c.id.startsWith(village) && c.name !== c.id, c.id).toBe(true);
    expect(sum(b.children.map((c) => c.overdue))).toBe(k.totals.overdue);
  });

  it('refuses as the KPI does: 401, 403 for an intake token and outside a town supervisor\'s town, 400 naming month, 404, 422', async () => {
    expect((await get('/api/reports/monthly?month=2023-06')).statusCode).toBe(401);
    expect((await get('/api/reports/monthly?month=2023-06', undefined, auth)).statusCode).toBe(403);
    for (const scope of ['321171', OTHER_TOWN]) {
      const res = await get(`/api/reports/monthly?scope=${scope}&month=2023-06`, 'town');
      expect(res.statusCode, scope).toBe(403);
      expect(res.json()).toMatchObject({ error: 'out_of_scope' });
    }
    const bad = await get('/api/reports/monthly?month=2023-13', 'admin');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field ?? bad.json().message).toMatch(/month/);
    expect((await get('/api/reports/monthly?month=2023-06&scope=999999', 'admin')).statusCode).toBe(404);
    expect((await get('/api/reports/monthly?month=2023-08', 'admin')).json()).toMatchObject({ error: 'period_in_future', field: 'from' });
  });
});
