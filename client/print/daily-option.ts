import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import type { WallChartOption } from '../charts/echarts.js';
import { CHART_BASE, COLORS, NUMBER_FONT, TEXT_FONT } from '../charts/theme.js';

/**
 * The month's days on paper: tickets filed as bars, closed as a line, one point per day (1..31 on the axis, every
 * label shown: a month fits the page's width). The wall's trend (charts/options/trend.ts) draws the last 24 hours and
 * 30 days as two fixed grids, which a calendar month is not. Pure; the wall's colours, no animation.
 */
export function buildDailyOption(daily: MonthlyBreakdown['daily'], labels: { filed: string; closed: string }): WallChartOption {
  const axisLabel = { color: COLORS.muted, fontSize: 10, fontFamily: TEXT_FONT };
  return {
    ...CHART_BASE,
    legend: { right: 8, top: 4, itemWidth: 14, itemHeight: 8, textStyle: { color: COLORS.text, fontSize: 11, fontFamily: TEXT_FONT }, data: [labels.filed, labels.closed] },
    grid: { left: 8, right: 12, top: 28, bottom: 6, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    xAxis: {
      type: 'category',
      data: daily.map((d) => String(Number(d.day.slice(8, 10)))),
      axisLine: { lineStyle: { color: COLORS.line } },
      axisTick: { show: false },
      axisLabel: { ...axisLabel, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { ...axisLabel, fontFamily: NUMBER_FONT }, splitLine: { lineStyle: { color: 'rgba(61, 224, 255, 0.12)' } } },
    series: [
      { id: 'filed', name: labels.filed, type: 'bar', barWidth: '60%', itemStyle: { color: COLORS.accent, borderRadius: [2, 2, 0, 0] }, data: daily.map((d) => d.filed) },
      { id: 'closed', name: labels.closed, type: 'line', symbol: 'circle', symbolSize: 3, lineStyle: { color: COLORS.teal, width: 1.5 }, itemStyle: { color: COLORS.teal }, data: daily.map((d) => d.closed) },
    ],
  };
}
