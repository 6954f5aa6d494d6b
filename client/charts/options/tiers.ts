import type { WallChartOption } from '../echarts.js';
import { CHART_BASE, COLORS, NUMBER_FONT, scaler, TEXT_FONT, TIER_COLORS, tooltipStyle } from '../theme.js';

export interface TierInput {
  /** Tickets per tier (summary.tickets.byTier), keys '1' | '2' | '3'. */
  byTier: Record<string, number>;
  labels: Record<1 | 2 | 3, string>;
  /** Written in the middle of the ring, e.g. 年度事项. */
  centerLabel: string;
  locale: string;
  scale?: number;
}

const TIERS = [1, 2, 3] as const;

/** 一级/二级/三级 as a ring, with the total in the middle. Pure. */
export function buildTierOption(input: TierInput): WallChartOption {
  const px = scaler(input.scale);
  const number = new Intl.NumberFormat(input.locale);
  const counts = TIERS.map((t) => Math.max(0, input.byTier[String(t)] ?? 0));
  const total = counts.reduce((a, b) => a + b, 0);
  const share = (n: number) => (total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '—');
  return {
    ...CHART_BASE,
    tooltip: { trigger: 'item', ...tooltipStyle(px) },
    title: {
      text: number.format(total),
      subtext: input.centerLabel,
      left: '29%',
      top: 'center',
      textAlign: 'center',
      itemGap: px(4),
      textStyle: { color: COLORS.accent, fontFamily: NUMBER_FONT, fontSize: px(20), fontWeight: 700 },
      subtextStyle: { color: COLORS.muted, fontFamily: TEXT_FONT, fontSize: px(12) },
    },
    legend: {
      orient: 'vertical',
      right: px(8),
      top: 'center',
      itemWidth: px(12),
      itemHeight: px(12),
      itemGap: px(12),
      textStyle: { color: COLORS.text, fontFamily: TEXT_FONT, fontSize: px(14) },
      formatter: (name: string) => {
        const i = TIERS.findIndex((t) => input.labels[t] === name);
        return i < 0 ? name : `${name}  ${number.format(counts[i])}  ${share(counts[i])}`;
      },
    },
    series: [
      {
        id: 'tiers',
        type: 'pie',
        center: ['30%', '50%'],
        radius: ['52%', '74%'],
        avoidLabelOverlap: false,
        label: { show: false },
        itemStyle: { borderColor: COLORS.background, borderWidth: px(2) },
        data: TIERS.map((t, i) => ({ name: input.labels[t], value: counts[i], itemStyle: { color: TIER_COLORS[t] } })),
      },
    ],
  };
}
