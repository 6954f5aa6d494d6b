import { describe, expect, it } from 'vitest';
import { TIER_COLORS } from '../theme.js';
import { buildTierOption } from './tiers.js';

const labels = { 1: '一级', 2: '二级', 3: '三级' } as const;

describe('buildTierOption', () => {
  it('has the three tiers in order with their colours, and the total in the middle', () => {
    const option = buildTierOption({ byTier: { '1': 5, '3': 95 }, labels, centerLabel: '年度事项', locale: 'zh-CN' });
    const series = (option.series as unknown as { id: string; data: { name: string; value: number; itemStyle: { color: string } }[] }[])[0];
    expect(series.id).toBe('tiers');
    expect(series.data.map((d) => [d.name, d.value, d.itemStyle.color])).toEqual([
      ['一级', 5, TIER_COLORS[1]],
      ['二级', 0, TIER_COLORS[2]],
      ['三级', 95, TIER_COLORS[3]],
    ]);
    expect((option.title as { text: string }).text).toBe('100');
    const legend = option.legend as { formatter: (n: string) => string };
    expect(legend.formatter('一级')).toBe('一级  5  5.0%');
  });

  it('shows no shares before any ticket', () => {
    const option = buildTierOption({ byTier: {}, labels, centerLabel: '年度事项', locale: 'zh-CN' });
    expect((option.legend as { formatter: (n: string) => string }).formatter('二级')).toBe('二级  0  —');
  });
});
