import type { WallChartOption } from '../echarts.js';
import { CHART_BASE, COLORS, NUMBER_FONT, scaler, SERIES_COLORS, TEXT_FONT, tooltipStyle } from '../theme.js';

export interface BarItem {
  /** Stable key (category code, channel, scope id): bars keep their identity across updates. */
  key: string;
  name: string;
  /** null: no value yet (a rate with nothing due); drawn as an empty bar and '—'. */
  value: number | null;
  color?: string;
}

export interface BarsInput {
  items: BarItem[];
  /** How a value is written at the end of its bar and in the tooltip. */
  format: (value: number | null) => string;
  /** Fixed scale end (100 for percentages); otherwise the largest value. */
  max?: number;
  /** Colour bars by position from SERIES_COLORS when items carry none. */
  scale?: number;
  /** Bars drawn, the rest dropped; items are taken in the given order (sort before). */
  limit?: number;
}

/** What a bar's data item carries besides its value: its label and tooltip, written once when the option is built. */
interface BarTexts {
  text?: string;
  tip?: string;
}
const textsOf = (params: unknown): BarTexts => (params as { data?: BarTexts }).data ?? {};
/**
 * The same two formatters for every option: a new closure per update would make the option diff send the label and
 * tooltip blocks again (and ECharts lay them out again) on every update, although only the data changed.
 */
const barText = (params: unknown): string => textsOf(params).text ?? '';
const barTip = (params: unknown): string => textsOf(params).tip ?? '';

/**
 * Horizontal bars, top item first: used by the categories, channels and ranking panels. Pure.
 * The category axis is inverse so the first item sits on top, the way a ranked list reads.
 */
export function buildBarsOption(input: BarsInput): WallChartOption {
  const px = scaler(input.scale);
  const items = input.items.slice(0, input.limit ?? input.items.length);
  const values = items.map((i) => i.value ?? 0);
  const max = input.max ?? Math.max(1, ...values);
  return {
    ...CHART_BASE,
    grid: { left: px(12), right: px(64), top: px(10), bottom: px(6), outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(px),
      formatter: barTip,
    },
    xAxis: { type: 'value', max, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => i.name),
      axisLine: { show: false },
      axisTick: { show: false },
      // Every name shown (interval 0), smaller when there are many bars, rather than ECharts hiding every other one.
      axisLabel: { color: COLORS.text, fontSize: px(items.length > 7 ? 12 : 14), fontFamily: TEXT_FONT, margin: px(10), interval: 0 },
    },
    series: [
      {
        id: 'bars',
        type: 'bar',
        barWidth: '52%',
        showBackground: true,
        backgroundStyle: { color: 'rgba(61, 224, 255, 0.07)', borderRadius: px(3) },
        itemStyle: { borderRadius: px(3) },
        label: {
          show: true,
          position: 'right',
          distance: px(8),
          color: COLORS.text,
          fontFamily: NUMBER_FONT,
          fontSize: px(13),
          formatter: barText,
        },
        data: items.map((item, i) => ({
          name: item.key,
          value: item.value ?? 0,
          itemStyle: { color: item.color ?? SERIES_COLORS[i % SERIES_COLORS.length] },
          text: input.format(item.value),
          tip: `${item.name}：${input.format(item.value)}`,
        })),
      },
    ],
  };
}
