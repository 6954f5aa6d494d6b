import { HOUR_MS } from '../../shared/constants.js';
import { scopesOfCell } from '../../shared/scope.js';
import { MODULE_EVENT_FUTURE_SKEW_MS, type CellHourActivity, type ModuleEvent } from '../../shared/schemas/modules.js';
import type { ModuleActivity } from '../../shared/schemas/summary.js';
import { dayStart, hourStart } from './contribution.js';

/**
 * What happened in one grid cell at one instant: one event from another system, or one hour of the demo's streams.
 * Both reach the aggregates as tallies through the same recordModules, so the demo exercises the live path.
 */
export interface CellTally extends CellHourActivity {
  gridId: string;
  at: number;
  /** Changes of the cell's standing house numbers (building.changed). */
  households: number;
  rented: number;
  vacant: number;
}

export type HouseChange = Pick<CellTally, 'households' | 'rented' | 'vacant'>;

const zeroTally = (gridId: string, at: number): CellTally => ({
  gridId, at, movedIn: 0, movedOut: 0, gateIn: 0, gateOut: 0, inspections: 0, faults: 0, households: 0, rented: 0, vacant: 0,
});

/** One event as a tally at `at` (its instant, already parsed). */
export function tallyOf(e: ModuleEvent, at: number): CellTally {
  const t = zeroTally(e.gridId, at);
  if (e.type === 'person.moved_in') t.movedIn = 1;
  else if (e.type === 'person.moved_out') t.movedOut = 1;
  else if (e.type === 'vehicle.passed') t[e.direction === 'in' ? 'gateIn' : 'gateOut'] = 1;
  else if (e.type === 'device.inspected') t.inspections = 1;
  // A fault is found on a round: it is an inspection too, as in the demo's streams (faults are a part of inspections).
  else if (e.type === 'device.fault') Object.assign(t, { inspections: 1, faults: 1 });
  else if (e.type === 'building.changed') Object.assign(t, { households: e.change.households ?? 0, rented: e.change.rented ?? 0, vacant: e.change.vacant ?? 0 });
  return t;
}

/**
 * The instants whose events count at `now`: today and the hour before (the "last hour" just after midnight), up to the
 * skew a sender's clock may run ahead. House changes count from any earlier instant.
 */
export function moduleWindow(now: number): { from: number; to: number } {
  return { from: Math.min(dayStart(now), hourStart(now) - HOUR_MS), to: now + MODULE_EVENT_FUTURE_SKEW_MS };
}

interface ScopeModules {
  today: Omit<ModuleActivity, 'gateInLastHour' | 'gateOutLastHour'>;
  /** Gate passes in the clock's current hour (not shown yet) and in the hour before it (shown as "last hour"). */
  gateIn: number;
  gateOut: number;
  lastIn: number;
  lastOut: number;
  houses: HouseChange;
}

const emptyToday = (): ScopeModules['today'] => ({ movedInToday: 0, movedOutToday: 0, gatePassesToday: 0, inspectionsToday: 0, faultsToday: 0 });
const emptyScope = (): ScopeModules => ({ today: emptyToday(), gateIn: 0, gateOut: 0, lastIn: 0, lastOut: 0, houses: { households: 0, rented: 0, vacant: 0 } });

/**
 * The live 人车房物 numbers of every scope at the clock's instant: today's counts (reset at local midnight), the gate
 * passes of the last whole clock hour, and the changes of standing house numbers. A tally counts by its own instant,
 * not by when it arrived: one of an earlier day changes only the house numbers, one of the hour before counts as the
 * last hour. A tally after the clock counts as at the clock (the sender's clock runs a little ahead).
 */
export function createModuleActivity(scopeIds: Iterable<string>, now: number) {
  const scopes = new Map<string, ScopeModules>();
  for (const id of scopeIds) scopes.set(id, emptyScope());
  let day = dayStart(now);
  let hour = hourStart(now);

  return {
    /** Moves to the clock's `now`: a new hour makes the current hour the last one; a new day starts today's counts at 0. */
    advance(now: number): boolean {
      const h = hourStart(now);
      if (h <= hour) return false;
      const d = dayStart(now);
      for (const s of scopes.values()) {
        const adjacent = h === hour + HOUR_MS;
        s.lastIn = adjacent ? s.gateIn : 0;
        s.lastOut = adjacent ? s.gateOut : 0;
        s.gateIn = 0;
        s.gateOut = 0;
        if (d !== day) s.today = emptyToday();
      }
      hour = h;
      day = d;
      return true;
    },

    /** Adds tallies at the clock's `now` (advance first); returns the scopes whose numbers changed. */
    record(tallies: Iterable<CellTally>, now: number): Set<string> {
      const changed = new Set<string>();
      for (const t of tallies) {
        const at = Math.min(t.at, now);
        const today = at >= day;
        const h = hourStart(at);
        for (const id of scopesOfCell(t.gridId)) {
          const s = scopes.get(id);
          if (!s) continue;
          changed.add(id);
          s.houses.households += t.households;
          s.houses.rented += t.rented;
          s.houses.vacant += t.vacant;
          if (h === hour) {
            s.gateIn += t.gateIn;
            s.gateOut += t.gateOut;
          } else if (h === hour - HOUR_MS) {
            s.lastIn += t.gateIn;
            s.lastOut += t.gateOut;
          }
          if (!today) continue;
          s.today.movedInToday += t.movedIn;
          s.today.movedOutToday += t.movedOut;
          s.today.gatePassesToday += t.gateIn + t.gateOut;
          s.today.inspectionsToday += t.inspections;
          s.today.faultsToday += t.faults;
        }
      }
      return changed;
    },

    activityOf(scope: string): ModuleActivity {
      const s = scopes.get(scope)!;
      return { ...s.today, gateInLastHour: s.lastIn, gateOutLastHour: s.lastOut };
    },

    housesOf(scope: string): HouseChange {
      return { ...scopes.get(scope)!.houses };
    },
  };
}
export type ModuleActivityState = ReturnType<typeof createModuleActivity>;
