import { describe, expect, it } from 'vitest';
import { makeGeo } from '../../test/fixtures.js';
import { OVERDUE_RAMP, TICKET_RAMP } from '../theme.js';
import { buildMapOption, outlineLines, type MapOptionInput } from './map.js';

type Series = { id: string; type: string; zlevel?: number; data: unknown[] };
type VisualMap = { min: number; max: number; seriesIndex: number; inRange: { color: string[] } };
const LABELS = { measure: '在办事项', open: '在办', overdue: '超期', total: '年度事项', per1000: '每千户', households: '户数', high: '高', low: '低' };

function build(overrides: Partial<MapOptionInput> = {}) {
  const cells = makeGeo();
  const option = buildMapOption({
    mapName: 'grid:321171',
    cells,
    values: { '321171001001-01': 4, '321171102004-02': 9 },
    details: { '321171102004-01': { open: 3, overdue: 1, total: 12, households: 200, per1000: 60 } },
    townLines: [],
    villageLines: [],
    ripples: [],
    focus: null,
    labels: LABELS,
    palette: 'tickets',
    locale: 'zh-CN',
    ...overrides,
  });
  const series = option.series as unknown as Series[];
  return { option, series, byId: (id: string) => series.find((s) => s.id === id)!, visualMap: option.visualMap as unknown as VisualMap };
}

describe('buildMapOption', () => {
  it('has one data item per cell, matched by id, with zero for missing cells', () => {
    const { byId, option } = build();
    expect(byId('grid-cells')).toMatchObject({ type: 'map', geoIndex: 0 });
    expect(byId('grid-cells').data).toEqual([
      { name: '321171001001-01', value: 4 },
      { name: '321171001001-02', value: 0 },
      { name: '321171102004-01', value: 0 },
      { name: '321171102004-02', value: 9 },
    ]);
    expect(option.geo).toMatchObject({ map: 'grid:321171', nameProperty: 'id' });
  });

  it('keeps stable series ids and draws ripples and the focus on their own canvas layer', () => {
    const { series } = build();
    expect(series.map((s) => s.id)).toEqual(['grid-cells', 'village-outlines', 'town-outlines', 'ripples', 'focus-outline', 'focus-label']);
    // Only the animated ripples: their every frame must not repaint the cells.
    expect(series.filter((s) => s.zlevel === 1).map((s) => s.id)).toEqual(['ripples']);
    expect(build().option.animation).toBe(false);
  });

  it('scales the legend to the largest value (at least 1) and colours only the cells', () => {
    expect(build().visualMap).toMatchObject({ min: 0, max: 9, seriesIndex: 0 });
    expect(build({ values: {} }).visualMap.max).toBe(1);
  });

  it('picks the palette', () => {
    expect(build({ palette: 'tickets' }).visualMap.inRange.color).toEqual(TICKET_RAMP);
    expect(build({ palette: 'overdue' }).visualMap.inRange.color).toEqual(OVERDUE_RAMP);
  });

  it("shows a cell's name and numbers in the tooltip", () => {
    const tooltip = build().option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ name: '321171102004-01' })).toBe(
      '<b>新茂社区第一网格</b><br/>在办：3<br/>超期：1<br/>年度事项：12<br/>每千户：60<br/>户数：200',
    );
  });

  it('places ripples, red for urgent ones', () => {
    const { byId } = build({ ripples: [{ lng: 119.5, lat: 32.1, urgent: true }, { lng: 119.6, lat: 32.2, urgent: false }] });
    const data = byId('ripples').data as { value: number[]; itemStyle: { color: string } }[];
    expect(data.map((d) => d.value)).toEqual([[119.5, 32.1], [119.6, 32.2]]);
    expect(data[0].itemStyle.color).not.toBe(data[1].itemStyle.color);
  });

  it("outlines the focused cell and labels it, and draws nothing for focus otherwise", () => {
    const focused = build({ focus: { cellId: '321171001001-02', label: '一级 · 燃气安全', lng: 119.535, lat: 32.165 } });
    expect(focused.byId('focus-outline').data).toHaveLength(1);
    expect(focused.byId('focus-label').data).toEqual([{ name: '一级 · 燃气安全', value: [119.535, 32.165] }]);
    expect(focused.byId('ripples').data).toHaveLength(1);
    expect(build().byId('focus-outline').data).toEqual([]);
    expect(build().byId('focus-label').data).toEqual([]);
  });

  it('is pure', () => {
    expect(JSON.stringify(build().option)).toBe(JSON.stringify(build().option));
  });
});

describe('outlineLines', () => {
  it("takes the rings of the scope's features, and none without geometry", () => {
    const geo = makeGeo();
    expect(outlineLines(geo, '321171')).toHaveLength(4);
    expect(outlineLines(geo, '321171001')).toHaveLength(2);
    expect(outlineLines(geo, '321171001')[0].coords[0]).toEqual([119.52, 32.16]);
    expect(outlineLines(null, '321171')).toEqual([]);
  });
});
