import { describe, expect, it } from 'vitest';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { OVERDUE_RAMP } from '../charts/theme.js';
import { makeGeo } from '../test/fixtures.js';
import { buildDailyOption } from './daily-option.js';
import { geoLevelsOf, printMapOption } from './map-option.js';

const breakdown = (over: Partial<MonthlyBreakdown> = {}): MonthlyBreakdown => ({
  scope: { id: '321171001001', name: '丁卯社区' }, month: '2023-06', from: '2023-06-01T00:00:00+08:00', to: '2023-07-01T00:00:00+08:00',
  asOf: '2023-07-01T00:00:00+08:00',
  daily: [{ day: '2023-06-01', filed: 3, closed: 1 }, { day: '2023-06-02', filed: 0, closed: 2 }],
  categories: [], tiers: [{ tier: 1, filed: 0 }, { tier: 2, filed: 1 }, { tier: 3, filed: 2 }], escalated: 0,
  childLevel: 'grid', children: [{ id: '321171001001-01', name: '一', overdue: 4 }, { id: '321171001001-02', name: '二', overdue: 0 }],
  ...over,
});

describe('the print\'s own options', () => {
  it('daily: one bar of filed and one point of closed per day, the day of the month on the axis, no animation', () => {
    const o = buildDailyOption(breakdown().daily, { filed: '受理', closed: '办结' });
    expect(o.animation).toBe(false);
    expect((o.xAxis as { data: string[] }).data).toEqual(['1', '2']);
    const series = o.series as { type: string; data: number[] }[];
    expect(series.map((s) => [s.type, s.data])).toEqual([['bar', [3, 0]], ['line', [1, 2]]]);
  });

  it('map: the scope\'s children only, shaded by 超期 on the wall\'s overdue ramp, no ripples; none without shapes', () => {
    const registered: string[][] = [];
    const o = printMapOption(breakdown(), { children: makeGeo(), outline: null }, (cells) => {
      registered.push(cells.features.map((f) => f.id));
      return 'print:x';
    })!;
    expect(registered).toEqual([['321171001001-01', '321171001001-02']]);
    const series = o.series as { id: string; data: unknown[] }[];
    expect(series.find((s) => s.id === 'grid-cells')!.data).toEqual([{ name: '321171001001-01', value: 4 }, { name: '321171001001-02', value: 0 }]);
    expect(series.find((s) => s.id === 'ripples')!.data).toEqual([]);
    expect((o.visualMap as { inRange: { color: string[] } }).inRange.color).toEqual([...OVERDUE_RAMP]);
    expect(printMapOption(breakdown({ children: [{ id: '321171009009-01', name: '?', overdue: 1 }] }), { children: makeGeo(), outline: null }, () => 'x')).toBeNull();
  });

  it('reads the children\'s shapes at their level and the scope\'s border one level up', () => {
    expect(geoLevelsOf('town')).toEqual({ children: 'town', outline: null });
    expect(geoLevelsOf('village')).toEqual({ children: 'village', outline: 'town' });
    expect(geoLevelsOf('grid')).toEqual({ children: 'grid', outline: 'village' });
  });
});
