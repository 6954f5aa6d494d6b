import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, HOUR_MS, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { createRng } from '../../fixtures/prng.js';
import { generateWorld } from '../../fixtures/generate.js';
import { buildApp } from '../app.js';

/**
 * The proof that a seek is a jump to the same place a step-by-step replay reaches: at random instants, every scope's
 * summary (counters, KPIs, series, modules), every cell's numbers and every ticket row are equal — whether the jump
 * came from before the instant or from after it. Both apps run on real SQLite files.
 */
const world = generateWorld({ seed: 7, ticketScale: 0.03 });
const dir = mkdtempSync(join(tmpdir(), 'moshao-seek-'));
const open = (name: string) => buildApp({ dbPath: join(dir, `${name}.db`), world, clientDir: '/nonexistent' });
let stepwise: FastifyInstance;
let jumper: FastifyInstance;
beforeAll(async () => {
  [stepwise, jumper] = await Promise.all([open('stepwise'), open('jumper')]);
});
afterAll(async () => {
  await Promise.all([stepwise?.close(), jumper?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const SEED = Number(process.env.SEEK_TEST_SEED ?? Date.now() % 100_000);
const INSTANTS = 12;

/** Everything the wall and the API can see of the state at the replay's instant. */
function stateOf(app: FastifyInstance) {
  const { live, db } = app.moshao;
  const scopes = Object.fromEntries(live.scopeIds().map((s) => [s, live.summary(s)]));
  const rows = db.prepare(
    `SELECT id, status, tier, handling_unit, accepted_at, dispatched_at, started_at, handled_at, closed_at, evaluated_at,
       close_due_at, escalations, reworks, rating, duplicate_of, updated_at FROM tickets ORDER BY id`,
  ).raw().all();
  return { clock: live.at, scopes, rows };
}

describe(`a seek equals a step-by-step replay (seed ${SEED}; rerun with SEEK_TEST_SEED=${SEED})`, () => {
  const rng = createRng(SEED);
  const instants = Array.from({ length: INSTANTS }, () => REPLAY_YEAR_START_MS + Math.floor(rng.next() * (REPLAY_YEAR_END_MS - REPLAY_YEAR_START_MS)))
    .sort((a, b) => a - b);

  it.each(instants.map((t, i) => [i, new Date(t).toISOString(), t] as const))('instant %i: %s', async (i, _iso, t) => {
    await stepwise.moshao.replayer!.playTo(t);
    const expected = stateOf(stepwise);
    expect(expected.clock).toBe(t);

    // From after, then from before (alternating which comes first); then from near: an hour after and two days
    // before, where the jump keeps most of the series' buckets and a few deadlines fall between the instants.
    const order = i % 2 === 0 ? [REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS] : [REPLAY_YEAR_START_MS, REPLAY_YEAR_END_MS];
    const near = [t + HOUR_MS, t - 2 * DAY_MS].map((n) => Math.min(REPLAY_YEAR_END_MS, Math.max(REPLAY_YEAR_START_MS, n)));
    for (const from of [...order, ...near]) {
      await jumper.moshao.replayer!.seekTo(from);
      await jumper.moshao.replayer!.seekTo(t);
      expect(stateOf(jumper)).toEqual(expected);
    }
  });
});
