import { describe, expect, it } from 'vitest';
import { makeGeo } from '../../test/fixtures.js';
import { HOUSEHOLD_RAMP, TICKET_RAMP } from '../theme.js';
import { buildMapOption } from './map.js';

type MapSeries = { id: string; type: string; map: string; nameProperty: string; data: { name: string; value: number }[] };
type VisualMap = { min: number; max: number; inRange: { color: string[] } };

function build(values: Record<string, number>, palette: 'tickets' | 'households' = 'tickets') {
  const option = buildMapOption(makeGeo(), values, { mapName: 'grid:321171', measureLabel: '在办事项', palette });
  return {
    option,
    series: (option.series as unknown as MapSeries[])[0],
    visualMap: option.visualMap as unknown as VisualMap,
  };
}

describe('buildMapOption', () => {
  it('has one data item per cell, matched by id, with zero for missing cells', () => {
    const { series } = build({ '321171001001-01': 4, '321171102004-02': 9 });
    expect(series).toMatchObject({ id: 'grid-cells', type: 'map', map: 'grid:321171', nameProperty: 'id' });
    expect(series.data).toEqual([
      { name: '321171001001-01', value: 4 },
      { name: '321171001001-02', value: 0 },
      { name: '321171102004-01', value: 0 },
      { name: '321171102004-02', value: 9 },
    ]);
  });

  it('scales the legend to the largest value, at least 1', () => {
    expect(build({ '321171001001-01': 4, '321171102004-02': 9 }).visualMap).toMatchObject({ min: 0, max: 9 });
    expect(build({}).visualMap.max).toBe(1);
  });

  it('picks the palette', () => {
    expect(build({}, 'tickets').visualMap.inRange.color).toEqual(TICKET_RAMP);
    expect(build({}, 'households').visualMap.inRange.color).toEqual(HOUSEHOLD_RAMP);
  });

  it('names cells by their real name in the tooltip', () => {
    const { option } = build({ '321171102004-01': 3 });
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ name: '321171102004-01', value: 3 })).toBe('新茂社区第一网格<br/>在办事项：3');
  });
});
