/**
 * What the monthly print adds to the indicators: the period's daily trend, what was filed by category and by handling
 * tier, and 超期 per child division of the scope (the map's shading). Pure, and fed the same event rows the indicators
 * are (indicators.ts, one ticket's rows together in timeline order), folded through the same reducer, so its figures
 * add up to theirs: Σ daily filed = 受理量, Σ daily closed = the close events, Σ children's overdue = 超期.
 *
 * - daily: per local day (Asia/Shanghai) from the period's start to `asOf`, tickets reported that day and close events
 *   that day (an event after the clock is ignored, as everywhere in the reports).
 * - categories: tickets filed in the period per category, the largest `top` by count (ties by code), the rest summed
 *   into one 其他 row, so a long tail never crowds the chart.
 * - tiers: tickets filed in the period by the tier handling them at `asOf` (三级 the village, 二级 the town, 一级 a
 *   district department): an escalation moves a ticket up, as on the wall's ring; `escalated` counts those moved.
 * - children: 超期 (open at `asOf` past the closing deadline, plus close events in the period after it) per child of
 *   the scope that holds the ticket's cell (a district's towns, a town's villages, a village's cells).
 */
import { DAY_MS, OPEN_STATUSES, SHANGHAI_OFFSET_MS, TIERS, type Tier } from '../../../shared/constants.js';
import { childOfCell } from '../../../shared/scope.js';
import { asOfOf, walkTickets, type ReportDirectory, type ReportEventRow, type ReportPeriod } from './indicators.js';

/** Categories named one by one in the breakdown; the rest are summed into 其他. */
export const TOP_CATEGORIES = 8;
/** The code and name of the row that sums the categories past the top ones. */
export const OTHER_CATEGORY = { code: 'other', name: '其他' } as const;

export interface DailyPoint {
  /** The local day, YYYY-MM-DD. */
  day: string;
  filed: number;
  closed: number;
}

export interface MonthlyBreakdown {
  daily: DailyPoint[];
  categories: { code: string; name: string; tier: Tier | null; filed: number }[];
  tiers: { tier: Tier; filed: number }[];
  escalated: number;
  children: { id: string; name: string; overdue: number }[];
}

/** The local day number (days since the epoch in Asia/Shanghai) of an instant; China keeps no summer time. */
const dayNumber = (t: number): number => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
const dayLabel = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

export interface BreakdownRequest {
  period: ReportPeriod;
  /** The report's scope (a district, town or village code): children are its children. */
  scope: string;
  /** The scope's children listed even with nothing overdue (every town of the district, every village of a town). */
  children: readonly string[];
  top?: number;
}

/**
 * Folds event rows (handed in one at a time, `add`) into the breakdown. The rows must be what the indicators need:
 * every event up to the clock of every ticket of the scope reported before `to` that the period can need.
 */
export function createBreakdown(req: BreakdownRequest, dir: ReportDirectory): { add(r: ReportEventRow): void; finish(): MonthlyBreakdown } {
  const { period, scope } = req;
  const { from, to, clock } = period;
  const asOf = asOfOf(period);
  const firstDay = dayNumber(from);
  // The last instant that counts: an event exactly at the clock does, one exactly at `to` does not.
  const last = Math.min(to - 1, clock);
  const days = last >= from ? dayNumber(last) - firstDay + 1 : 0;
  const filedPerDay = new Array<number>(days).fill(0);
  const closedPerDay = new Array<number>(days).fill(0);
  const perCategory = new Map<string, number>();
  const perTier = new Map<Tier, number>();
  const overdue = new Map<string, number>(req.children.map((c) => [c, 0]));
  let escalated = 0;

  const bumpOverdue = (gridId: string) => {
    const child = childOfCell(scope, gridId) ?? gridId;
    overdue.set(child, (overdue.get(child) ?? 0) + 1);
  };

  let filedHere = false;
  const walk = walkTickets(period, dir, {
    filed(t, here) {
      filedHere = here;
      if (!here) return;
      filedPerDay[dayNumber(t.reportedAt) - firstDay] += 1;
      perCategory.set(t.category, (perCategory.get(t.category) ?? 0) + 1);
    },
    step(t, _next, entry) {
      if (entry.action !== 'close' || entry.at < from || entry.at >= to) return;
      closedPerDay[dayNumber(entry.at) - firstDay] += 1;
      if (entry.at > t.closeDueAt) bumpOverdue(t.gridId);
    },
    ended(end) {
      if (OPEN_STATUSES.includes(end.status) && asOf > end.closeDueAt) bumpOverdue(end.gridId);
      if (!filedHere) return;
      perTier.set(end.tier, (perTier.get(end.tier) ?? 0) + 1);
      if (end.escalations > 0) escalated += 1;
    },
  });

  const finish = (): MonthlyBreakdown => {
    walk.finish();
    const ranked = [...perCategory.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = req.top ?? TOP_CATEGORIES;
    const categories = ranked.slice(0, top).map(([code, filed]) => {
      const c = dir.categories.get(code);
      return { code, name: c?.name ?? code, tier: c?.tier ?? null, filed };
    });
    const rest = ranked.slice(top).reduce((sum, [, n]) => sum + n, 0);
    if (rest > 0) categories.push({ ...OTHER_CATEGORY, tier: null, filed: rest });
    return {
      daily: filedPerDay.map((filed, i) => ({ day: dayLabel(firstDay + i), filed, closed: closedPerDay[i] })),
      categories,
      tiers: TIERS.map((tier) => ({ tier, filed: perTier.get(tier) ?? 0 })),
      escalated,
      children: [...overdue.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([id, n]) => ({ id, name: dir.names.get(id) ?? id, overdue: n })),
    };
  };

  return { add: walk.add, finish };
}

/** createBreakdown over an iterable of rows. */
export function breakdownOf(rows: Iterable<ReportEventRow>, req: BreakdownRequest, dir: ReportDirectory): MonthlyBreakdown {
  const b = createBreakdown(req, dir);
  for (const r of rows) b.add(r);
  return b.finish();
}
