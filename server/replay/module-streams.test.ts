import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { HOUR_MS } from '../../shared/constants.js';
import { cellActivity } from '../../fixtures/streams.js';
import { auth, testApp } from '../test/app.js';

/**
 * The demo feeds its fixture streams through the path other systems' events take: after playing hours step by step the
 * district's module numbers are exactly the streams' sums, and an event sent during the demo counts beside them.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const MORNING = Date.parse('2023-03-07T06:00:00+08:00');
const TEN = Date.parse('2023-03-07T10:00:00+08:00');
const CELL = '321171001001-01';
const activity = (scope = '321171') => app.moshao.live.summary(scope).modules.activity;

/** The streams of every cell for the given hours, summed the way the wall shows them. */
function streamsOf(hours: number[]) {
  const { live } = app.moshao;
  const cells = live.scopeIds().filter((id) => live.summary(id).scope.level === 'grid').map((id) => {
    const s = live.summary(id);
    return { id, households: s.counts.households, vehicles: s.modules.vehicles.registered, centralHouseholds: s.counts.centralHouseholds };
  });
  const sum = { movedIn: 0, movedOut: 0, gateIn: 0, gateOut: 0, inspections: 0, faults: 0 };
  for (const h of hours) {
    for (const c of cells) {
      const a = cellActivity(c, h);
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += a[k];
    }
  }
  return sum;
}

describe("the demo's module streams", () => {
  it('played hour by hour, they add up to the fixture streams of the day so far, with the last whole hour as "last hour"', async () => {
    await app.moshao.replayer!.seekTo(MORNING);
    await app.moshao.replayer!.playTo(TEN);
    const day = streamsOf(Array.from({ length: 10 }, (_, i) => Date.parse('2023-03-07T00:00:00+08:00') + i * HOUR_MS));
    const lastHour = streamsOf([TEN - HOUR_MS]);
    expect(day.inspections).toBeGreaterThan(0);
    expect(activity()).toEqual({
      movedInToday: day.movedIn, movedOutToday: day.movedOut, gatePassesToday: day.gateIn + day.gateOut,
      inspectionsToday: day.inspections, faultsToday: day.faults, gateInLastHour: lastHour.gateIn, gateOutLastHour: lastHour.gateOut,
    });
  });

  it('an event sent during the demo counts at the virtual clock beside the streams, and again after seeks', async () => {
    const before = activity(CELL).movedInToday;
    const at = new Date(TEN - 60_000).toISOString();
    const res = await app.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { events: [
      { id: 'demo-1', type: 'person.moved_in', at, gridId: CELL },
      { id: 'demo-2', type: 'person.moved_in', at: new Date().toISOString(), gridId: CELL },
    ] } });
    expect(res.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, error: 'in_future', field: 'at' }] });
    expect(activity(CELL).movedInToday).toBe(before + 1);
    // Another day does not have it; back on its day it counts again, as the step-by-step replay counted it.
    await app.moshao.replayer!.seekTo(TEN + 24 * HOUR_MS);
    const nextDay = activity(CELL).movedInToday;
    await app.moshao.replayer!.seekTo(TEN);
    expect(activity(CELL).movedInToday).toBe(before + 1);
    expect(nextDay).toBe(streamsOfCell(TEN + 24 * HOUR_MS));
  });
});

/** movedIn of CELL's streams over the whole hours of the day before `at`. */
function streamsOfCell(at: number): number {
  const s = app.moshao.live.summary(CELL);
  const c = { id: CELL, households: s.counts.households, vehicles: s.modules.vehicles.registered, centralHouseholds: s.counts.centralHouseholds };
  const dayStart = Date.parse('2023-03-08T00:00:00+08:00');
  let n = 0;
  for (let h = dayStart; h < at - HOUR_MS + 1; h += HOUR_MS) n += cellActivity(c, h).movedIn;
  return n;
}
