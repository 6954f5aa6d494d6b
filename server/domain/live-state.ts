import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopesOfCell } from '../../shared/scope.js';
import type { ScopeChild } from '../../shared/schemas/drill.js';
import type { CellMeasure, CellMeasures, ModuleStanding, Summary, SuperviseCounts } from '../../shared/schemas/summary.js';
import {
  addCounters, applyContribution, applySeries, emptyCounters, swapContribution, kpiOf, NO_SERIES, pruneSeries, seriesHorizon, seriesOf, ticketCountsOf,
  type ScopeCounters,
} from './aggregates.js';
import { contributionOf, dayStart, hourStart, nextThreshold, type Contribution, type CountedTicket } from './contribution.js';
import { MinHeap } from './min-heap.js';
import { createModuleActivity, type CellTally, type HouseChange } from './module-activity.js';
import type { LiveSection } from './ports.js';
import type { ScopeEntry } from './scope-directory.js';

const NOTHING_CHANGED: ReadonlySet<string> = new Set();

type SavedCounters = Omit<ScopeCounters, 'hourly' | 'daily'> & { hourly: [number, { reported: number; closed: number }][]; daily: [number, { reported: number; closed: number }][] };
/**
 * The ticket aggregates as JSON can carry them (series maps as entry lists). The 人车房物 activity is not in it: it is
 * taken again from its sources (modulesAt) whenever the aggregates are rebuilt or restored.
 */
export interface LiveSnapshot {
  at: number;
  counters: [string, SavedCounters][];
}

/** The standing house numbers moved by building.changed events; a count never shows below 0. */
function withHouses(standing: ModuleStanding, change: HouseChange): ModuleStanding {
  const h = standing.houses;
  const houses = {
    ...h,
    households: Math.max(0, h.households + change.households),
    rented: Math.max(0, h.rented + change.rented),
    vacant: Math.max(0, h.vacant + change.vacant),
  };
  return { ...standing, houses };
}

/**
 * The in-memory aggregates of every scope, exact at time `at`: Σ contributionOf(ticket, at) over the scope's tickets.
 * Every change first advances to its own time (so deadlines that passed in between are counted), then swaps the
 * ticket's old contribution for its new one. Tickets whose contribution can still change by the clock alone (an open
 * deadline ahead) wait in a min-heap keyed by that deadline.
 *
 * `modulesAt(now)` gives every 人车房物 tally that counts at `now` (the stored events of today and the hour before, every
 * house change, and in the demo the streams' hours so far): what a rebuild or a restore takes the activity from.
 * `superviseOf(scope)`, when given, adds the 督办 colour counts (kept by server/domain/supervise) to every summary, and to
 * every delta that carries 'tickets'.
 */
export function createLiveState(directory: Map<string, ScopeEntry>, modulesAt: (now: number) => Iterable<CellTally> = () => [],
  superviseOf?: (scope: string) => SuperviseCounts) {
  let counters = new Map<string, ScopeCounters>();
  // Each scope's direct children in the directory's order (towns, villages, cells: code order), built once.
  const childIds = new Map<string, string[]>();
  for (const [id, entry] of directory) {
    const parent = entry.ref.parents.at(-1);
    if (parent === undefined) continue;
    const list = childIds.get(parent);
    if (list) list.push(id);
    else childIds.set(parent, [id]);
  }
  let modules = createModuleActivity(directory.keys(), 0);
  let pending = new Map<number, { ticket: CountedTicket; at: number }>();
  let heap = new MinHeap<number>();
  let at = 0;

  const fresh = (now: number) => {
    const c = new Map<string, ScopeCounters>();
    for (const id of directory.keys()) c.set(id, emptyCounters());
    return { counters: c, pending: new Map<number, { ticket: CountedTicket; at: number }>(), heap: new MinHeap<number>(), at: now };
  };
  const adopt = (next: ReturnType<typeof fresh>) => {
    ({ counters, pending, heap, at } = next);
    modules = createModuleActivity(directory.keys(), at);
    modules.record(modulesAt(at), at);
  };
  ({ counters, pending, heap, at } = fresh(0));

  const apply = (t: CountedTicket, sign: 1 | -1, now: number, horizon: { hour: number; day: number }) => {
    const k = contributionOf(t, now);
    for (const scope of scopesOfCell(t.gridId)) {
      const c = counters.get(scope);
      if (c) applyContribution(c, k, sign, horizon);
    }
  };

  /** A ticket's contribution as of `was` (what the counters hold) replaced by `t`'s as of `now`, in its four scopes. */
  const swap = (old: CountedTicket, was: number, t: CountedTicket, now: number, horizon: { hour: number; day: number }) => {
    const a = contributionOf(old, was);
    const b = contributionOf(t, now);
    for (const scope of scopesOfCell(t.gridId)) {
      const c = counters.get(scope);
      if (c) swapContribution(c, a, b, horizon);
    }
  };

  const scheduleIn = (p: typeof pending, h: typeof heap, t: CountedTicket, now: number) => {
    const next = nextThreshold(t, now);
    if (next === null) {
      p.delete(t.id);
      return;
    }
    p.set(t.id, { ticket: t, at: next });
    h.push(next, t.id);
  };
  const schedule = (t: CountedTicket, now: number) => scheduleIn(pending, heap, t, now);

  /**
   * A rebuild in slices: add() tickets as they are read, then commit() swaps the new aggregates in at once; until then
   * the old ones keep serving. The module activity is taken again from modulesAt at the rebuild's instant.
   */
  const beginRebuild = (now: number) => {
    const next = fresh(now);
    const horizon = seriesHorizon(now);
    return {
      add(tickets: Iterable<CountedTicket>): void {
        // Count each ticket into its cell only; commit() adds the cells up into villages, towns and the district: a
        // quarter of the work of counting every ticket into its four scopes (a million tickets at start-up).
        for (const t of tickets) {
          const cell = next.counters.get(t.gridId);
          if (cell) applyContribution(cell, contributionOf(t, now), 1, horizon);
          scheduleIn(next.pending, next.heap, t, now);
        }
      },
      commit(): void {
        for (const [id, entry] of directory) {
          if (entry.ref.level !== 'grid') continue;
          const cell = next.counters.get(id)!;
          for (const parent of entry.ref.parents) {
            const c = next.counters.get(parent);
            if (c) addCounters(c, cell);
          }
        }
        adopt(next);
      },
    };
  };

  /**
   * The aggregates moved from their instant to `to` by what differs, not by counting every ticket again (a demo's jump
   * across the year), in slices: the old aggregates serve until commit() swaps the new ones in.
   * - change(before, after) for every ticket whose row differs between the two instants: `before` the row as the
   *   aggregates count it now (null: not counted), `after` as it counts at `to` (null: not counted then).
   * - open(rows) with every ticket counted at `to` whose numbers the clock alone can still change (rows as at `to`):
   *   an unchanged one with a deadline between the two instants moves from the old instant to `to`; all wait for their
   *   deadlines.
   * - series(rows) with every ticket counted at `to` that was reported or closed within the series' horizon at `to`:
   *   the hourly and daily buckets are counted again from them alone (a jump back needs buckets the old ones dropped).
   * The module activity is taken again from modulesAt at `to`, as after a rebuild.
   */
  const beginShift = (to: number) => {
    const was = at;
    const next = fresh(to);
    for (const [id, c] of counters) {
      next.counters.set(id, {
        ...c, byStatus: { ...c.byStatus }, byTier: { ...c.byTier }, byCategory: { ...c.byCategory }, byChannel: { ...c.byChannel },
        hourly: new Map(), daily: new Map(),
      });
    }
    const horizon = seriesHorizon(to);
    const [lo, hi] = to < was ? [to, was] : [was, to];
    const changed = new Set<number>();
    // What differs is counted into each ticket's cell only (counts may go below zero there); commit() adds each cell's
    // difference into the cell, its village, town and district: a quarter of the work of touching all four each time.
    const delta = new Map<string, ScopeCounters>();
    const each = (gridId: string, fn: (c: ScopeCounters) => void) => {
      if (!next.counters.has(gridId)) return;
      let d = delta.get(gridId);
      if (!d) delta.set(gridId, (d = emptyCounters()));
      fn(d);
    };
    return {
      change(before: CountedTicket | null, after: CountedTicket | null): void {
        const id = (before ?? after)?.id;
        if (id === undefined) return;
        changed.add(id);
        if (before && after && before.gridId === after.gridId) {
          const a = contributionOf(before, was);
          const b = contributionOf(after, to);
          each(after.gridId, (c) => swapContribution(c, a, b, NO_SERIES));
          return;
        }
        if (before) {
          const a = contributionOf(before, was);
          each(before.gridId, (c) => applyContribution(c, a, -1, NO_SERIES));
        }
        if (after) {
          const b = contributionOf(after, to);
          each(after.gridId, (c) => applyContribution(c, b, 1, NO_SERIES));
        }
      },
      open(rows: Iterable<CountedTicket>): void {
        for (const t of rows) {
          if (!changed.has(t.id)) {
            // Only a deadline between the two instants changes what an unchanged ticket counts.
            const due = nextThreshold(t, lo);
            if (due !== null && due < hi) {
              const a = contributionOf(t, was);
              const b = contributionOf(t, to);
              each(t.gridId, (c) => swapContribution(c, a, b, NO_SERIES));
            }
          }
          scheduleIn(next.pending, next.heap, t, to);
        }
      },
      series(rows: Iterable<CountedTicket>): void {
        for (const t of rows) {
          const k = contributionOf(t, to);
          each(t.gridId, (c) => applySeries(c, k, 1, horizon));
        }
      },
      commit(): void {
        for (const [cell, d] of delta) {
          addCounters(next.counters.get(cell)!, d);
          for (const parent of directory.get(cell)!.ref.parents) {
            const c = next.counters.get(parent);
            if (c) addCounters(c, d);
          }
        }
        adopt(next);
      },
    };
  };

  const cellMeasure = (gridId: string): CellMeasure => {
    const c = counters.get(gridId)!;
    return { open: c.open, overdue: c.overdue, total: c.total };
  };

  const modulesOf = (scope: string): Summary['modules'] => ({
    ...withHouses(directory.get(scope)!.standing, modules.housesOf(scope)), activity: modules.activityOf(scope),
  });

  return {
    get at() {
      return at;
    },

    beginRebuild,

    beginShift,

    /**
     * Everything the aggregates hold but the open tickets' deadlines, as of now: a copy that later changes do not
     * reach, so a checkpoint may turn it into JSON over several turns of the event loop.
     */
    exportState(): LiveSnapshot {
      const series = (m: Map<number, { reported: number; closed: number }>): [number, { reported: number; closed: number }][] =>
        [...m].map(([t, b]) => [t, { reported: b.reported, closed: b.closed }]);
      return {
        at,
        counters: [...counters].map(([id, c]) => [id, {
          ...c, byStatus: { ...c.byStatus }, byTier: { ...c.byTier }, byCategory: { ...c.byCategory }, byChannel: { ...c.byChannel },
          hourly: series(c.hourly), daily: series(c.daily),
        }]),
      };
    },

    /**
     * Takes a saved state back instead of counting every ticket again (a million tickets: seconds), brought to `now`
     * with only the tickets that differ: `removed` leave with what they counted at the saved instant (a row as it was
     * then), `added` come in as they count at `now` (a row as it is now). `open` are every ticket counted at `now` whose
     * numbers the clock alone can still change: they wait for their deadlines, and those that `kept` says are counted in
     * the saved state unchanged move from the saved instant to `now`. False (nothing changed) when the saved state cannot
     * be brought to `now`: other scopes, or an earlier clock hour (the series buckets it dropped are gone).
     */
    restore(saved: LiveSnapshot, since: {
      removed: Iterable<CountedTicket>; added: Iterable<CountedTicket>; open: Iterable<CountedTicket>; kept: (t: CountedTicket) => boolean;
    }, now: number): boolean {
      if (saved.counters.length !== directory.size || saved.counters.some(([id]) => !directory.has(id))) return false;
      if (now < saved.at && hourStart(now) !== hourStart(saved.at)) return false;
      const next = fresh(now);
      for (const [id, c] of saved.counters) {
        const restored = { ...c, hourly: new Map(c.hourly), daily: new Map(c.daily) };
        if (now > saved.at) pruneSeries(restored, now);
        next.counters.set(id, restored);
      }
      const horizon = seriesHorizon(now);
      const into = (t: CountedTicket, k: Contribution, sign: 1 | -1) => {
        for (const scope of scopesOfCell(t.gridId)) {
          const c = next.counters.get(scope);
          if (c) applyContribution(c, k, sign, horizon);
        }
      };
      for (const t of since.removed) into(t, contributionOf(t, saved.at), -1);
      for (const t of since.added) into(t, contributionOf(t, now), 1);
      const [lo, hi] = now < saved.at ? [now, saved.at] : [saved.at, now];
      for (const t of since.open) {
        // Only a deadline between the two instants changes what an unchanged ticket counts.
        const due = nextThreshold(t, lo);
        if (due !== null && due < hi && since.kept(t)) {
          into(t, contributionOf(t, saved.at), -1);
          into(t, contributionOf(t, now), 1);
        }
        scheduleIn(next.pending, next.heap, t, now);
      }
      adopt(next);
      return true;
    },

    /** Recomputes everything from the tickets (start-up, a failed write). */
    rebuild(tickets: Iterable<CountedTicket>, now: number): void {
      const r = beginRebuild(now);
      r.add(tickets);
      r.commit();
    },

    /**
     * Moves the aggregates' time to `now`, counting every deadline passed on the way (each such ticket is passed to
     * onCrossed). Returns the scopes that changed.
     * Time never goes backwards here; a jump back moves the aggregates with beginShift.
     */
    advance(now: number, onCrossed?: (t: CountedTicket) => void): ReadonlySet<string> {
      if (now <= at) return NOTHING_CHANGED;
      const changed = new Set<string>();
      const hourChanged = hourStart(now) !== hourStart(at);
      const horizon = seriesHorizon(now);
      while (heap.size > 0 && heap.peekKey()! < now) {
        const [key, id] = heap.pop()!;
        const entry = pending.get(id);
        if (!entry || entry.at !== key) continue; // stale: the ticket changed or was rescheduled since
        swap(entry.ticket, key, entry.ticket, now, horizon);
        for (const s of scopesOfCell(entry.ticket.gridId)) changed.add(s);
        schedule(entry.ticket, now);
        onCrossed?.(entry.ticket);
      }
      at = now;
      modules.advance(now);
      if (hourChanged) {
        for (const c of counters.values()) pruneSeries(c, now);
        for (const id of directory.keys()) changed.add(id);
      }
      return changed;
    },

    /** Swaps a ticket's contribution (null before: a new ticket). Call advance(now) first. */
    applyChange(before: CountedTicket | null, after: CountedTicket): string[] {
      const horizon = seriesHorizon(at);
      if (before && before.gridId === after.gridId) swap(before, at, after, at, horizon);
      else {
        if (before) apply(before, -1, at, horizon);
        apply(after, 1, at, horizon);
      }
      schedule(after, at);
      return scopesOfCell(after.gridId);
    },

    /**
     * The one way 人车房物 facts reach the aggregates: events from other systems and the demo's streams alike. Call
     * advance(now) first. Returns the scopes whose numbers changed (push them as 'modules').
     */
    recordModules(tallies: Iterable<CellTally>): ReadonlySet<string> {
      return modules.record(tallies, at);
    },

    hasScope(scope: string): boolean {
      return directory.has(scope);
    },

    /** Every scope: the district, its towns, villages and grid cells. */
    scopeIds(): string[] {
      return [...directory.keys()];
    },

    /** The named live sections of a scope's summary, as of the aggregates' time (a delta's patch). */
    patch(scope: string, sections: Iterable<LiveSection>): Partial<Pick<Summary, LiveSection | 'supervise'>> {
      const c = counters.get(scope)!;
      const out: Partial<Pick<Summary, LiveSection | 'supervise'>> = {};
      for (const key of sections) {
        if (key === 'clock') out.clock = at;
        else if (key === 'tickets') {
          out.tickets = ticketCountsOf(c, at);
          if (superviseOf) out.supervise = superviseOf(scope);
        }
        else if (key === 'kpi') out.kpi = kpiOf(c);
        else if (key === 'series') out.series = seriesOf(c, at);
        else out.modules = modulesOf(scope);
      }
      return out;
    },

    /** A grid cell's ticket counts as the map shows them. */
    cellMeasure,

    /** The measures of every grid cell inside a scope (a grid cell: itself). */
    cellMeasuresOf(scope: string): CellMeasures {
      const out: CellMeasures = {};
      for (const id of directory.get(scope)!.cellIds) out[id] = cellMeasure(id);
      return out;
    },

    /** The scope a scope is a direct child of (a cell's village, a village's town, a town's district). */
    parentOf(scope: string): string | undefined {
      return directory.get(scope)?.ref.parents.at(-1);
    },

    /** The direct children of a scope, in code order (none for a grid cell). */
    childIdsOf(scope: string): readonly string[] {
      return childIds.get(scope) ?? [];
    },

    /** One scope as a row of its parent's ranking: the same numbers as its summary, aggregates only. */
    childRow(id: string): ScopeChild {
      const e = directory.get(id)!;
      const c = counters.get(id)!;
      // Straight from the counters: ticketCountsOf would copy four count maps per row, at every flush of a busy replay.
      const today = c.daily.get(dayStart(at))?.reported ?? 0;
      const k = kpiOf(c);
      return {
        id, level: e.ref.level, name: e.ref.name, households: e.counts.households, gridCells: e.counts.gridCells,
        tickets: { total: c.total, open: c.open, overdue: c.overdue, today },
        kpi: { responseRate: k.responseRate, closureRate: k.closureRate, onTimeRate: k.onTimeRate, satisfactionRate: k.satisfactionRate, reworkRate: k.reworkRate },
      };
    },

    summary(scope: string): Summary {
      const e = directory.get(scope)!;
      const c = counters.get(scope)!;
      return {
        scope: e.ref,
        clock: at,
        counts: e.counts,
        tickets: ticketCountsOf(c, at),
        kpi: kpiOf(c),
        series: seriesOf(c, at),
        modules: modulesOf(scope),
        ...(superviseOf ? { supervise: superviseOf(scope) } : {}),
      };
    },

    /** For tests: the raw counters of a scope. */
    countersOf(scope: string = DISTRICT_CODE): ScopeCounters {
      return counters.get(scope)!;
    },
  };
}
export type LiveState = ReturnType<typeof createLiveState>;
