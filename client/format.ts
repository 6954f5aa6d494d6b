import { TIME_ZONE } from '../shared/constants.js';

/** The placeholder for a value we do not have (no data yet, or a rate with nothing due). */
export const NO_VALUE = '—';

const formats = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat; count: Intl.NumberFormat }>();
function formatsOf(locale: string) {
  let f = formats.get(locale);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }),
      time: new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
      count: new Intl.NumberFormat(locale),
    };
    formats.set(locale, f);
  }
  return f;
}

/** The server clock (epoch ms) as the wall shows it: always Shanghai time, whatever the display's own time zone. */
export function formatClock(clockMs: number | null | undefined, locale = 'zh-CN'): { date: string; time: string } {
  if (clockMs == null || !Number.isFinite(clockMs)) return { date: NO_VALUE, time: '--:--:--' };
  const at = new Date(clockMs);
  const f = formatsOf(locale);
  return { date: f.date.format(at), time: f.time.format(at) };
}

/** The Shanghai calendar date of an instant as YYYY-MM-DD (for <input type=date>). */
export function isoDateOf(clockMs: number): string {
  return new Date(clockMs + 8 * 3600_000).toISOString().slice(0, 10);
}

export function formatCount(value: number | null | undefined, locale = 'zh-CN'): string {
  return value == null || !Number.isFinite(value) ? NO_VALUE : formatsOf(locale).count.format(value);
}

/** A 0..1 rate as a percentage with one decimal; null means nothing was due, which is not the same as 0%. */
export function formatRate(rate: number | null | undefined): string {
  return rate == null || !Number.isFinite(rate) ? NO_VALUE : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Seconds as mm:ss (or h:mm:ss), for the stale-data banner. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
