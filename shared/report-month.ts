import { SHANGHAI_OFFSET_MS } from './constants.js';

/** A report month as the routes and the print page name it: 2023-10. */
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const MONTH = new RegExp(MONTH_PATTERN);

/** The month's bounds as ISO dates ([from, to), local days in Asia/Shanghai), or null when `month` is not YYYY-MM. */
export function monthBounds(month: string): { from: string; to: string } | null {
  if (!MONTH.test(month)) return null;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** The month (YYYY-MM, Asia/Shanghai) an instant falls in. */
export function monthOf(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Hour of the 1st (Asia/Shanghai) at which the previous month's reports are made. */
export const MONTHLY_RUN_HOUR = 6;

/**
 * The month whose reports are due at `clock`, or null: the previous month once the clock has passed 06:00 on the 1st
 * (Asia/Shanghai) of the current one, unless that month was already made (`lastMade`, YYYY-MM, from the DB). Pure: the
 * scheduler calls it on every tick of whichever clock runs (the replay's in the demo), so a jump of the clock by
 * weeks still makes the month once, and a restart does not make it again. Months before `firstMonth` (before any data,
 * e.g. the demo's year starting) are never due.
 */
export function monthDue(clock: number, lastMade: string | null, firstMonth: string): string | null {
  const local = new Date(clock + SHANGHAI_OFFSET_MS);
  const current = local.toISOString().slice(0, 7);
  const pastRunHour = local.getUTCDate() > 1 || local.getUTCHours() >= MONTHLY_RUN_HOUR;
  const due = pastRunHour ? previousMonth(current) : previousMonth(previousMonth(current));
  if (due < firstMonth) return null;
  return lastMade !== null && lastMade >= due ? null : due;
}
