import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { townOf } from '../../shared/scope.js';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../test/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('read-only API', () => {
  it('GET /api/health says ok and the mode', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', mode: 'demo' });
    expect(typeof res.json().clock).toBe('number');
  });

  it('GET /api/categories is the catalogue with tiers and deadlines', async () => {
    const cats = (await app.inject({ url: '/api/categories' })).json();
    expect(cats.length).toBe(22);
    expect(cats.find((c: { code: string }) => c.code === 'flood_emergency')).toMatchObject({ tier: 1, responseMinutes: 15 });
  });

  it('GET /api/geo serves each level as a FeatureCollection with ids and parent codes', async () => {
    for (const [level, n] of [['town', 5], ['village', 61], ['grid', 325]] as const) {
      const fc = (await app.inject({ url: `/api/geo?level=${level}` })).json();
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(n);
      const f = fc.features[0];
      expect(f.id).toBe(f.properties.id);
      expect(f.properties.townCode).toBe(townOf(String(f.id)));
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
    expect((await app.inject({ url: '/api/geo?level=planet' })).statusCode).toBe(400);
  });

  it('GET /api/summary for the district carries the seed totals and the 人车房物 sums', async () => {
    const s = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    expect(s.scope).toMatchObject({ id: '321171', level: 'district' });
    expect(s.counts).toMatchObject({
      towns: 5, villages: 61, gridCells: 325, serviceStations: 325, partyBranches: 68, centralHouseholds: 1684, infoOfficers: 3498,
    });
    expect(s.counts.households).toBeGreaterThan(50_000);
    expect(s.modules.people.registered).toBeGreaterThan(s.counts.households);
    expect(s.modules.houses.households).toBeGreaterThan(0);
    expect(s.modules.things.hydrants).toBeGreaterThan(0);
    for (const k of ['total', 'open', 'overdue', 'urgentSolved']) expect(typeof s.tickets[k]).toBe('number');
    expect(s.series.hourly).toHaveLength(24);
    expect(s.series.daily).toHaveLength(30);
  });

  it('GET /api/summary for a town counts only its own cells; an unknown scope is a 404 with a message', async () => {
    const town = (await app.inject({ url: '/api/summary?scope=321171001' })).json();
    expect(town.scope.name).toBe('丁卯街道');
    expect(town.counts.villages).toBe(8);
    expect(town.counts.gridCells).toBeLessThan(325);
    const res = await app.inject({ url: '/api/summary?scope=123' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/Unknown scope/);
  });

  it('GET /api/cells/measures gives every cell its open/overdue/total', async () => {
    const m = (await app.inject({ url: '/api/cells/measures' })).json();
    expect(Object.keys(m)).toHaveLength(325);
  });

  it('unknown API routes are JSON 404s', async () => {
    const res = await app.inject({ url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});
