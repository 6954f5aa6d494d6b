import { describe, expect, it } from 'vitest';
import { COLORS } from '../theme.js';
import { buildGaugeOption, rateColor } from './gauge.js';

type GaugeSeries = {
  type: string;
  data: { value: number; name: string }[];
  detail: { formatter: string | ((v: number) => string); color: string };
  progress: { show: boolean; itemStyle: { color: string } };
};

function seriesOf(rate: number | null, label = '响应率', scale?: number): GaugeSeries {
  const option = buildGaugeOption(rate, label, scale);
  const series = option.series as unknown as GaugeSeries[];
  expect(series).toHaveLength(1);
  return series[0];
}

describe('buildGaugeOption', () => {
  it('shows a rate as a percentage with one decimal', () => {
    const s = seriesOf(0.9876);
    expect(s.type).toBe('gauge');
    expect(s.data).toEqual([{ value: 98.8, name: '响应率' }]);
    expect(typeof s.detail.formatter).toBe('function');
    expect((s.detail.formatter as (v: number) => string)(98.8)).toBe('98.8%');
    expect(s.progress.itemStyle.color).toBe(COLORS.accent);
  });

  it("shows '—' and an empty arc when nothing was due", () => {
    const s = seriesOf(null);
    expect(s.detail.formatter).toBe('—');
    expect(s.data[0].value).toBe(0);
    expect(s.progress.itemStyle.color).toBe('transparent');
    // Never toggled: ECharts 6 crashes when progress.show goes from false to true.
    expect(s.progress.show).toBe(true);
  });

  it('shows the value at once, without a text animation that could stop half-way', () => {
    const s = seriesOf(0.9) as GaugeSeries & { detail: { valueAnimation: boolean } };
    expect(s.detail.valueAnimation).toBe(false);
  });

  it('colours by threshold', () => {
    expect(rateColor(1)).toBe(COLORS.accent);
    expect(rateColor(0.9)).toBe(COLORS.warn);
    expect(rateColor(0.5)).toBe(COLORS.bad);
    expect(seriesOf(0.5).detail.color).toBe(COLORS.bad);
  });

  it('scales canvas sizes with the wall', () => {
    const small = buildGaugeOption(1, '响应率', 1);
    const big = buildGaugeOption(1, '响应率', 2);
    const size = (o: typeof small) => (o.series as unknown as { detail: { fontSize: number } }[])[0].detail.fontSize;
    expect(size(big)).toBe(size(small) * 2);
  });

  it('is pure', () => {
    expect(JSON.stringify(buildGaugeOption(0.7, 'x'))).toBe(JSON.stringify(buildGaugeOption(0.7, 'x')));
  });
});
