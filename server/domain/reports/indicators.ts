/**
 * The monthly assessment (考核) of a scope over a period, from the ticket events. Pure: the storage streams the rows of
 * one statement in, the routes and the file formats take the result.
 *
 * The period is [from, to) and the clock decides: events after the clock are ignored, so a period that is not over
 * yet stops at the clock. `asOf` = min(to, clock) is "the period's end". Each ticket's events are folded through the
 * same reducer as live transitions (timeline.ts `applyEntry`): an event that does not apply to the status the ticket is
 * in (a planned step a supervisor made moot) counts for nothing, escalation moves the handling unit and resets the
 * closing deadline, exactly as on the wall.
 *
 * Definitions (each event is counted in the period when from <= at < to and at <= clock):
 * - 受理量 `filed`: tickets reported in the period.
 * - 及时签收率 `acceptedOnTimeRate` = acceptedOnTime / filed: of the tickets filed in the period, those whose first
 *   response (accept, or a reject or merge of a just-reported ticket: what sets `acceptedAt`) came at or before the
 *   response deadline, by the clock (a ticket filed on the period's last evening and accepted in time the next morning
 *   counts as in time). The wall's `respondedInTime` is the same count.
 * - 按期办结率 `closedOnTimeRate` = closedOnTime / closed: close events in the period at or before the ticket's closing
 *   deadline, over all close events in the period. The wall's `onTimeRate` over the same tickets.
 * - 超期 `overdue` = openOverdue + closedLate: tickets open at `asOf` past their closing deadline (the wall's
 *   `overdue` when asOf is the clock), plus close events in the period after the deadline.
 * - 回退率 `returnRate` = returns / dispatches: return events over dispatch and escalate events (an escalation
 *   dispatches to the unit above) in the period.
 * - 重办率 `reworkRate` = reworks / handled: rework events (the grid centre's check failed) over handle events in the
 *   period. Not the wall's reworkRate, which is the share of closed tickets ever reworked.
 * - 满意率 `satisfactionRate` = satisfied / ratings: evaluate events in the period rated 4 or 5 over all evaluate
 *   events in the period. The wall's `satisfactionRate` over the same tickets.
 * - 平均办结时长 `avgCloseHours`: mean of (close time - report time) over close events in the period, in hours.
 * - 综合得分 `score` (0..100): sum of weight x value over sum of weights, over the weighted indicators that have data;
 *   returnRate and reworkRate count as (1 - rate). Null when none has data.
 * A rate whose denominator is 0 is null.
 *
 * Grouping: by town or village, the ticket's grid cell (it never moves). By handling unit (承办单位): filed and
 * acceptedOnTime go to the unit at filing; an event goes to the unit the ticket is with after it (an escalation's
 * dispatch counts for the unit above); openOverdue to the unit at asOf.
 *
 * 红黑榜: rows with at least MIN_FILED_TO_RANK tickets filed and a score, the best five by score (红榜, best first) and
 * the worst five of the rest (黑榜, worst first); ties by id.
 */
import { HOUR_MS, OPEN_STATUSES, type TicketStatus } from '../../../shared/constants.js';
import { townOf, villageOf } from '../../../shared/scope.js';
import {
  WEIGHTED_INDICATORS, type ReportBy, type ReportCounts, type ReportRow, type ReportWeights,
} from '../../../shared/schemas/report.js';
import type { Category, Ticket } from '../../../shared/schemas/ticket.js';
import type { CellPlace } from '../handling-unit.js';
import { applyEntry, filedTicket, type TimelineEntry } from '../timeline.js';

/** The fewest tickets filed in the period for a row to be ranked in the 红黑榜 (fewer make a rate mean little). */
export const MIN_FILED_TO_RANK = 10;
/** How many rows each of the 红榜 and the 黑榜 lists. */
export const RANKED_PER_LIST = 5;

/** One event row with its ticket's filing fields, rows of one ticket together and in timeline order (at, id). */
export type ReportEventRow = [
  ticketId: number, category: string, gridId: string, reportedAt: number,
  at: number, action: string, fromStatus: string | null, rating: number | null, duplicateOf: number | null,
];

export interface ReportPeriod {
  from: number;
  to: number;
  clock: number;
}

export interface ReportDirectory {
  categories: Map<string, Category>;
  places: Map<string, CellPlace>;
  /** Names of towns and villages by code. */
  names: Map<string, string>;
}

/** The rows of one grouping with its 红黑榜. */
export interface GroupedRows {
  rows: ReportRow[];
  red: string[];
  black: string[];
}

interface Tally extends ReportCounts {
  filed: number;
  closeMsSum: number;
}

const emptyTally = (): Tally => ({
  filed: 0, acceptedOnTime: 0, closed: 0, closedOnTime: 0, closedLate: 0, openOverdue: 0, dispatches: 0, returns: 0,
  handled: 0, reworks: 0, ratings: 0, satisfied: 0, closeMsSum: 0,
});

export const asOfOf = (p: ReportPeriod): number => Math.min(p.to, p.clock);

/** The group a ticket belongs to at one moment, by the report's grouping. */
function groupOf(by: ReportBy, t: Pick<Ticket, 'gridId' | 'handlingUnit'>): string {
  return by === 'town' ? townOf(t.gridId) : by === 'village' ? villageOf(t.gridId) : t.handlingUnit;
}

export interface Tallied {
  groups: Map<ReportBy, Map<string, Tally>>;
  total: Tally;
}

/**
 * Folds each ticket's rows and counts what the period holds, into per-group tallies (for each grouping asked) and the
 * scope's total. Rows are handed in one at a time (`add`); they must hold every event (up to the clock) of every
 * ticket of the scope reported before `to` that the period can need, rows of a ticket together, in timeline order.
 */
/** What a fold of the report's rows is told, ticket by ticket (walkTickets). */
export interface TicketVisitor {
  /** A ticket the clock has reached, as filed; `filedHere` when it was filed inside the period. */
  filed(t: Ticket, filedHere: boolean): void;
  /** One event up to the clock changed `before` into `after`. */
  step(before: Ticket, after: Ticket, entry: TimelineEntry): void;
  /** The ticket as it stood at the period's end (or at the clock, if earlier). */
  ended(end: Ticket): void;
}

/**
 * The one walk of the report's rows: rebuilds each ticket from its events with the timeline's own rules and tells the
 * visitor what it was filed as, each step up to the clock, and where it stood at the period's end. Rows of a ticket
 * come together, in timeline order. A ticket the clock has not reached yet does not exist; an unknown category or cell
 * cannot be folded.
 */
export function walkTickets(period: ReportPeriod, dir: ReportDirectory, visitor: TicketVisitor): { add(r: ReportEventRow): void; finish(): void } {
  const { from, to, clock } = period;
  let current = -1;
  let t: Ticket | null = null;
  let atEnd: Ticket | null = null;
  let category: Category | undefined;
  let place: CellPlace | undefined;

  const finishTicket = () => {
    if (t !== null) visitor.ended(atEnd ?? t);
  };

  const add = (r: ReportEventRow): void => {
    const [id, cat, gridId, reportedAt, at, action, fromStatus, rating, duplicateOf] = r;
    if (id !== current) {
      finishTicket();
      current = id;
      category = dir.categories.get(cat);
      place = dir.places.get(gridId);
      t = null;
      atEnd = null;
      if (!category || !place || reportedAt > clock || reportedAt >= to) return;
      t = {
        ...filedTicket({ category: cat, gridId, title: '', description: '', address: '', channel: 'resident', reporterRole: 'resident', urgent: false, lng: 0, lat: 0 },
          reportedAt, category, place),
        id,
      };
      visitor.filed(t, reportedAt >= from);
    }
    if (t === null || action === 'report' || at > clock) return;
    const entry: TimelineEntry = { at, action: action as TimelineEntry['action'], fromStatus: fromStatus as TicketStatus | null, rating, duplicateOf };
    const next = applyEntry(t, entry, category!, place!);
    if (next === null) return;
    if (at >= to && atEnd === null) atEnd = t;
    visitor.step(t, next, entry);
    t = next;
  };

  return {
    add,
    finish: () => {
      finishTicket();
      current = -1;
      t = null;
    },
  };
}

/**
 * Folds each ticket's rows and counts what the period holds, into per-group tallies (for each grouping asked) and the
 * scope's total. Rows are handed in one at a time (`add`); they must hold every event (up to the clock) of every
 * ticket of the scope reported before `to` that the period can need, rows of a ticket together, in timeline order.
 */
export function createTally(period: ReportPeriod, bys: readonly ReportBy[], dir: ReportDirectory): { add(r: ReportEventRow): void; finish(): Tallied } {
  const { from, to } = period;
  const asOf = asOfOf(period);
  const groups = new Map(bys.map((by) => [by, new Map<string, Tally>()]));
  const total = emptyTally();
  // Every grouping at once: one read of the events serves the workbook's three sheets.
  const count = (t: Pick<Ticket, 'gridId' | 'handlingUnit'>, key: keyof Tally, n = 1) => {
    for (const [by, map] of groups) {
      const id = groupOf(by, t);
      let g = map.get(id);
      if (!g) map.set(id, (g = emptyTally()));
      g[key] += n;
    }
    total[key] += n;
  };

  let filedHere = false;
  let filedAs: Ticket | null = null;
  const walk = walkTickets(period, dir, {
    filed(t, here) {
      filedHere = here;
      filedAs = t;
      if (here) count(t, 'filed');
    },
    step(t, next, entry) {
      const { at } = entry;
      if (filedHere && t.acceptedAt === null && next.acceptedAt !== null && next.acceptedAt <= next.responseDueAt) count(filedAs!, 'acceptedOnTime');
      if (at < from || at >= to) return;
      switch (entry.action) {
        case 'dispatch':
        case 'escalate':
          count(next, 'dispatches');
          break;
        case 'return':
          count(next, 'returns');
          break;
        case 'handle':
          count(next, 'handled');
          break;
        case 'rework':
          count(next, 'reworks');
          break;
        case 'close':
          count(next, 'closed');
          count(next, at <= t.closeDueAt ? 'closedOnTime' : 'closedLate');
          count(next, 'closeMsSum', at - t.reportedAt);
          break;
        case 'evaluate':
          count(next, 'ratings');
          if ((next.rating ?? 0) >= 4) count(next, 'satisfied');
          break;
        default:
          break;
      }
    },
    ended(end) {
      if (OPEN_STATUSES.includes(end.status) && asOf > end.closeDueAt) count(end, 'openOverdue');
    },
  });

  return {
    add: walk.add,
    finish: () => {
      walk.finish();
      return { groups, total };
    },
  };
}

export function tallyEvents(rows: Iterable<ReportEventRow>, period: ReportPeriod, bys: readonly ReportBy[], dir: ReportDirectory): Tallied {
  const tally = createTally(period, bys, dir);
  for (const r of rows) tally.add(r);
  return tally.finish();
}

const rate = (num: number, den: number): number | null => (den === 0 ? null : num / den);
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** The weighted score of a row's rates, 0..100 to one decimal, or null when no weighted indicator has data. */
export function scoreOf(r: Pick<ReportRow, (typeof WEIGHTED_INDICATORS)[number]>, weights: ReportWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of WEIGHTED_INDICATORS) {
    const v = r[k];
    if (v === null || weights[k] === 0) continue;
    sum += weights[k] * (k === 'returnRate' || k === 'reworkRate' ? 1 - v : v);
    weight += weights[k];
  }
  return weight === 0 ? null : round1((100 * sum) / weight);
}

function rowOf(id: string, name: string, c: Tally, weights: ReportWeights): ReportRow {
  const rates = {
    acceptedOnTimeRate: rate(c.acceptedOnTime, c.filed),
    closedOnTimeRate: rate(c.closedOnTime, c.closed),
    returnRate: rate(c.returns, c.dispatches),
    reworkRate: rate(c.reworks, c.handled),
    satisfactionRate: rate(c.satisfied, c.ratings),
  };
  const { filed, closeMsSum, ...counts } = c;
  return {
    id, name, filed,
    acceptedOnTimeRate: rates.acceptedOnTimeRate,
    closedOnTimeRate: rates.closedOnTimeRate,
    overdue: c.openOverdue + c.closedLate,
    returnRate: rates.returnRate,
    reworkRate: rates.reworkRate,
    satisfactionRate: rates.satisfactionRate,
    avgCloseHours: c.closed === 0 ? null : round1(closeMsSum / c.closed / HOUR_MS),
    score: scoreOf(rates, weights),
    counts,
  };
}

/** 红榜 and 黑榜 of the rows: ranked rows only (enough filed, a score), best five and worst five of the rest. */
export function rankRows(rows: readonly ReportRow[], minFiled = MIN_FILED_TO_RANK): { red: string[]; black: string[] } {
  const ranked = rows.filter((r) => r.filed >= minFiled && r.score !== null)
    .sort((a, b) => b.score! - a.score! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const red = ranked.slice(0, RANKED_PER_LIST).map((r) => r.id);
  const taken = new Set(red);
  const black = ranked.slice().reverse().filter((r) => !taken.has(r.id)).slice(0, RANKED_PER_LIST).map((r) => r.id);
  return { red, black };
}

/**
 * The report's figures: one row per group (the `baseline` groups always, with zeros when nothing happened, e.g. every
 * village of a town; others as they occur), sorted by id, the scope's totals and the 红黑榜.
 */
export function computeIndicators<B extends ReportBy>(
  tallied: Tallied, bys: readonly B[], dir: ReportDirectory, weights: ReportWeights,
  scope: { id: string; name: string }, baseline: Partial<Record<ReportBy, readonly string[]>> = {},
): { totals: ReportRow; by: Record<B, GroupedRows> } {
  const { groups, total } = tallied;
  const by = {} as Record<B, GroupedRows>;
  for (const b of bys) {
    const map = groups.get(b) ?? new Map<string, Tally>();
    for (const id of baseline[b] ?? []) if (!map.has(id)) map.set(id, emptyTally());
    const out = [...map.entries()]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([id, c]) => rowOf(id, b === 'unit' ? id : (dir.names.get(id) ?? id), c, weights));
    by[b] = { rows: out, ...rankRows(out) };
  }
  return { totals: rowOf(scope.id, scope.name, total, weights), by };
}
