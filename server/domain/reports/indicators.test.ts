import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, OPEN_STATUSES, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../../shared/constants.js';
import { TRANSITIONS, allowedActions } from '../../../shared/lifecycle.js';
import { REPORT_GROUPINGS, type ReportBy, type ReportWeights } from '../../../shared/schemas/report.js';
import type { Category, Ticket } from '../../../shared/schemas/ticket.js';
import type { CellPlace } from '../handling-unit.js';
import { filedTicket, foldTicket, type TimelineEntry } from '../timeline.js';
import { childOfCell } from '../../../shared/scope.js';
import { computeIndicators, rankRows, scoreOf, tallyEvents, type ReportDirectory, type ReportEventRow, type ReportPeriod } from './indicators.js';
import { breakdownOf, OTHER_CATEGORY } from './monthly.js';
import { isoShanghai } from './period.js';

const CATEGORIES: Category[] = [
  { code: 'lamp', name: '路灯', nameEn: 'Lamp', tier: 3, responseMinutes: 30, closeHours: 24, share: 1 },
  { code: 'road', name: '道路', nameEn: 'Road', tier: 2, responseMinutes: 60, closeHours: 48, share: 1 },
];
const CELLS = ['321171001001-01', '321171001002-01', '321171002001-01'];
const dir: ReportDirectory = {
  categories: new Map(CATEGORIES.map((c) => [c.code, c])),
  places: new Map<string, CellPlace>([
    [CELLS[0], { villageName: '甲社区', townName: '甲街道' }],
    [CELLS[1], { villageName: '乙村', townName: '甲街道' }],
    [CELLS[2], { villageName: '丙社区', townName: '乙街道' }],
  ]),
  names: new Map([['321171001', '甲街道'], ['321171002', '乙街道'], ['321171001001', '甲社区'], ['321171001002', '乙村'], ['321171002001', '丙社区']]),
};
const WEIGHTS: ReportWeights = { acceptedOnTimeRate: 20, closedOnTimeRate: 30, satisfactionRate: 25, returnRate: 10, reworkRate: 15 };
const SCOPE = { id: '321171', name: '区' };
const T0 = Date.parse('2023-03-01T00:00:00+08:00');

interface GenTicket {
  id: number;
  category: Category;
  gridId: string;
  reportedAt: number;
  entries: TimelineEntry[];
}

/**
 * A ticket's timeline: mostly a legal course (each step recorded from the status it leads on from), sometimes a step
 * recorded from another status (a planned step a supervisor made moot), at increasing times.
 */
const ticketArb = (id: number): fc.Arbitrary<GenTicket> => fc.record({
  category: fc.constantFrom(...CATEGORIES),
  gridId: fc.constantFrom(...CELLS),
  reportedAt: fc.integer({ min: T0, max: T0 + 20 * 24 * HOUR_MS }),
  steps: fc.array(fc.record({
    gapMinutes: fc.integer({ min: 1, max: 3000 }),
    pick: fc.nat(),
    moot: fc.integer({ min: 0, max: 9 }),
    status: fc.constantFrom(...TICKET_STATUSES),
    rating: fc.integer({ min: 1, max: 5 }),
  }), { maxLength: 12 }),
}).map(({ category, gridId, reportedAt, steps }) => {
  const entries: TimelineEntry[] = [{ at: reportedAt, action: 'report', fromStatus: null, rating: null, duplicateOf: null }];
  let status: TicketStatus = 'reported';
  let at = reportedAt;
  for (const s of steps) {
    const allowed = allowedActions(status);
    if (allowed.length === 0) break;
    const action: TicketAction = allowed[s.pick % allowed.length];
    at += s.gapMinutes * 60_000;
    const moot = s.moot === 0;
    entries.push({ at, action, fromStatus: moot ? s.status : status, rating: action === 'evaluate' ? s.rating : null, duplicateOf: null });
    if (!moot) status = TRANSITIONS[action].to;
  }
  return { id, category, gridId, reportedAt, entries };
});

const worldArb = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ticketArb(i + 1))));
const periodArb = fc.record({
  from: fc.integer({ min: T0 - 5 * 24 * HOUR_MS, max: T0 + 40 * 24 * HOUR_MS }),
  length: fc.integer({ min: HOUR_MS, max: 40 * 24 * HOUR_MS }),
  clockAfter: fc.integer({ min: 0, max: 60 * 24 * HOUR_MS }),
}).map(({ from, length, clockAfter }): ReportPeriod => ({ from, to: from + length, clock: from + clockAfter }));

const rowsOf = (tickets: GenTicket[]): ReportEventRow[] => tickets.flatMap((t) =>
  t.entries.map((e): ReportEventRow => [t.id, t.category.code, t.gridId, t.reportedAt, e.at, e.action, e.fromStatus, e.rating, e.duplicateOf]));

const initialOf = (t: GenTicket): Ticket => ({
  ...filedTicket({ category: t.category.code, gridId: t.gridId, title: '', description: '', address: '', channel: 'resident', reporterRole: 'resident',
    urgent: false, lng: 0, lat: 0 }, t.reportedAt, t.category, dir.places.get(t.gridId)!),
  id: t.id,
});

/**
 * The same figures the slow and obvious way: the state before and after each event by folding the ticket's entries
 * from its filing again (foldTicket), the state at the period's end likewise, then the definitions one by one.
 */
function naive(tickets: GenTicket[], p: ReportPeriod, by: ReportBy) {
  type C = Record<string, number>;
  const groups = new Map<string, C>();
  const total: C = {};
  const bump = (t: Ticket, k: string, n = 1) => {
    const id = by === 'town' ? t.gridId.slice(0, 9) : by === 'village' ? t.gridId.slice(0, 12) : t.handlingUnit;
    if (!groups.has(id)) groups.set(id, {});
    const g = groups.get(id)!;
    g[k] = (g[k] ?? 0) + n;
    total[k] = (total[k] ?? 0) + n;
  };
  const asOf = Math.min(p.to, p.clock);
  for (const tk of tickets) {
    if (tk.reportedAt > p.clock || tk.reportedAt >= p.to) continue;
    const cat = tk.category;
    const place = dir.places.get(tk.gridId)!;
    const initial = initialOf(tk);
    const fold = (entries: TimelineEntry[], until: number) => foldTicket(initial, entries, until, cat, place);
    if (tk.reportedAt >= p.from) {
      bump(initial, 'filed');
      const atClock = fold(tk.entries, p.clock);
      if (atClock.acceptedAt !== null && atClock.acceptedAt <= atClock.responseDueAt) bump(initial, 'acceptedOnTime');
    }
    tk.entries.forEach((e, i) => {
      if (i === 0 || e.at < p.from || e.at >= p.to || e.at > p.clock) return;
      const before = fold(tk.entries.slice(0, i), Infinity);
      const after = fold(tk.entries.slice(0, i + 1), Infinity);
      // An entry that does not apply leaves the state as it was (an applied one always moves updatedAt).
      if (JSON.stringify(after) === JSON.stringify(before)) return;
      const kind = { dispatch: 'dispatches', escalate: 'dispatches', return: 'returns', handle: 'handled', rework: 'reworks' }[e.action as string];
      if (kind) bump(after, kind);
      if (e.action === 'close') {
        bump(after, 'closed');
        bump(after, e.at <= before.closeDueAt ? 'closedOnTime' : 'closedLate');
        bump(after, 'closeMs', e.at - tk.reportedAt);
      }
      if (e.action === 'evaluate') {
        bump(after, 'ratings');
        if (after.rating! >= 4) bump(after, 'satisfied');
      }
    });
    const end = fold(tk.entries, Math.min(p.to - 1, p.clock));
    if (OPEN_STATUSES.includes(end.status) && asOf > end.closeDueAt) bump(end, 'openOverdue');
  }
  return { groups, total };
}

const r = (n: number | undefined, d: number | undefined) => (!d ? null : (n ?? 0) / d);

function expectMatches(got: ReturnType<typeof computeIndicators>['totals'], c: Record<string, number>) {
  expect(got.filed).toBe(c.filed ?? 0);
  expect(got.counts.acceptedOnTime).toBe(c.acceptedOnTime ?? 0);
  expect(got.counts.closed).toBe(c.closed ?? 0);
  expect(got.counts.closedOnTime).toBe(c.closedOnTime ?? 0);
  expect(got.counts.openOverdue).toBe(c.openOverdue ?? 0);
  expect(got.overdue).toBe((c.openOverdue ?? 0) + (c.closedLate ?? 0));
  expect(got.counts.dispatches).toBe(c.dispatches ?? 0);
  expect(got.counts.returns).toBe(c.returns ?? 0);
  expect(got.counts.handled).toBe(c.handled ?? 0);
  expect(got.counts.reworks).toBe(c.reworks ?? 0);
  expect(got.acceptedOnTimeRate).toBe(r(c.acceptedOnTime, c.filed));
  expect(got.closedOnTimeRate).toBe(r(c.closedOnTime, c.closed));
  expect(got.returnRate).toBe(r(c.returns, c.dispatches));
  expect(got.reworkRate).toBe(r(c.reworks, c.handled));
  expect(got.satisfactionRate).toBe(r(c.satisfied, c.ratings));
  expect(got.avgCloseHours).toBe(c.closed ? Math.round((c.closeMs / c.closed / HOUR_MS) * 10) / 10 : null);
}

describe('report indicators', () => {
  it('equal a naive recomputation from each ticket\'s timeline, for every grouping, period and clock', () => {
    fc.assert(fc.property(worldArb, periodArb, (tickets, period) => {
      const tallied = tallyEvents(rowsOf(tickets), period, REPORT_GROUPINGS, dir);
      const got = computeIndicators(tallied, REPORT_GROUPINGS, dir, WEIGHTS, SCOPE);
      for (const by of REPORT_GROUPINGS) {
        const want = naive(tickets, period, by);
        expectMatches(got.totals, want.total);
        expect(got.by[by].rows.map((x) => x.id)).toEqual([...want.groups.keys()].sort());
        for (const row of got.by[by].rows) expectMatches(row, want.groups.get(row.id)!);
      }
    }), { numRuns: 300 });
  });

  it('ignore events after the clock: a later clock in the same period only adds what happened in between', () => {
    fc.assert(fc.property(worldArb, periodArb, (tickets, period) => {
      const rows = rowsOf(tickets);
      // Rows the clock has not reached change nothing, whether or not they are handed in.
      const seen = rows.filter((x) => x[4] <= period.clock && x[3] <= period.clock);
      const all = computeIndicators(tallyEvents(rows, period, ['unit'], dir), ['unit'], dir, WEIGHTS, SCOPE);
      const clipped = computeIndicators(tallyEvents(seen, period, ['unit'], dir), ['unit'], dir, WEIGHTS, SCOPE);
      expect(all).toEqual(clipped);
    }), { numRuns: 200 });
  });

  it('score: weighted mean of the rates that have data, returns and reworks counted as 1 - rate', () => {
    expect(scoreOf({ acceptedOnTimeRate: 1, closedOnTimeRate: 0.5, satisfactionRate: null, returnRate: 0.1, reworkRate: null }, WEIGHTS))
      .toBe(Math.round(((20 * 1 + 30 * 0.5 + 10 * 0.9) / 60) * 1000) / 10);
    expect(scoreOf({ acceptedOnTimeRate: null, closedOnTimeRate: null, satisfactionRate: null, returnRate: null, reworkRate: null }, WEIGHTS)).toBeNull();
    expect(scoreOf({ acceptedOnTimeRate: 0.5, closedOnTimeRate: 1, satisfactionRate: 1, returnRate: 0, reworkRate: 0 }, { ...WEIGHTS, closedOnTimeRate: 0, satisfactionRate: 0, returnRate: 0, reworkRate: 0 })).toBe(50);
  });

  it('红黑榜: only rows with enough tickets filed, best five and worst five of the rest, ties by id', () => {
    const row = (id: string, filed: number, score: number | null) => ({ id, filed, score }) as Parameters<typeof rankRows>[0][number];
    const rows = [row('a', 10, 90), row('b', 9, 99), row('c', 50, 80), row('d', 12, null), row('e', 10, 90), row('f', 30, 70), row('g', 11, 60),
      row('h', 10, 85), row('i', 10, 50), row('j', 10, 40)];
    const { red, black } = rankRows(rows, 10);
    expect(red).toEqual(['a', 'e', 'h', 'c', 'f']);
    expect(black).toEqual(['j', 'i', 'g']);
  });
});

/**
 * The print's breakdown (monthly.ts) the slow way: each ticket's state folded again from its filing for every event and
 * at the period's end, counted by the definitions in monthly.ts.
 */
function naiveBreakdown(tickets: GenTicket[], p: ReportPeriod, scope: string, top: number) {
  const day = (t: number) => isoShanghai(t).slice(0, 10);
  const filed = new Map<string, number>();
  const closed = new Map<string, number>();
  const cats = new Map<string, number>();
  const tiers = new Map<number, number>();
  const overdue = new Map<string, number>();
  let escalated = 0;
  const add = (m: Map<string | number, number>, k: string | number) => m.set(k, (m.get(k) ?? 0) + 1);
  const asOf = Math.min(p.to, p.clock);
  for (const tk of tickets) {
    if (tk.reportedAt > p.clock || tk.reportedAt >= p.to) continue;
    const initial = initialOf(tk);
    const fold = (entries: TimelineEntry[], until: number) => foldTicket(initial, entries, until, tk.category, dir.places.get(tk.gridId)!);
    const end = fold(tk.entries, Math.min(p.to - 1, p.clock));
    if (tk.reportedAt >= p.from) {
      add(filed, day(tk.reportedAt));
      add(cats, tk.category.code);
      add(tiers, end.tier);
      if (end.escalations > 0) escalated += 1;
    }
    tk.entries.forEach((e, i) => {
      if (i === 0 || e.action !== 'close' || e.at < p.from || e.at >= p.to || e.at > p.clock) return;
      const before = fold(tk.entries.slice(0, i), Infinity);
      if (JSON.stringify(fold(tk.entries.slice(0, i + 1), Infinity)) === JSON.stringify(before)) return;
      add(closed, day(e.at));
      if (e.at > before.closeDueAt) add(overdue, childOfCell(scope, tk.gridId)!);
    });
    if (OPEN_STATUSES.includes(end.status) && asOf > end.closeDueAt) add(overdue, childOfCell(scope, tk.gridId)!);
  }
  const ranked = [...cats.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const rest = ranked.slice(top).reduce((s, [, n]) => s + n, 0);
  return {
    filed, closed, escalated, overdue,
    categories: [...ranked.slice(0, top), ...(rest > 0 ? [[OTHER_CATEGORY.code, rest] as const] : [])],
    tiers: [1, 2, 3].map((t) => tiers.get(t) ?? 0),
  };
}

describe('the monthly breakdown', () => {
  const TOWNS = ['321171001', '321171002'];
  it('equals a naive recomputation, and adds up to the indicators (filed, closed, 超期)', () => {
    fc.assert(fc.property(worldArb, periodArb, fc.integer({ min: 1, max: 3 }), (tickets, period, top) => {
      const rows = rowsOf(tickets);
      const got = breakdownOf(rows, { period, scope: SCOPE.id, children: TOWNS, top }, dir);
      const want = naiveBreakdown(tickets, period, SCOPE.id, top);
      const nonZero = (key: 'filed' | 'closed') => new Map(got.daily.filter((d) => d[key] > 0).map((d) => [d.day, d[key]]));
      expect(nonZero('filed')).toEqual(want.filed);
      expect(nonZero('closed')).toEqual(want.closed);
      // One point per local day from the period's start to where it stops, in order.
      const last = Math.min(period.to - 1, period.clock);
      if (last >= period.from) {
        expect(got.daily[0].day).toBe(isoShanghai(period.from).slice(0, 10));
        expect(got.daily.at(-1)!.day).toBe(isoShanghai(last).slice(0, 10));
        expect(new Set(got.daily.map((d) => d.day)).size).toBe(got.daily.length);
      } else {
        expect(got.daily).toEqual([]);
      }
      expect(got.categories.map((c) => [c.code, c.filed])).toEqual(want.categories);
      expect(got.tiers.map((t) => t.filed)).toEqual(want.tiers);
      expect(got.escalated).toBe(want.escalated);
      expect(got.children.map((c) => c.id)).toEqual(TOWNS);
      for (const c of got.children) expect(c.overdue, c.id).toBe(want.overdue.get(c.id) ?? 0);

      const { totals } = computeIndicators(tallyEvents(rows, period, ['town'], dir), ['town'], dir, WEIGHTS, SCOPE);
      const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
      expect(sum(got.daily.map((d) => d.filed))).toBe(totals.filed);
      expect(sum(got.categories.map((c) => c.filed))).toBe(totals.filed);
      expect(sum(got.tiers.map((t) => t.filed))).toBe(totals.filed);
      expect(sum(got.daily.map((d) => d.closed))).toBe(totals.counts.closed);
      expect(sum(got.children.map((c) => c.overdue))).toBe(totals.overdue);
    }), { numRuns: 300 });
  });

  it('shades a town\'s villages: children are the scope\'s own, named, with zeros listed', () => {
    const town = TOWNS[0];
    const villages = ['321171001001', '321171001002', '321171001003'];
    fc.assert(fc.property(worldArb, periodArb, (tickets, period) => {
      const mine = tickets.filter((t) => t.gridId.startsWith(town));
      const got = breakdownOf(rowsOf(mine), { period, scope: town, children: villages }, dir);
      const want = naiveBreakdown(mine, period, town, 8);
      expect(got.children.map((c) => c.id)).toEqual(villages);
      expect(got.children[0].name).toBe('甲社区');
      for (const c of got.children) expect(c.overdue, c.id).toBe(want.overdue.get(c.id) ?? 0);
    }), { numRuns: 100 });
  });
});
