import { describe, expect, it } from 'vitest';
import { buildBarsOption } from './bars.js';

type Bars = { id: string; data: { name: string; value: number; itemStyle: { color: string } }[]; label: { formatter: (p: unknown) => string } };
type Tooltip = { formatter: (p: unknown) => string };

const items = [
  { key: 'a', name: '环境卫生', value: 30 },
  { key: 'b', name: '路灯照明', value: 12, color: '#ff0000' },
  { key: 'c', name: '燃气安全', value: null },
];

describe('buildBarsOption', () => {
  it('draws the items top first, keyed for stable updates, with a formatted label', () => {
    const option = buildBarsOption({ items, format: (v) => (v === null ? '—' : `${v}件`) });
    const series = (option.series as unknown as Bars[])[0];
    expect(series.id).toBe('bars');
    expect(series.data.map((d) => [d.name, d.value])).toEqual([['a', 30], ['b', 12], ['c', 0]]);
    expect(series.data[1].itemStyle.color).toBe('#ff0000');
    // ECharts hands the formatters the data item itself: the texts travel with the data.
    expect(series.label.formatter({ dataIndex: 2, data: series.data[2] })).toBe('—');
    expect(series.label.formatter({ dataIndex: 0, data: series.data[0] })).toBe('30件');
    expect((option.tooltip as Tooltip).formatter({ dataIndex: 1, data: series.data[1] })).toBe('路灯照明：12件');
    expect((option.yAxis as { data: string[]; inverse: boolean })).toMatchObject({ data: ['环境卫生', '路灯照明', '燃气安全'], inverse: true });
    expect(option.animation).toBe(false);
  });

  it('limits the bars and fixes the scale when asked', () => {
    const option = buildBarsOption({ items, format: String, limit: 2, max: 100 });
    expect((option.series as unknown as Bars[])[0].data).toHaveLength(2);
    expect((option.xAxis as { max: number }).max).toBe(100);
    expect((buildBarsOption({ items: [], format: String }).xAxis as { max: number }).max).toBe(1);
  });

  it('keeps the same formatters from one update to the next, so an update sends only the data', () => {
    const a = buildBarsOption({ items, format: String });
    const b = buildBarsOption({ items: items.map((i) => ({ ...i, value: (i.value ?? 0) + 1 })), format: String });
    expect((b.series as unknown as Bars[])[0].label.formatter).toBe((a.series as unknown as Bars[])[0].label.formatter);
    expect((b.tooltip as Tooltip).formatter).toBe((a.tooltip as Tooltip).formatter);
  });

  it('is pure', () => {
    expect(JSON.stringify(buildBarsOption({ items, format: String }))).toBe(JSON.stringify(buildBarsOption({ items, format: String })));
  });
});
