import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../app.js';

/**
 * The seed's own figures, from the full fixture year played through the whole pipeline into a real SQLite file; then
 * the year's loop. What holds on any machine only: how fast it plays and how long the event loop stalls meanwhile are
 * `npm run bench`'s (the replay and seek rows, against their baselines in the same run).
 */
const dir = mkdtempSync(join(tmpdir(), 'moshao-year-'));
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ dbPath: join(dir, 'moshao.db'), clientDir: '/nonexistent' });
  await app.moshao.replayer!.prepare();
  await app.moshao.replayer!.playTo(REPLAY_YEAR_END_MS);
  // The whole year: about a minute alone on two cores, several when other test files share them.
}, 900_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('2023 played in full, then looped', () => {
  it('shows what the seed reports: 60,000+ items over tiers 1-3, a 100% response rate, 5,000+ urgent needs solved', async () => {
    const s = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    expect(s.tickets.total).toBeGreaterThanOrEqual(60_000);
    expect(Object.keys(s.tickets.byTier).sort()).toEqual(['1', '2', '3']);
    expect(s.tickets.byTier['3']).toBeGreaterThan(s.tickets.byTier['2']);
    expect(s.kpi.responseRate).toBe(1);
    expect(s.tickets.urgentSolved).toBeGreaterThanOrEqual(5000);
    expect(s.kpi.onTimeRate).toBeGreaterThan(0.85);
    expect(s.kpi.onTimeRate).toBeLessThan(1);
    expect(s.kpi.satisfactionRate).toBeGreaterThan(0.85);
    expect(s.kpi.reworkRate).toBeGreaterThan(0);
    expect(app.moshao.replayer!.skipped).toBe(0);
  });

  it('loops back to the year\'s start and through it again, every ticket kept with its id and the same figures', async () => {
    const rows = app.moshao.db.prepare('SELECT id, ref, status FROM tickets ORDER BY id').all();
    const full = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    await app.moshao.replayer!.seekTo(REPLAY_YEAR_START_MS); // what the year's end does
    expect((await app.inject({ url: '/api/summary?scope=321171' })).json().tickets.total).toBe(0);
    await app.moshao.replayer!.seekTo(REPLAY_YEAR_END_MS);
    const again = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    expect(again.tickets).toEqual(full.tickets);
    expect(again.kpi).toEqual(full.kpi);
    expect(app.moshao.db.prepare('SELECT id, ref, status FROM tickets ORDER BY id').all()).toEqual(rows);
  }, 600_000);
});
