import type { SeriesPoint } from '../../../shared/schemas/summary.js';
import type { WallChartOption } from '../echarts.js';
import { CHART_BASE, COLORS, scaler, TEXT_FONT, tooltipStyle } from '../theme.js';

export interface TrendInput {
  hourly: SeriesPoint[];
  daily: SeriesPoint[];
  labels: { hourly: string; daily: string; reported: string; closed: string };
  /** Axis labels are Shanghai hours and days whatever the display's zone. */
  timeZone: string;
  locale: string;
  scale?: number;
}

/**
 * Labels kept per formatter before they are all forgotten: a few times the 54 points in view, so the cache stays
 * small (a wall at 3600x meets a new hour every second; an ever-growing cache would look like a leak in the heap).
 */
const LABELS_KEPT = 240;

interface AxisLabels {
  hourOf: (t: number) => string;
  dayOf: (t: number) => string;
}

const labelsByZone = new Map<string, AxisLabels>();

/**
 * The trend is rebuilt on every delta; making two Intl.DateTimeFormat and formatting 54 times each time was a tenth of
 * its cost. The formatters are made once per locale and zone, and a label once per point in time (bounded).
 */
function axisLabelsFor(locale: string, timeZone: string): AxisLabels {
  const key = `${locale}|${timeZone}`;
  const known = labelsByZone.get(key);
  if (known) return known;
  const hourFmt = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', hourCycle: 'h23' });
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric' });
  const remembered = (format: (t: number) => string) => {
    const cache = new Map<number, string>();
    return (t: number): string => {
      let label = cache.get(t);
      if (label === undefined) {
        if (cache.size >= LABELS_KEPT) cache.clear();
        label = format(t);
        cache.set(t, label);
      }
      return label;
    };
  };
  const labels: AxisLabels = {
    // "10:00" in every language (zh-CN alone would write 10时).
    hourOf: remembered((t) => `${hourFmt.formatToParts(t).find((part) => part.type === 'hour')?.value ?? ''}:00`),
    dayOf: remembered((t) => dayFmt.format(t)),
  };
  labelsByZone.set(key, labels);
  return labels;
}

/**
 * Reported and closed tickets over the last 24 hours (top) and the last 30 days (bottom), in one chart with two grids.
 * Pure: axis labels are formatted here from the points' times.
 */
export function buildTrendOption(input: TrendInput): WallChartOption {
  const px = scaler(input.scale);
  const { hourOf, dayOf } = axisLabelsFor(input.locale, input.timeZone);
  const axisLabel = { color: COLORS.muted, fontSize: px(11), fontFamily: TEXT_FONT };
  const splitLine = { lineStyle: { color: 'rgba(61, 224, 255, 0.08)' } };
  // Fixed label intervals (every 3rd hour, every 5th day) rather than hideOverlap, which measures every label on
  // every update.
  const xAxis = (gridIndex: number, data: string[], every: number) => ({
    type: 'category' as const,
    gridIndex,
    data,
    axisLine: { lineStyle: { color: COLORS.line } },
    axisTick: { show: false },
    axisLabel: { ...axisLabel, interval: every - 1 },
  });
  const yAxis = (gridIndex: number) => ({
    type: 'value' as const,
    gridIndex,
    minInterval: 1,
    splitNumber: 2,
    axisLabel,
    splitLine,
  });
  const title = (text: string, top: string) => ({
    text,
    left: px(8),
    top,
    textStyle: { color: COLORS.text, fontSize: px(13), fontWeight: 400 as const, fontFamily: TEXT_FONT },
  });
  /** A smooth line without symbols on the grid `axis` (0 hourly, 1 daily). */
  const line = (id: string, name: string, axis: number, color: string, data: number[]) => ({
    id,
    name,
    type: 'line' as const,
    xAxisIndex: axis,
    yAxisIndex: axis,
    symbol: 'none',
    smooth: true,
    lineStyle: { color, width: px(2) },
    itemStyle: { color },
    data,
  });
  return {
    ...CHART_BASE,
    tooltip: { trigger: 'axis', ...tooltipStyle(px) },
    legend: {
      right: px(8),
      top: px(2),
      itemWidth: px(14),
      itemHeight: px(8),
      textStyle: { color: COLORS.text, fontSize: px(12), fontFamily: TEXT_FONT },
      data: [input.labels.reported, input.labels.closed],
    },
    title: [title(input.labels.hourly, '1%'), title(input.labels.daily, '51%')],
    grid: [
      { left: px(8), right: px(12), top: '14%', height: '30%', outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
      { left: px(8), right: px(12), top: '64%', height: '30%', outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    ],
    xAxis: [xAxis(0, input.hourly.map((p) => hourOf(p.t)), 3), xAxis(1, input.daily.map((p) => dayOf(p.t)), 5)],
    yAxis: [yAxis(0), yAxis(1)],
    series: [
      {
        id: 'hourly-reported',
        name: input.labels.reported,
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barWidth: '55%',
        itemStyle: { color: COLORS.accent, borderRadius: [px(2), px(2), 0, 0] },
        data: input.hourly.map((p) => p.reported),
      },
      line('hourly-closed', input.labels.closed, 0, COLORS.teal, input.hourly.map((p) => p.closed)),
      { ...line('daily-reported', input.labels.reported, 1, COLORS.accent, input.daily.map((p) => p.reported)), areaStyle: { color: 'rgba(61, 224, 255, 0.15)' } },
      line('daily-closed', input.labels.closed, 1, COLORS.teal, input.daily.map((p) => p.closed)),
    ],
  };
}
