import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLAY_YEAR_END_MS } from '../../shared/constants.js';
import { buildApp } from '../app.js';

/** The seed's own figures, from the full fixture year replayed through the whole pipeline into a real SQLite file. */
let app: FastifyInstance;
let replaySeconds = 0;
beforeAll(async () => {
  app = await buildApp({ dbPath: join(mkdtempSync(join(tmpdir(), 'moshao-year-')), 'moshao.db'), clientDir: '/nonexistent' });
  const started = Date.now();
  await app.moshao.replayer!.playTo(REPLAY_YEAR_END_MS);
  replaySeconds = (Date.now() - started) / 1000;
}, 240_000);
afterAll(() => app?.close());

describe('2023 replayed in full', () => {
  it('shows what the seed reports: 60,000+ items over tiers 1-3, a 100% response rate, 5,000+ urgent needs solved', async () => {
    const s = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    console.log(`full year replayed in ${replaySeconds.toFixed(1)} s: ${s.tickets.total} tickets, kpi ${JSON.stringify(s.kpi)}`);
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
});
