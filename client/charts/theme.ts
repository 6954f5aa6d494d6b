/**
 * Colours and faces shared by the CSS (styles/wall.css mirrors these) and the chart options, which draw on canvas and
 * cannot read CSS variables.
 */
export const COLORS = {
  background: '#020b1a',
  panel: '#061e3a',
  line: '#1f6fa8',
  accent: '#3de0ff',
  accentSoft: 'rgba(61, 224, 255, 0.14)',
  teal: '#2cf5c4',
  text: '#cfe9ff',
  muted: '#6f93b8',
  warn: '#ffb547',
  bad: '#ff5d5d',
} as const;

/** The bundled faces first; the system CJK fonts are only a fallback if a glyph is missing from the subset. */
export const TEXT_FONT = "'Noto Sans SC', 'Noto Sans SC Ext', 'PingFang SC', 'Microsoft YaHei', sans-serif";
export const NUMBER_FONT = "'Orbitron', 'Noto Sans SC', 'Noto Sans SC Ext', monospace";

/** Low to high: quiet cells stay dark navy so the hot ones glow. */
export const TICKET_RAMP = ['#0a2a4a', '#0d5c8a', '#14a8c8', '#3de0ff', '#ffd166', '#ff7a45', '#ff3b3b'];
export const HOUSEHOLD_RAMP = ['#0a2446', '#0e3d6e', '#135d96', '#1b86b8', '#2cb5d6', '#5fe3f0'];
/** Overdue counts: calm until they are not. */
export const OVERDUE_RAMP = ['#0a2a4a', '#3a2f5a', '#7a3566', '#c2414f', '#ff5d5d', '#ff9a6b'];

/** 一级 red, 二级 amber, 三级 cyan: the order of urgency the centre uses. */
export const TIER_COLORS: Record<1 | 2 | 3, string> = { 1: '#ff5d5d', 2: '#ffb547', 3: '#3de0ff' };
/** Categorical colours for bars and slices, bright enough on navy. */
export const SERIES_COLORS = ['#3de0ff', '#2cf5c4', '#ffd166', '#ff7a45', '#a78bfa', '#5fa8ff', '#ff5d8f', '#9be15d'] as const;

/**
 * Where a tooltip's box goes: in the chart's own element, where ECharts would put it anyway. Named explicitly because
 * without it ECharts asks getComputedStyle for the chart's position on every update of the chart, which forces a style
 * recalculation of the page in the middle of each frame the chart draws in.
 */
const tooltipInChart = (chartDom: HTMLElement): HTMLElement => chartDom;

/** The tooltip box every chart uses. */
export function tooltipStyle(px: (n: number) => number) {
  return {
    appendTo: tooltipInChart,
    backgroundColor: 'rgba(4, 20, 40, 0.92)',
    borderColor: COLORS.accent,
    textStyle: { color: COLORS.text, fontFamily: TEXT_FONT, fontSize: px(14) },
  } as const;
}

/**
 * What every wall chart's option starts with: a transparent background under the panel's own, the wall's text font,
 * and no animation (deltas come every 250 ms: a chart that animates towards each would never rest).
 */
export const CHART_BASE = { backgroundColor: 'transparent', animation: false, textStyle: { fontFamily: TEXT_FONT } } as const;

/** Design pixels (at 1920x1080) to this wall's pixels. */
export function scaler(scale = 1): (n: number) => number {
  return (n: number) => Math.round(n * scale * 10) / 10;
}
