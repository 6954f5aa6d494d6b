import { NO_VALUE } from '../../format.js';
import type { WallChartOption } from '../echarts.js';
import { CHART_BASE, COLORS, NUMBER_FONT, TEXT_FONT } from '../theme.js';

/** Below these the arc turns amber, then red: the seed's district reports 100%, so any dip should be seen. */
export const RATE_WARN_BELOW = 0.95;
export const RATE_BAD_BELOW = 0.85;

export function rateColor(rate: number | null): string {
  if (rate == null) return COLORS.muted;
  if (rate < RATE_BAD_BELOW) return COLORS.bad;
  if (rate < RATE_WARN_BELOW) return COLORS.warn;
  return COLORS.accent;
}

/**
 * One formatter for every update: a new function each time would make the option diff resend the whole `detail`
 * block (and ECharts re-lay out the text) although only the value changed.
 */
const percentText = (value: number): string => `${value.toFixed(1)}%`;

/**
 * A 0..1 rate on a 0..100 arc. null (nothing due yet) shows an empty arc and '—', never a misleading 0%.
 * `scale` is the wall's size relative to 1080p: canvas text does not follow CSS, so sizes are scaled here.
 */
export function buildGaugeOption(rate: number | null, label: string, scale = 1): WallChartOption {
  const px = (n: number): number => Math.round(n * scale);
  const percent = rate == null ? 0 : Math.round(rate * 1000) / 10;
  const color = rateColor(rate);
  return {
    ...CHART_BASE,
    series: [
      {
        id: 'rate',
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 220,
        endAngle: -40,
        radius: '88%',
        center: ['50%', '56%'],
        pointer: { show: false },
        anchor: { show: false },
        // Always shown: ECharts 6 throws when progress.show flips from false to true on an update, so a null rate
        // draws a transparent zero-length arc instead.
        progress: {
          show: true,
          width: px(10),
          roundCap: true,
          itemStyle: rate == null ? { color: 'transparent' } : { color, shadowColor: color, shadowBlur: px(10) },
        },
        axisLine: { roundCap: true, lineStyle: { width: px(10), color: [[1, 'rgba(61, 224, 255, 0.12)']] } },
        axisTick: { distance: px(-18), splitNumber: 4, length: px(3), lineStyle: { color: COLORS.line, width: 1 } },
        splitLine: { distance: px(-21), length: px(6), lineStyle: { color: COLORS.line, width: px(2) } },
        axisLabel: { show: false },
        title: { show: true, offsetCenter: [0, '48%'], color: COLORS.text, fontSize: px(14), fontFamily: TEXT_FONT },
        detail: {
          // No valueAnimation: interrupted by the next update (deltas come every 250 ms) it can stop on an in-between
          // number, which a wall would then show as the rate.
          valueAnimation: false,
          offsetCenter: [0, '0%'],
          fontSize: px(22),
          fontWeight: 700,
          fontFamily: NUMBER_FONT,
          color,
          formatter: rate == null ? NO_VALUE : percentText,
        },
        data: [{ value: percent, name: label }],
      },
    ],
  };
}
