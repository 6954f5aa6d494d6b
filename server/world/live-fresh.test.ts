import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../shared/schemas/summary.js';
import { buildApp } from '../app.js';
import { auth, testApp } from '../test/app.js';

/** Live mode on a fresh database: the real divisions, no generated world, and intake refused until one is imported. */

const tmp = mkdtempSync(join(tmpdir(), 'moshao-live-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const newTicket = { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' };

describe('live mode on a fresh database', () => {
  const dbPath = join(tmp, 'live.db');

  it('starts with the real towns and villages, no grid cells and no staff, and says so in /api/health', async () => {
    const app = await testApp({ dbPath, mode: 'live' });
    try {
      expect((await app.inject('/api/health')).json()).toMatchObject({ status: 'ok', mode: 'live', cells: 0, tickets: 0 });
      const s = (await app.inject('/api/summary')).json() as Summary;
      expect(s.counts).toEqual({
        towns: 5, villages: 61, gridCells: 0, serviceStations: 0, partyBranches: 0, centralHouseholds: 0, infoOfficers: 0, gridMembers: 0, households: 0,
      });
      expect(s.modules.people.registered).toBe(0);
      expect((await app.inject('/api/geo?level=grid')).json().features).toEqual([]);
      expect((await app.inject('/api/geo?level=town')).json().features).toHaveLength(5);
      // The real names and codes: 丁卯街道 is 321171001.
      expect((await app.inject('/api/summary?scope=321171001')).json().scope.name).toBe('丁卯街道');
      const count = (sql: string) => app.moshao.db.prepare(sql).pluck().get() as number;
      expect([count('SELECT count(*) FROM grid_cells'), count('SELECT count(*) FROM staff'), count('SELECT count(*) FROM replay_plan')]).toEqual([0, 0, 0]);
    } finally {
      await app.close();
    }
  });

  it('answers intake with 409 no_world, after the token check, and writes no row', async () => {
    const app = await testApp({ dbPath, mode: 'live' });
    try {
      const noToken = await app.inject({ method: 'POST', url: '/api/tickets', payload: newTicket });
      expect(noToken.statusCode).toBe(401);
      const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: newTicket });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ error: 'no_world', message: expect.stringContaining('npm run world:import') });
      expect(app.moshao.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('a restart keeps the divisions and still generates nothing; demo mode refuses the live database', async () => {
    const app = await testApp({ dbPath, mode: 'live' });
    try {
      expect(app.moshao.db.prepare('SELECT count(*) FROM towns').pluck().get()).toBe(5);
      expect(app.moshao.db.prepare('SELECT count(*) FROM grid_cells').pluck().get()).toBe(0);
    } finally {
      await app.close();
    }
    await expect(buildApp({ dbPath, mode: 'demo', clientDir: '/nonexistent' })).rejects.toThrow(/demo mode needs its own MOSHAO_DB/);
  });
});
