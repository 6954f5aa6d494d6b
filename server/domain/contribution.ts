import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, OPEN_STATUSES, SOLVED_STATUSES } from '../../shared/constants.js';
import type { Ticket } from '../../shared/schemas/ticket.js';

/** The fields of a ticket the aggregates read: all a start-up rebuild needs to load. */
export type CountedTicket = Pick<
  Ticket,
  | 'id' | 'gridId' | 'status' | 'tier' | 'category' | 'channel' | 'urgent' | 'reportedAt' | 'acceptedAt' | 'closedAt'
  | 'responseDueAt' | 'closeDueAt' | 'rating' | 'reworks'
>;

/** The counters one ticket adds to each scope it belongs to, as of time `now`. Pure. */
export interface Contribution {
  open: 0 | 1;
  overdue: 0 | 1;
  responseOverdue: 0 | 1;
  urgent: 0 | 1;
  urgentSolved: 0 | 1;
  status: string;
  tier: string;
  category: string;
  channel: string;
  responseDue: 0 | 1;
  respondedInTime: 0 | 1;
  closeDue: 0 | 1;
  closed: 0 | 1;
  closedOnTime: 0 | 1;
  evaluated: 0 | 1;
  satisfied: 0 | 1;
  reworked: 0 | 1;
  reportedHour: number;
  reportedDay: number;
  closedHour: number | null;
  closedDay: number | null;
}

const b = (v: boolean): 0 | 1 => (v ? 1 : 0);

export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}
/** Start of the Asia/Shanghai day containing t. */
export function dayStart(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * KPI formulas:
 * - response due: responded already, or the response deadline has passed; responded in time: by the deadline.
 * - close due: solved already, or the closing deadline has passed (rejected and merged tickets are never due).
 * - overdue: open past the closing deadline; response overdue: still only reported past the response deadline.
 */
export function contributionOf(t: CountedTicket, now: number): Contribution {
  const open = OPEN_STATUSES.includes(t.status);
  const solved = SOLVED_STATUSES.includes(t.status);
  const dropped = t.status === 'rejected' || t.status === 'merged';
  const closedAt = solved ? t.closedAt : null;
  return {
    open: b(open),
    overdue: b(open && now > t.closeDueAt),
    responseOverdue: b(t.status === 'reported' && now > t.responseDueAt),
    urgent: b(t.urgent),
    urgentSolved: b(t.urgent && solved),
    status: t.status,
    tier: String(t.tier),
    category: t.category,
    channel: t.channel,
    responseDue: b(t.acceptedAt !== null || now > t.responseDueAt),
    respondedInTime: b(t.acceptedAt !== null && t.acceptedAt <= t.responseDueAt),
    closeDue: b(!dropped && (solved || now > t.closeDueAt)),
    closed: b(solved),
    closedOnTime: b(solved && closedAt !== null && closedAt <= t.closeDueAt),
    evaluated: b(t.rating !== null),
    satisfied: b(t.rating !== null && t.rating >= 4),
    reworked: b(solved && t.reworks > 0),
    reportedHour: hourStart(t.reportedAt),
    reportedDay: dayStart(t.reportedAt),
    closedHour: closedAt === null ? null : hourStart(closedAt),
    closedDay: closedAt === null ? null : dayStart(closedAt),
  };
}

/** The next time after `now` at which contributionOf(t, ·) changes by the clock alone, or null. */
export function nextThreshold(t: CountedTicket, now: number): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    if (at >= now && (next === null || at < next)) next = at;
  };
  if (t.acceptedAt === null && t.status === 'reported') consider(t.responseDueAt);
  const dropped = t.status === 'rejected' || t.status === 'merged';
  if (!dropped && !SOLVED_STATUSES.includes(t.status)) consider(t.closeDueAt);
  return next;
}
