import { TIME_ZONE } from '../../shared/constants.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string): Intl.DateTimeFormat {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(locale, f);
  }
  return f;
}

/** A time as Shanghai local time (the district's), whatever the device's zone. */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  return ms == null ? '—' : format(locale).format(new Date(ms));
}

/** A yyyy-mm-dd from a date input as the start of that day in Shanghai (epoch ms); null for an empty input. */
export function dayStartMs(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = Date.parse(`${day}T00:00:00+08:00`);
  return Number.isFinite(t) ? t : null;
}

