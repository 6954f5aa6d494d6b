import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../shared/constants.js';
import { createModuleActivity, moduleWindow, tallyOf } from './module-activity.js';

const CELL = '321171001001-01';
const OTHER_TOWN_CELL = '321171002001-01';
const SCOPES = ['321171', '321171001', '321171001001', CELL, '321171002', '321171002001', OTHER_TOWN_CELL];
// 2026-12-01 10:30 in 镇江.
const NOW = Date.parse('2026-12-01T10:30:00+08:00');
const iso = (t: number) => new Date(t).toISOString();
const passed = (at: number, direction: 'in' | 'out', gridId = CELL) =>
  tallyOf({ id: `g${at}${direction}`, type: 'vehicle.passed', at: iso(at), gridId, direction, gate: '北门' }, at);

describe('module activity', () => {
  it('counts an event into its cell, village, town and district, and nowhere else', () => {
    const m = createModuleActivity(SCOPES, NOW);
    const changed = m.record([tallyOf({ id: 'p1', type: 'person.moved_in', at: iso(NOW), gridId: CELL }, NOW)], NOW);
    expect([...changed].sort()).toEqual(['321171', '321171001', '321171001001', CELL]);
    for (const s of ['321171', '321171001', '321171001001', CELL]) expect(m.activityOf(s).movedInToday).toBe(1);
    expect(m.activityOf('321171002').movedInToday).toBe(0);
  });

  it('shows gate passes of the last whole hour; the current hour counts today but shows as last hour only when it is over', () => {
    const m = createModuleActivity(SCOPES, NOW);
    m.record([passed(NOW - HOUR_MS, 'in'), passed(NOW - HOUR_MS, 'out'), passed(NOW - 60_000, 'in')], NOW);
    expect(m.activityOf(CELL)).toMatchObject({ gateInLastHour: 1, gateOutLastHour: 1, gatePassesToday: 3 });
    m.advance(NOW + HOUR_MS);
    expect(m.activityOf(CELL)).toMatchObject({ gateInLastHour: 1, gateOutLastHour: 0, gatePassesToday: 3 });
    // Two hours on, the hour that just ended had nothing.
    m.advance(NOW + 3 * HOUR_MS);
    expect(m.activityOf(CELL)).toMatchObject({ gateInLastHour: 0, gateOutLastHour: 0, gatePassesToday: 3 });
  });

  it("starts today's counts at 0 at local midnight; house changes stay", () => {
    const m = createModuleActivity(SCOPES, NOW);
    m.record([
      tallyOf({ id: 'f', type: 'device.fault', at: iso(NOW), gridId: CELL, device: 'gas' }, NOW),
      tallyOf({ id: 'b', type: 'building.changed', at: iso(NOW), gridId: CELL, building: '3栋', change: { rented: 2, vacant: -2 } }, NOW),
    ], NOW);
    expect(m.activityOf('321171')).toMatchObject({ faultsToday: 1, inspectionsToday: 1 });
    m.advance(Date.parse('2026-12-01T23:59:59+08:00'));
    expect(m.activityOf('321171').faultsToday).toBe(1);
    m.advance(Date.parse('2026-12-02T00:00:00+08:00'));
    expect(m.activityOf('321171')).toMatchObject({ faultsToday: 0, inspectionsToday: 0 });
    expect(m.housesOf('321171001')).toEqual({ households: 0, rented: 2, vacant: -2 });
  });

  it("counts an event of an earlier day only for houses, and one slightly ahead of the clock as now", () => {
    const m = createModuleActivity(SCOPES, NOW);
    const yesterday = NOW - 24 * HOUR_MS;
    m.record([
      tallyOf({ id: 'y', type: 'person.moved_out', at: iso(yesterday), gridId: CELL }, yesterday),
      tallyOf({ id: 'h', type: 'building.changed', at: iso(yesterday), gridId: CELL, building: '1栋', change: { households: 3 } }, yesterday),
      passed(NOW + 60_000, 'out'),
    ], NOW);
    expect(m.activityOf(CELL)).toMatchObject({ movedOutToday: 0, gatePassesToday: 1, gateOutLastHour: 0 });
    expect(m.housesOf(CELL).households).toBe(3);
    m.advance(NOW + HOUR_MS);
    expect(m.activityOf(CELL).gateOutLastHour).toBe(1);
  });

  it('takes events from the start of today, or the hour before just after midnight, to a little after the clock', () => {
    expect(moduleWindow(NOW).from).toBe(Date.parse('2026-12-01T00:00:00+08:00'));
    expect(moduleWindow(Date.parse('2026-12-02T00:20:00+08:00')).from).toBe(Date.parse('2026-12-01T23:00:00+08:00'));
    expect(moduleWindow(NOW).to).toBeGreaterThan(NOW);
  });
});
