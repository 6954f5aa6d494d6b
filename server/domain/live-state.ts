import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopesOfCell } from '../../shared/scope.js';
import type { ModuleActivity, Summary } from '../../shared/schemas/summary.js';
import {
  addCounters, applyContribution, emptyCounters, swapContribution, kpiOf, pruneSeries, seriesHorizon, seriesOf, ticketCountsOf, type ScopeCounters,
} from './aggregates.js';
import { contributionOf, dayStart, hourStart, nextThreshold, type CountedTicket } from './contribution.js';
import { MinHeap } from './min-heap.js';
import type { LiveSection } from './ports.js';
import type { ScopeEntry } from './scope-directory.js';

export type CellActivity = { movedIn: number; movedOut: number; gateIn: number; gateOut: number; inspections: number; faults: number };

const NOTHING_CHANGED: ReadonlySet<string> = new Set();

type SavedCounters = Omit<ScopeCounters, 'hourly' | 'daily'> & { hourly: [number, { reported: number; closed: number }][]; daily: [number, { reported: number; closed: number }][] };
/** The aggregates as JSON can carry them (series maps as entry lists). */
export interface LiveSnapshot {
  at: number;
  activityDay: number;
  counters: [string, SavedCounters][];
  activity: [string, ModuleActivity][];
}

const emptyActivity = (): ModuleActivity => ({
  movedInToday: 0, movedOutToday: 0, gateInLastHour: 0, gateOutLastHour: 0, gatePassesToday: 0, inspectionsToday: 0, faultsToday: 0,
});

/**
 * The in-memory aggregates of every scope, exact at time `at`: Σ contributionOf(ticket, at) over the scope's tickets.
 * Every change first advances to its own time (so deadlines that passed in between are counted), then swaps the
 * ticket's old contribution for its new one. Tickets whose contribution can still change by the clock alone (an open
 * deadline ahead) wait in a min-heap keyed by that deadline.
 */
export function createLiveState(directory: Map<string, ScopeEntry>) {
  let counters = new Map<string, ScopeCounters>();
  let activity = new Map<string, ModuleActivity>();
  let pending = new Map<number, { ticket: CountedTicket; at: number }>();
  let heap = new MinHeap<number>();
  let at = 0;
  let activityDay = 0;

  const fresh = (now: number) => {
    const c = new Map<string, ScopeCounters>();
    const a = new Map<string, ModuleActivity>();
    for (const id of directory.keys()) {
      c.set(id, emptyCounters());
      a.set(id, emptyActivity());
    }
    return { counters: c, activity: a, pending: new Map<number, { ticket: CountedTicket; at: number }>(), heap: new MinHeap<number>(), at: now };
  };
  const adopt = (next: ReturnType<typeof fresh>) => {
    ({ counters, activity, pending, heap, at } = next);
    activityDay = dayStart(at);
  };
  adopt(fresh(0));

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
   * the old ones keep serving. Module activity starts empty (the caller records the day's hours again).
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

  return {
    get at() {
      return at;
    },

    beginRebuild,

    /** Everything the aggregates hold but the open tickets' deadlines: what a clean shutdown saves for the next start. */
    exportState(): LiveSnapshot {
      return {
        at, activityDay,
        counters: [...counters].map(([id, c]) => [id, { ...c, hourly: [...c.hourly], daily: [...c.daily] }]),
        activity: [...activity].map(([id, a]) => [id, { ...a }]),
      };
    },

    /**
     * Takes a saved state back instead of counting every ticket again (a million tickets: seconds). Only the tickets
     * whose numbers can still change by the clock alone (open, a deadline ahead) are read, to wait for their deadlines.
     */
    restore(saved: LiveSnapshot, open: Iterable<CountedTicket>): void {
      const next = fresh(saved.at);
      for (const [id, c] of saved.counters) {
        if (next.counters.has(id)) next.counters.set(id, { ...c, hourly: new Map(c.hourly), daily: new Map(c.daily) });
      }
      for (const [id, a] of saved.activity) if (next.activity.has(id)) next.activity.set(id, { ...a });
      for (const t of open) scheduleIn(next.pending, next.heap, t, saved.at);
      adopt(next);
      activityDay = saved.activityDay;
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
     * Time never goes backwards here; a backwards seek rebuilds.
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

    /** Module streams of one clock hour for every cell; resets the day's counters at midnight (Asia/Shanghai). */
    recordActivity(hourStartMs: number, perCell: Map<string, CellActivity>): void {
      const day = dayStart(hourStartMs);
      const newDay = day !== activityDay;
      activityDay = day;
      for (const a of activity.values()) {
        a.gateInLastHour = 0;
        a.gateOutLastHour = 0;
        if (newDay) Object.assign(a, emptyActivity());
      }
      for (const [cellId, x] of perCell) {
        for (const scope of scopesOfCell(cellId)) {
          const a = activity.get(scope);
          if (!a) continue;
          a.movedInToday += x.movedIn;
          a.movedOutToday += x.movedOut;
          a.gateInLastHour += x.gateIn;
          a.gateOutLastHour += x.gateOut;
          a.gatePassesToday += x.gateIn + x.gateOut;
          a.inspectionsToday += x.inspections;
          a.faultsToday += x.faults;
        }
      }
    },

    hasScope(scope: string): boolean {
      return directory.has(scope);
    },

    /** Every scope: the district, its towns, villages and grid cells. */
    scopeIds(): string[] {
      return [...directory.keys()];
    },

    /** The named live sections of a scope's summary, as of the aggregates' time (a delta's patch). */
    patch(scope: string, sections: Iterable<LiveSection>): Partial<Pick<Summary, LiveSection>> {
      const c = counters.get(scope)!;
      const out: Partial<Pick<Summary, LiveSection>> = {};
      for (const key of sections) {
        if (key === 'clock') out.clock = at;
        else if (key === 'tickets') out.tickets = ticketCountsOf(c, at);
        else if (key === 'kpi') out.kpi = kpiOf(c);
        else if (key === 'series') out.series = seriesOf(c, at);
        else out.modules = { ...directory.get(scope)!.standing, activity: { ...activity.get(scope)! } };
      }
      return out;
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
        modules: { ...e.standing, activity: { ...activity.get(scope)! } },
      };
    },

    /** For tests: the raw counters of a scope. */
    countersOf(scope: string = DISTRICT_CODE): ScopeCounters {
      return counters.get(scope)!;
    },
  };
}
export type LiveState = ReturnType<typeof createLiveState>;
