import { describe, expect, it } from 'vitest';
import type { WallChartOption } from './echarts.js';
import { buildBarsOption } from './options/bars.js';
import { buildGaugeOption } from './options/gauge.js';
import { diffOption, sameValue } from './option-diff.js';

describe('sameValue', () => {
  it('compares structure, and functions by identity', () => {
    const f = () => 1;
    expect(sameValue({ a: [1, { b: 'x' }], f }, { a: [1, { b: 'x' }], f })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(sameValue({ f }, { f: () => 1 })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe('diffOption', () => {
  it('sends everything the first time', () => {
    const next = buildGaugeOption(0.5, '响应率');
    expect(diffOption(null, next)).toBe(next);
  });

  it('sends only the changed data of a series, by id, when only data changed', () => {
    const items = (v: number) => [{ key: 'a', name: 'A', value: v }];
    const format = (v: number | null) => String(v);
    const prev = buildBarsOption({ items: items(1), format });
    const next = buildBarsOption({ items: items(2), format });
    const diff = diffOption(prev, next) as { series: Record<string, unknown>[]; xAxis?: unknown; yAxis?: unknown };
    // The label and tooltip texts travel in the data items, so the formatters stay the same: only data is sent.
    expect(diff.series).toHaveLength(1);
    expect(Object.keys(diff.series[0]).sort()).toEqual(['data', 'id', 'type']);
    expect('tooltip' in diff).toBe(false);
    expect(diff.yAxis).toBeUndefined();
    expect('grid' in diff).toBe(false);
    // xAxis.max follows the data.
    expect(diff.xAxis).toEqual({ type: 'value', max: 2, show: false });
  });

  it('sends only a gauge\'s value when its rate moves within a colour band', () => {
    const diff = diffOption(buildGaugeOption(0.971, '响应率'), buildGaugeOption(0.984, '响应率')) as { series: Record<string, unknown>[] };
    expect(Object.keys(diff)).toEqual(['series']);
    expect(diff.series).toEqual([{ id: 'rate', type: 'gauge', data: [{ value: 98.4, name: '响应率' }] }]);
  });

  it('sends nothing when nothing changed', () => {
    const a = { series: [{ id: 's', type: 'bar', data: [1, 2] }], grid: { left: 1 } } as WallChartOption;
    const b = { series: [{ id: 's', type: 'bar', data: [1, 2] }], grid: { left: 1 } } as WallChartOption;
    expect(diffOption(a, b)).toEqual({});
  });

  it('falls back to the whole option when series cannot be matched', () => {
    const a = { series: [{ id: 's', type: 'bar', data: [1] }] } as WallChartOption;
    const b = { series: [{ id: 't', type: 'bar', data: [1] }] } as WallChartOption;
    const c = { series: [{ id: 's', type: 'bar', data: [1] }, { id: 't', type: 'bar', data: [] }] } as WallChartOption;
    expect(diffOption(a, b)).toBe(b);
    expect(diffOption(a, c)).toBe(c);
  });
});
