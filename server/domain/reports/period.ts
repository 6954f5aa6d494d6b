import { SHANGHAI_OFFSET_MS } from '../../../shared/constants.js';
import { DomainError } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-time must say its zone: Z or ±hh:mm. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A period bound: an ISO date (2023-10-01, local midnight in Asia/Shanghai) or an ISO date-time with its zone
 * (2023-10-01T08:00:00+08:00). Anything else is a 400 naming the field.
 */
export function parseBound(value: string, field: string): number {
  const d = DATE.exec(value);
  let t = NaN;
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const utc = Date.UTC(y, m - 1, day);
    const back = new Date(utc);
    // 2023-02-30 is not a day: Date.UTC would roll it over into March.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === day) t = utc - SHANGHAI_OFFSET_MS;
  } else if (DATE_TIME.test(value)) {
    t = Date.parse(value);
  }
  if (!Number.isFinite(t)) {
    throw new DomainError(400, 'invalid_query', `Query "${field}" must be an ISO date (2023-10-01, midnight in Asia/Shanghai) or an ISO date-time with its zone (2023-10-01T08:00:00+08:00).`, field);
  }
  return t;
}

/** An instant as ISO 8601 in Asia/Shanghai: 2023-10-01T00:00:00+08:00. */
export function isoShanghai(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/**
 * The period [from, to) a report covers, checked against the clock: `to` after `from` (400), and a period that starts
 * after the clock is refused (422): nothing in it has happened yet.
 */
export function parsePeriod(q: { from: string; to: string }, clock: number): { from: number; to: number } {
  const from = parseBound(q.from, 'from');
  const to = parseBound(q.to, 'to');
  if (to <= from) throw new DomainError(400, 'invalid_query', `Query "to" (${q.to}) must come after "from" (${q.from}); "to" is exclusive.`, 'to');
  if (from > clock) {
    throw new DomainError(422, 'period_in_future', `The period starts at ${isoShanghai(from)}, after the clock (${isoShanghai(clock)}): nothing in it has happened yet.`, 'from');
  }
  return { from, to };
}
