import { render, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FAKE_HEIGHT_PX, FAKE_WIDTH_PX } from '../test/setup.js';
import { EChart } from './EChart.js';
import { echarts } from './echarts.js';
import { buildGaugeOption } from './options/gauge.js';
import { buildTrendOption } from './options/trend.js';

const HOUR = 3_600_000;
const trendAt = (hour: number) =>
  buildTrendOption({
    // A sliding window, the way the summary's series move with the clock.
    hourly: Array.from({ length: 24 }, (_, i) => ({ t: (hour - 23 + i) * HOUR, reported: (hour + i) % 7, closed: (hour * i) % 5 })),
    daily: Array.from({ length: 30 }, (_, i) => ({ t: (Math.floor(hour / 24) - 29 + i) * 24 * HOUR, reported: 90 + i, closed: 80 + (hour % 3) })),
    labels: { hourly: 'h', daily: 'd', reported: 'r', closed: 'c' },
    timeZone: 'Asia/Shanghai',
    locale: 'zh-CN',
  });

describe('EChart', () => {
  it('creates the chart once at the container size, updates it in place, and disposes it on unmount', async () => {
    const { container, rerender, unmount } = render(<EChart option={buildGaugeOption(0.5, '响应率')} label="g" />);
    const el = container.querySelector<HTMLDivElement>('.echart');
    expect(el).not.toBeNull();
    // Created after the fonts promise: asynchronously.
    await waitFor(() => expect(echarts.getInstanceByDom(el!)).toBeDefined());
    const chart = echarts.getInstanceByDom(el!)!;
    expect(chart.getWidth()).toBe(FAKE_WIDTH_PX);
    expect(chart.getHeight()).toBe(FAKE_HEIGHT_PX);

    const setOption = vi.spyOn(chart, 'setOption');
    rerender(<EChart option={buildGaugeOption(0.8, '响应率')} label="g" />);
    rerender(<EChart option={buildGaugeOption(0.9, '响应率')} label="g" />);
    // Paced: one update with the latest option, shortly after.
    await waitFor(() => expect(setOption).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    const [sent, opts] = setOption.mock.calls[0] as unknown as [{ series: { data: { value: number }[] }[] }, unknown];
    expect(sent.series[0].data[0].value).toBe(90);
    expect(opts).toBeUndefined();
    expect(echarts.getInstanceByDom(el!)).toBe(chart);

    unmount();
    expect(chart.isDisposed()).toBe(true);
  });

  it('updates a chart for hours by merging in place: never clear(), never notMerge, series neither added nor grown', async () => {
    const start = 470_000;
    const { container, rerender } = render(<EChart option={trendAt(start)} label="t" minIntervalMs={0} />);
    const el = container.querySelector<HTMLDivElement>('.echart')!;
    await waitFor(() => expect(echarts.getInstanceByDom(el)).toBeDefined());
    const chart = echarts.getInstanceByDom(el)!;
    const setOption = vi.spyOn(chart, 'setOption');
    const clear = vi.spyOn(chart, 'clear');
    // Each update waits for its pacing offset (up to CHART_SPREAD_MS) and a frame: a dozen is enough to show a trend.
    const updates = 12;
    for (let h = 1; h <= updates; h++) {
      rerender(<EChart option={trendAt(start + h)} label="t" minIntervalMs={0} />);
      await waitFor(() => expect(setOption).toHaveBeenCalledTimes(h), { timeout: 2_000 });
    }
    expect(clear).not.toHaveBeenCalled();
    for (const call of setOption.mock.calls) expect(call.slice(1)).toEqual([]);
    // Each update sends only series by id (never the whole option again), and the chart holds the same four
    // series of 24 and 30 points as at the start.
    for (const [sent] of setOption.mock.calls as unknown as [{ series?: { id: string }[]; backgroundColor?: unknown }][]) {
      expect(sent.backgroundColor).toBeUndefined();
      for (const s of sent.series ?? []) expect(['hourly-reported', 'hourly-closed', 'daily-reported', 'daily-closed']).toContain(s.id);
    }
    const held = chart.getOption() as { series: { data: number[] }[]; xAxis: { data: string[] }[] };
    expect(held.series.map((s) => s.data.length)).toEqual([24, 24, 30, 30]);
    expect(held.xAxis.map((a) => a.data.length)).toEqual([24, 30]);
    expect(held.series[0].data).toEqual((trendAt(start + updates).series as { data: number[] }[])[0].data);
  }, 30_000);

  it('survives a gauge going from no rate to a rate (ECharts progress toggle bug)', () => {
    const el = document.createElement('div');
    const chart = echarts.init(el, null, { width: 400, height: 300 });
    chart.setOption(buildGaugeOption(null, '响应率'));
    expect(() => chart.setOption(buildGaugeOption(0.9, '响应率'))).not.toThrow();
    chart.dispose();
  });
});
