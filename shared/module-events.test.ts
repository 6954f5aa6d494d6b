import { describe, expect, it } from 'vitest';
import { checkModuleEvent, parseIsoInstant } from './module-events.js';

const good = { id: 'gate-7-000123', type: 'vehicle.passed', at: '2026-12-01T08:30:00+08:00', gridId: '321171001001-01', direction: 'in', gate: '北门' };

describe('one module event', () => {
  it('passes with its instant in epoch ms', () => {
    expect(checkModuleEvent(good)).toEqual({ ok: true, event: good, at: Date.parse('2026-12-01T08:30:00+08:00') });
  });

  it.each([
    ['not an object', 'x', undefined],
    ['an unknown type', { ...good, type: 'vehicle.parked' }, 'type'],
    ['a direction of no gate', { ...good, direction: 'up' }, 'direction'],
    ['a field of another type', { ...good, device: 'gas' }, 'device'],
    ['a stranger field (personal data has no place here)', { id: 'p', type: 'person.moved_in', at: good.at, gridId: good.gridId, name: '张三' }, 'name'],
    ['no zone', { ...good, at: '2026-12-01T08:30:00' }, 'at'],
    ['30 February', { ...good, at: '2026-02-30T08:30:00+08:00' }, 'at'],
    ['not a cell id', { ...good, gridId: '321171001' }, 'gridId'],
    ['an empty house change', { id: 'b', type: 'building.changed', at: good.at, gridId: good.gridId, building: '3栋', change: {} }, 'change'],
    ['a house change beyond a building', { id: 'b', type: 'building.changed', at: good.at, gridId: good.gridId, building: '3栋', change: { rented: 1e6 } }, 'change.rented'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    const r = checkModuleEvent(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('invalid_event');
    expect(r.field).toBe(field);
    expect(r.message.length).toBeGreaterThan(10);
  });

  it('reads the instants Date.parse reads, and none that it would roll over', () => {
    for (const t of ['2026-12-01T08:30:00+08:00', '2026-12-01T00:30Z', '2023-03-01T23:59:59.5-05:30']) expect(parseIsoInstant(t)).toBe(Date.parse(t));
    for (const t of ['2023-02-29T00:00:00Z', '2023-04-31T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01T00:00:00+15:00', '2023-1-1T00:00Z', '0050-01-01T00:00:00Z']) expect(parseIsoInstant(t)).toBeNull();
  });
});
