import { DAILY_SERIES_LENGTH, DAY_MS, HOUR_MS, HOURLY_SERIES_LENGTH } from '../../shared/constants.js';
import type { Kpi, Series, TicketCounts } from '../../shared/schemas/summary.js';
import { contributionOf, dayStart, hourStart, type Contribution, type CountedTicket } from './contribution.js';

type Bucket = { reported: number; closed: number };

/** The ticket counters of one scope, kept up to date by adding and removing contributions. */
export interface ScopeCounters {
  total: number;
  open: number;
  overdue: number;
  responseOverdue: number;
  urgent: number;
  urgentSolved: number;
  byStatus: Record<string, number>;
  byTier: Record<string, number>;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  responseDue: number;
  respondedInTime: number;
  closeDue: number;
  closed: number;
  closedOnTime: number;
  evaluated: number;
  satisfied: number;
  reworked: number;
  hourly: Map<number, Bucket>;
  daily: Map<number, Bucket>;
}

const SCALARS = [
  'open', 'overdue', 'responseOverdue', 'urgent', 'urgentSolved', 'responseDue', 'respondedInTime',
  'closeDue', 'closed', 'closedOnTime', 'evaluated', 'satisfied', 'reworked',
] as const;

export function emptyCounters(): ScopeCounters {
  return {
    total: 0, open: 0, overdue: 0, responseOverdue: 0, urgent: 0, urgentSolved: 0,
    byStatus: {}, byTier: {}, byCategory: {}, byChannel: {},
    responseDue: 0, respondedInTime: 0, closeDue: 0, closed: 0, closedOnTime: 0, evaluated: 0, satisfied: 0, reworked: 0,
    hourly: new Map(), daily: new Map(),
  };
}

function bump(map: Record<string, number>, key: string, sign: number): void {
  const v = (map[key] ?? 0) + sign;
  if (v === 0) delete map[key];
  else map[key] = v;
}

function bumpBucket(map: Map<number, Bucket>, key: number, field: keyof Bucket, sign: number): void {
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = { reported: 0, closed: 0 }));
  bucket[field] += sign;
  if (bucket.reported === 0 && bucket.closed === 0) map.delete(key);
}

/**
 * Adds (sign 1) or removes (sign -1) a contribution. Series buckets older than `horizon` are not kept: only the last
 * 24 hours and 30 days are ever shown, and an old ticket's report bucket never changes after it is filed.
 */
export function applyContribution(c: ScopeCounters, k: Contribution, sign: 1 | -1, horizon: { hour: number; day: number }): void {
  c.total += sign;
  for (const key of SCALARS) c[key] += k[key] * sign;
  bump(c.byStatus, k.status, sign);
  bump(c.byTier, k.tier, sign);
  bump(c.byCategory, k.category, sign);
  bump(c.byChannel, k.channel, sign);
  applySeries(c, k, sign, horizon);
}

/** Adds or removes only a contribution's series buckets (those at or after `horizon`): a jump counts them apart. */
export function applySeries(c: ScopeCounters, k: Contribution, sign: 1 | -1, horizon: { hour: number; day: number }): void {
  if (k.reportedHour >= horizon.hour) bumpBucket(c.hourly, k.reportedHour, 'reported', sign);
  if (k.reportedDay >= horizon.day) bumpBucket(c.daily, k.reportedDay, 'reported', sign);
  if (k.closedHour !== null && k.closedHour >= horizon.hour) bumpBucket(c.hourly, k.closedHour, 'closed', sign);
  if (k.closedDay !== null && k.closedDay >= horizon.day) bumpBucket(c.daily, k.closedDay, 'closed', sign);
}

/** A horizon past every bucket: applyContribution and swapContribution then touch the counters but not the series. */
export const NO_SERIES: Readonly<{ hour: number; day: number }> = { hour: Infinity, day: Infinity };

/**
 * Replaces contribution `a` by `b` — the same as removing `a` and adding `b`, but touching only what differs: a
 * transition changes a status and a flag or two, never the category, channel or report time.
 */
export function swapContribution(c: ScopeCounters, a: Contribution, b: Contribution, horizon: { hour: number; day: number }): void {
  for (const key of SCALARS) {
    const d = b[key] - a[key];
    if (d !== 0) c[key] += d;
  }
  if (a.status !== b.status) { bump(c.byStatus, a.status, -1); bump(c.byStatus, b.status, 1); }
  if (a.tier !== b.tier) { bump(c.byTier, a.tier, -1); bump(c.byTier, b.tier, 1); }
  if (a.category !== b.category) { bump(c.byCategory, a.category, -1); bump(c.byCategory, b.category, 1); }
  if (a.channel !== b.channel) { bump(c.byChannel, a.channel, -1); bump(c.byChannel, b.channel, 1); }
  if (a.reportedHour !== b.reportedHour) {
    if (a.reportedHour >= horizon.hour) bumpBucket(c.hourly, a.reportedHour, 'reported', -1);
    if (b.reportedHour >= horizon.hour) bumpBucket(c.hourly, b.reportedHour, 'reported', 1);
  }
  if (a.reportedDay !== b.reportedDay) {
    if (a.reportedDay >= horizon.day) bumpBucket(c.daily, a.reportedDay, 'reported', -1);
    if (b.reportedDay >= horizon.day) bumpBucket(c.daily, b.reportedDay, 'reported', 1);
  }
  if (a.closedHour !== b.closedHour) {
    if (a.closedHour !== null && a.closedHour >= horizon.hour) bumpBucket(c.hourly, a.closedHour, 'closed', -1);
    if (b.closedHour !== null && b.closedHour >= horizon.hour) bumpBucket(c.hourly, b.closedHour, 'closed', 1);
  }
  if (a.closedDay !== b.closedDay) {
    if (a.closedDay !== null && a.closedDay >= horizon.day) bumpBucket(c.daily, a.closedDay, 'closed', -1);
    if (b.closedDay !== null && b.closedDay >= horizon.day) bumpBucket(c.daily, b.closedDay, 'closed', 1);
  }
}

/** Adds every counter of `from` into `into` (a cell's counters into its village, town and district). */
export function addCounters(into: ScopeCounters, from: ScopeCounters): void {
  into.total += from.total;
  for (const key of SCALARS) into[key] += from[key];
  for (const key of ['byStatus', 'byTier', 'byCategory', 'byChannel'] as const) {
    for (const [k, v] of Object.entries(from[key])) bump(into[key], k, v);
  }
  for (const key of ['hourly', 'daily'] as const) {
    for (const [t, b] of from[key]) {
      bumpBucket(into[key], t, 'reported', b.reported);
      bumpBucket(into[key], t, 'closed', b.closed);
    }
  }
}

/** The oldest series buckets still kept at time `now`. */
export function seriesHorizon(now: number): { hour: number; day: number } {
  return {
    hour: hourStart(now) - (HOURLY_SERIES_LENGTH - 1) * HOUR_MS,
    day: dayStart(now) - (DAILY_SERIES_LENGTH - 1) * DAY_MS,
  };
}

export function pruneSeries(c: ScopeCounters, now: number): void {
  const h = seriesHorizon(now);
  for (const key of c.hourly.keys()) if (key < h.hour) c.hourly.delete(key);
  for (const key of c.daily.keys()) if (key < h.day) c.daily.delete(key);
}

/** Recomputes a scope's counters from scratch: the reference the incremental path is tested against. */
export function countersFrom(tickets: Iterable<CountedTicket>, now: number): ScopeCounters {
  const c = emptyCounters();
  const horizon = seriesHorizon(now);
  for (const t of tickets) applyContribution(c, contributionOf(t, now), 1, horizon);
  return c;
}

const rate = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function kpiOf(c: ScopeCounters): Kpi {
  return {
    responseRate: rate(c.respondedInTime, c.responseDue),
    closureRate: rate(c.closed, c.closeDue),
    onTimeRate: rate(c.closedOnTime, c.closed),
    satisfactionRate: rate(c.satisfied, c.evaluated),
    reworkRate: rate(c.reworked, c.closed),
    responseDue: c.responseDue,
    respondedInTime: c.respondedInTime,
    closeDue: c.closeDue,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    evaluated: c.evaluated,
    satisfied: c.satisfied,
    reworked: c.reworked,
  };
}

export function seriesOf(c: ScopeCounters, now: number): Series {
  const h = seriesHorizon(now);
  const hourly = Array.from({ length: HOURLY_SERIES_LENGTH }, (_, i) => {
    const t = h.hour + i * HOUR_MS;
    return { t, ...(c.hourly.get(t) ?? { reported: 0, closed: 0 }) };
  });
  const daily = Array.from({ length: DAILY_SERIES_LENGTH }, (_, i) => {
    const t = h.day + i * DAY_MS;
    return { t, ...(c.daily.get(t) ?? { reported: 0, closed: 0 }) };
  });
  return { hourly, daily };
}

export function ticketCountsOf(c: ScopeCounters, now: number): TicketCounts {
  return {
    total: c.total,
    open: c.open,
    overdue: c.overdue,
    responseOverdue: c.responseOverdue,
    urgent: c.urgent,
    urgentSolved: c.urgentSolved,
    today: c.daily.get(dayStart(now))?.reported ?? 0,
    byStatus: { ...c.byStatus },
    byTier: { ...c.byTier },
    byCategory: { ...c.byCategory },
    byChannel: { ...c.byChannel },
  };
}
