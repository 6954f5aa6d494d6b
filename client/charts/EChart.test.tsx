import { render, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FAKE_HEIGHT_PX, FAKE_WIDTH_PX } from '../test/setup.js';
import { EChart } from './EChart.js';
import { echarts } from './echarts.js';
import { buildGaugeOption } from './options/gauge.js';

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

  it('survives a gauge going from no rate to a rate (ECharts progress toggle bug)', () => {
    const el = document.createElement('div');
    const chart = echarts.init(el, null, { width: 400, height: 300 });
    chart.setOption(buildGaugeOption(null, '响应率'));
    expect(() => chart.setOption(buildGaugeOption(0.9, '响应率'))).not.toThrow();
    chart.dispose();
  });
});
