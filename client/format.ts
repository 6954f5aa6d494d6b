import { TIME_ZONE } from '../shared/constants.js';

/** The placeholder for a value we do not have (no data yet, or a rate with nothing due). */
export const NO_VALUE = '—';

const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'long',
});
const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const countFormat = new Intl.NumberFormat('zh-CN');

/** The server clock (epoch ms) as the wall shows it: always Shanghai time, whatever the display's own time zone. */
export function formatClock(clockMs: number | null | undefined): { date: string; time: string } {
  if (clockMs == null || !Number.isFinite(clockMs)) return { date: NO_VALUE, time: '--:--:--' };
  const at = new Date(clockMs);
  return { date: dateFormat.format(at), time: timeFormat.format(at) };
}

export function formatCount(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? NO_VALUE : countFormat.format(value);
}

/** A 0..1 rate as a percentage with one decimal; null means nothing was due, which is not the same as 0%. */
export function formatRate(rate: number | null | undefined): string {
  return rate == null || !Number.isFinite(rate) ? NO_VALUE : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
