import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, loginAs, OTHER_TOWN, TEST_TOWN, testApp, type TestRole } from '../test/app.js';

/** The refusals of GET /api/reports/monthly.pdf, all answered before any browser starts (none is needed here). */
const CLOCK = Date.parse('2023-07-01T12:00:00+08:00');
let app: FastifyInstance;
const saved = process.env.CHROMIUM_PATH;

const pdf = async (query: string, role?: TestRole, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/reports/monthly.pdf?${query}`, headers: { ...(role ? await loginAs(app, role) : {}), ...headers } });

beforeAll(async () => {
  process.env.CHROMIUM_PATH = '/nonexistent/chromium';
  app = await testApp({ replayFrom: { at: CLOCK, always: true } });
}, 120_000);
afterAll(async () => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
  await app.close();
});

describe('GET /api/reports/monthly.pdf', () => {
  it('answers 503 naming what to install when there is no Chromium, while the workbook still works', async () => {
    const res = await pdf(`scope=${TEST_TOWN}&month=2023-06`, 'town');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'pdf_unavailable' });
    expect(res.json().message).toContain('apt-get install -y chromium');
    expect(res.json().message).toContain('/nonexistent/chromium');
    const xlsx = await app.inject({ method: 'GET', url: `/api/reports/kpi.xlsx?scope=${TEST_TOWN}&from=2023-06-01&to=2023-07-01`, headers: await loginAs(app, 'town') });
    expect(xlsx.statusCode).toBe(200);
  });

  it('logged-in only: 401 without a login, 403 for an intake token', async () => {
    expect((await pdf('month=2023-06')).statusCode).toBe(401);
    expect((await pdf('month=2023-06', undefined, auth)).statusCode).toBe(403);
  });

  it('keeps a town supervisor to their town', async () => {
    for (const scope of ['321171', OTHER_TOWN]) {
      const res = await pdf(`scope=${scope}&month=2023-06`, 'town');
      expect(res.statusCode, scope).toBe(403);
      expect(res.json()).toMatchObject({ error: 'out_of_scope' });
    }
  });

  it('refuses a malformed month, an unknown scope and a month after the clock, naming the field', async () => {
    for (const month of ['2023-13', '2023-6', 'june']) {
      const res = await pdf(`month=${month}`, 'admin');
      expect(res.statusCode, month).toBe(400);
      expect(res.json().field ?? res.json().message).toMatch(/month/);
    }
    expect((await pdf('month=2023-06&scope=999999', 'admin')).statusCode).toBe(404);
    const future = await pdf('month=2023-08', 'admin');
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ error: 'period_in_future', field: 'from' });
  });
});
