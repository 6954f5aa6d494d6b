import { DISTRICT_CODE } from '../../../shared/constants.js';
import { scopeLevelOf, scopesOfCell } from '../../../shared/scope.js';
import type { SuperviseCounts } from '../../../shared/schemas/summary.js';
import { MinHeap } from '../min-heap.js';
import {
  DEFAULT_RULES, hears, levelAt, nextChangeAt, noticeAt, SUPERVISE_COLOURS, type Audience, type SupervisedTicket, type SuperviseLevel,
  type SuperviseRules,
} from './rules.js';

/** What the index needs of a subscription to know whether it hears a notice. */
export interface SubscriptionTarget {
  id: number;
  scope: string | null;
  unit: string | null;
  levels: readonly SuperviseLevel[];
  disabled: boolean;
}

/** A subscription naming a unit is that unit's group; otherwise its scope says: a town's, the district's, a village's (its units). */
export function audienceOf(s: Pick<SubscriptionTarget, 'scope' | 'unit'>): Audience {
  if (s.unit) return 'unit';
  const level = s.scope ? scopeLevelOf(s.scope) : 'district';
  return level === 'district' ? 'district' : level === 'town' ? 'town' : 'unit';
}

// A burst asks every subscription about every ticket: each target's audience is worked out once.
const audiences = new WeakMap<SubscriptionTarget, Audience>();
const audienceOfTarget = (s: SubscriptionTarget): Audience => {
  let a = audiences.get(s);
  if (a === undefined) audiences.set(s, (a = audienceOf(s)));
  return a;
};

export function subscriberHears(s: SubscriptionTarget, t: SupervisedTicket, level: SuperviseLevel, rules: SuperviseRules): boolean {
  return !s.disabled && s.levels.includes(level) && hears(rules, level, audienceOfTarget(s))
    && (s.scope === null || t.gridId.startsWith(s.scope)) && (s.unit === null || s.unit === t.handlingUnit);
}

/** A notice to record for one subscription; `quiet`: recorded as done, never sent (a demo's jump, see docs/supervise.md). */
export interface NoticeRecord {
  subscriptionId: number;
  ticketId: number;
  level: SuperviseLevel;
  cycle: number;
  round: number;
  dueAt: number;
  quiet: boolean;
}

export interface SuperviseIndexDeps {
  rules?: SuperviseRules;
  subscriptions(): readonly SubscriptionTarget[];
  /** Records notices once each (a repeat of a recorded one is ignored), in the caller's transaction or its own. */
  record(rows: NoticeRecord[]): void;
}

/**
 * When an advance has done enough for one slice, given the rows it recorded so far: checked after each ticket, so a
 * ticket's level and its rows always move together.
 */
export type SliceDone = (rows: number) => boolean;

/**
 * How a rebuild treats the notices that hold at its instant: all quiet, or (a live restart) built as they stood at
 * `since`, the last instant whose notices were all recorded, and then advanced to `now`, in a first slice (`done`):
 * what is left stays due for the next advance.
 */
export type RebuildMode = { quiet: true } | { quiet: false; since: number; done?: SliceDone };

interface Entry {
  t: SupervisedTicket;
  level: SuperviseLevel | null;
  notice: string | null;
  key: number | null;
}

export interface SuperviseItem {
  ticket: SupervisedTicket;
  level: SuperviseLevel;
  since: number;
}

const ZERO: SuperviseCounts = { red: 0, yellow: 0, blue: 0 };

/**
 * The 督办 index: every open ticket, keyed in a min-heap by the next instant its notice can change by the clock alone
 * (blue, a deadline, a repeat). advance(now) pops only what fell due, so nothing scans every open ticket on a timer;
 * changed(t) re-evaluates one ticket inside the transaction that changed it. It keeps each scope's colour counts
 * incrementally for the wall.
 */
export function createSuperviseIndex(deps: SuperviseIndexDeps) {
  const rules = deps.rules ?? DEFAULT_RULES;
  let entries = new Map<number, Entry>();
  let heap = new MinHeap<number>();
  let counts = new Map<string, SuperviseCounts>();
  // The last notice of tickets that stopped (handled, merged...): a rework reopens one, and its notice is not news.
  let stoppedNotices = new Map<number, string>();
  let at = 0;

  const bump = (gridId: string, level: SuperviseLevel | null, sign: 1 | -1, changed: Set<string>) => {
    if (level === null || !(SUPERVISE_COLOURS as readonly string[]).includes(level)) return;
    for (const scope of scopesOfCell(gridId)) {
      let c = counts.get(scope);
      if (!c) counts.set(scope, (c = { ...ZERO }));
      c[level as keyof SuperviseCounts] += sign;
      changed.add(scope);
    }
  };

  /** Re-evaluates one ticket at `now`; pushes the notices it newly owes into `out`. */
  const evaluate = (t: SupervisedTicket, now: number, out: NoticeRecord[], changed: Set<string>, quiet: boolean) => {
    const old = entries.get(t.id);
    const level = levelAt(t, now, rules)?.level ?? null;
    if (old?.level !== level || old.t.gridId !== t.gridId) {
      if (old) bump(old.t.gridId, old.level, -1, changed);
      bump(t.gridId, level, 1, changed);
    }
    const n = noticeAt(t, now, rules);
    const notice = n ? `${n.level}:${n.cycle}:${n.round}` : null;
    const last = old ? old.notice : (stoppedNotices.get(t.id) ?? null);
    if (n && notice !== last) {
      for (const s of deps.subscriptions()) {
        if (subscriberHears(s, t, n.level, rules)) {
          out.push({ subscriptionId: s.id, ticketId: t.id, level: n.level, cycle: n.cycle, round: n.round, dueAt: n.at, quiet });
        }
      }
    }
    const key = nextChangeAt(t, now, rules);
    if (key === null && level === null) {
      entries.delete(t.id);
      if (last !== null) stoppedNotices.set(t.id, last);
      return;
    }
    stoppedNotices.delete(t.id);
    entries.set(t.id, { t, level, notice, key });
    if (key !== null) heap.push(key, t.id);
  };

  return {
    get at() {
      return at;
    },

    /**
     * Builds the index anew from the open tickets (start-up, a demo's jump, a failed write). Quiet: at `now`, what holds
     * there recorded as done. Otherwise at `since` with nothing recorded (it was, before), then advanced to `now`.
     */
    rebuild(tickets: Iterable<SupervisedTicket>, now: number, mode: RebuildMode): void {
      entries = new Map();
      heap = new MinHeap();
      counts = new Map();
      stoppedNotices = new Map();
      const from = mode.quiet ? now : Math.min(mode.since, now);
      at = from;
      const out: NoticeRecord[] = [];
      const changed = new Set<string>();
      for (const t of tickets) evaluate(t, from, out, changed, mode.quiet);
      if (mode.quiet) {
        if (out.length > 0) deps.record(out);
        return;
      }
      this.advance(now, mode.done);
    },

    /** A ticket was filed or moved (call inside the transaction that wrote it). Returns the scopes whose counts moved. */
    changed(t: SupervisedTicket, now: number): ReadonlySet<string> {
      const out: NoticeRecord[] = [];
      const changed = new Set<string>();
      evaluate(t, Math.max(now, at), out, changed, false);
      if (out.length > 0) deps.record(out);
      return changed;
    },

    /**
     * Moves to `now`: every ticket whose notice could change by now is evaluated again, and its new notices recorded.
     * With `done`, it stops once a slice's worth is recorded (a burst: ten thousand tickets overdue at once across
     * hundreds of subscriptions): the tickets not reached stay due in the heap, untouched, and the next advance goes on
     * from them, evaluated at its own instant. Nothing is half-done: each ticket's rows are recorded as it is
     * evaluated, so a slice holds whole tickets. Returns the scopes whose counts moved.
     */
    advance(now: number, done?: SliceDone): ReadonlySet<string> {
      const changed = new Set<string>();
      at = Math.max(at, now);
      let rows = 0;
      while (heap.size > 0 && heap.peekKey()! <= at && !(done?.(rows) ?? false)) {
        const [key, id] = heap.pop()!;
        const entry = entries.get(id);
        if (!entry || entry.key !== key) continue; // stale: re-evaluated since
        const out: NoticeRecord[] = [];
        evaluate(entry.t, at, out, changed, false);
        if (out.length > 0) {
          deps.record(out);
          rows += out.length;
        }
      }
      return changed;
    },

    /** Whether advance(now) has anything to evaluate (a tick with nothing due opens no transaction; a burst's rest). */
    hasDue(now: number): boolean {
      return heap.size > 0 && heap.peekKey()! <= Math.max(now, at);
    },

    countsOf(scope: string): SuperviseCounts {
      return { ...(counts.get(scope) ?? ZERO) };
    },

    /** The tickets inside a scope that hold a level now (asked by a reader, never on a timer). */
    itemsIn(scope: string = DISTRICT_CODE): SuperviseItem[] {
      const out: SuperviseItem[] = [];
      for (const e of entries.values()) {
        if (e.level === null || !e.t.gridId.startsWith(scope)) continue;
        const held = levelAt(e.t, at, rules);
        if (held) out.push({ ticket: e.t, level: held.level, since: held.since });
      }
      return out;
    },

    levelOf(id: number): SuperviseLevel | null {
      return entries.get(id)?.level ?? null;
    },

    /** How many tickets the index holds (tests). */
    get size(): number {
      return entries.size;
    },
  };
}
export type SuperviseIndex = ReturnType<typeof createSuperviseIndex>;
