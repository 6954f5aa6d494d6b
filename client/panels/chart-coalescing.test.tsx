import { act, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { echarts } from '../charts/echarts.js';
import { langStore } from '../i18n/lang-store.js';
import { wallStore } from '../store/index.js';
import { makeSnapshot, makeSummary } from '../test/fixtures.js';
import { ChannelPanel } from './DistributionPanels.js';
import { KpiGauges } from './KpiGauges.js';

const initial = wallStore.getState();
beforeEach(() => {
  wallStore.setState(initial, true);
  langStore.getState().setLang('zh');
});

const chartIn = (testId: string): echarts.ECharts | undefined => {
  const el = screen.getByTestId(testId).querySelector<HTMLDivElement>('.echart');
  return el ? echarts.getInstanceByDom(el) : undefined;
};
type Held = { series: { data: ({ value: number } | number)[] }[] };
const valuesOf = (chart: echarts.ECharts): number[] => (chart.getOption() as unknown as Held).series[0].data.map((d) => (typeof d === 'number' ? d : d.value));

describe('chart updates under a burst of deltas', () => {
  it('100 deltas at once: one setOption per chart that changed, none for one that did not, and the last numbers shown', async () => {
    const base = makeSummary();
    render(
      <>
        <KpiGauges />
        <ChannelPanel />
      </>,
    );
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(1, { ...base, kpi: { ...base.kpi, satisfactionRate: 0.9 } }));
    });
    const ids = ['gauge-response-rate', 'gauge-on-time', 'gauge-satisfaction', 'channels'];
    await waitFor(() => expect(ids.every((id) => chartIn(id) !== undefined)).toBe(true));
    const charts = Object.fromEntries(ids.map((id) => [id, chartIn(id)!]));
    const calls = Object.fromEntries(ids.map((id) => [id, vi.spyOn(charts[id], 'setOption')]));

    // A hundred deltas in one task, as a socket delivers a backlog after a stall: the response and on-time rates and the
    // channels move on every one; satisfaction moves too, but below the tenth of a percent the gauge shows.
    act(() => {
      for (let i = 1; i <= 100; i++) {
        const result = wallStore.getState().applyDelta({
          scope: base.scope.id,
          seq: 1 + i,
          patch: {
            kpi: { ...base.kpi, responseRate: i / 200, responseDue: 200, respondedInTime: i, onTimeRate: 1 - i / 400, closed: 400, closedOnTime: 400 - i, satisfactionRate: 0.9 + i * 1e-7 },
            tickets: { ...base.tickets, byChannel: { mini_program: 10 + i, hotline_12345: 3 * i } },
          },
        });
        expect(result).toBe('ok');
      }
    });

    // The slowest of them (the channels) waits 2 s between updates.
    await waitFor(() => expect(calls.channels).toHaveBeenCalled(), { timeout: 4_000 });
    await waitFor(() => expect(calls['gauge-on-time']).toHaveBeenCalled(), { timeout: 2_000 });
    expect(calls['gauge-response-rate']).toHaveBeenCalledTimes(1);
    expect(calls['gauge-on-time']).toHaveBeenCalledTimes(1);
    expect(calls.channels).toHaveBeenCalledTimes(1);
    expect(calls['gauge-satisfaction']).not.toHaveBeenCalled();

    // The final numbers, not an in-between one.
    expect(valuesOf(charts['gauge-response-rate'])).toEqual([50]);
    expect(valuesOf(charts['gauge-on-time'])).toEqual([75]);
    expect(valuesOf(charts.channels).slice(0, 2)).toEqual([300, 110]);
    expect(screen.getByTestId('gauge-response-rate').textContent).toContain('100 / 200');
    expect(screen.getByTestId('gauge-on-time').textContent).toContain('300 / 400');
  }, 15_000);
});
