import { HOUR_MS, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import type { ReplayState, ValidReplayCommand } from '../../shared/schemas/common.js';
import type { TicketAction, TicketStatus } from '../../shared/constants.js';
import type { Category } from '../../shared/schemas/ticket.js';
import type { CellPlace } from '../domain/handling-unit.js';
import { dayStart } from '../domain/contribution.js';
import type { LiveState } from '../domain/live-state.js';
import type { CellTally } from '../domain/module-activity.js';
import type { Broadcaster } from '../domain/ports.js';
import type { TicketService } from '../domain/ticket-service.js';
import { DomainError } from '../domain/errors.js';
import type { TicketRepository } from '../storage/ticket-repository.js';
import type { ReplayClock } from './clock.js';
import { jump, type JumpResult } from './jump.js';
import type { DemoTimeline } from './demo-timeline.js';

const PUMP_INTERVAL_MS = 100;
/**
 * At top speed a turn of the event loop folds slices of this much virtual time (one read of their entries, one swap
 * of each moved ticket's contribution) until TURN_BUDGET_MS of work is done, then yields to I/O.
 */
const TOP_SPEED_SLICE_MS = 6 * HOUR_MS;
const TURN_BUDGET_MS = 10;
/**
 * At top speed one transaction stays open over the turns of a batch, and the rows it moved are written once at its
 * end: a commit per turn wrote every page a day's tickets touch again and again, and a ticket moved on three days
 * was written three times. A batch ends after this many rows wait, this much virtual time, or this long on the wall
 * clock (what a crash may take back), and whenever anything else is about to write (flushOpen).
 */
const BATCH_MAX_ROWS = 1000;
const BATCH_MAX_VIRTUAL_MS = 7 * 24 * HOUR_MS;
const BATCH_MAX_WALL_MS = 500;
const CLOCK_PUSH_INTERVAL_MS = 1000;

/**
 * The hours of the demo's module streams that count at `now`: the replay feeds an hour's streams when the hour is over,
 * so the day's whole hours so far, and the hour before (the "last hour" just after midnight); none outside 2023.
 */
export function streamHoursAt(now: number): number[] {
  const last = Math.min(Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS, REPLAY_YEAR_END_MS - HOUR_MS);
  const hours: number[] = [];
  for (let h = Math.max(Math.min(dayStart(now), last), REPLAY_YEAR_START_MS); h <= last; h += HOUR_MS) hours.push(h);
  return hours;
}

/** Where the replay stands, persisted; `seek` is set while a jump is under way, so a crash half-way is finished at start. */
export interface ReplayProgress {
  processedTo: number;
  seek: { from: number; to: number } | null;
}

export interface ReplayerDeps {
  clock: ReplayClock;
  /** The year's position and timeline, shared with the ticket service (which records people's actions in it). */
  timeline: DemoTimeline;
  tickets: TicketRepository;
  service: TicketService;
  live: LiveState;
  broadcaster: Broadcaster;
  /** Every wall starts again from a fresh snapshot (after a jump the old deltas mean nothing). */
  resync: () => void;
  allScopes: string[];
  /** Module streams of one hour (fixtures/streams.ts), a tally per cell. */
  activityOf: (hourStartMs: number) => CellTally[];
  categories: Map<string, Category>;
  places: Map<string, CellPlace>;
  loop: boolean;
  progress: { load(): ReplayProgress; save(p: ReplayProgress): void };
  onStateChange: (s: ReplayState) => void;
  log: (msg: string) => void;
  /** Resolves once the writes that queued up during a jump are committed: they go before the next queued jump. */
  writesFirst?: () => Promise<void>;
}

/** A seek asked for while a jump runs: it runs after it unless a newer one comes first. */
interface QueuedSeek {
  to: number;
  settle: (ran: boolean) => void;
  fail: (err: unknown) => void;
}

/**
 * The demo's year, played on one virtual clock. Playing forward applies the timeline's entries (the plan's steps and
 * what people did at virtual instants) through the same service path as live intake; a seek jumps (see jump.ts); the
 * year's end jumps back to its start. Nothing is ever deleted: a ticket keeps its id and its place in the year.
 */
export function createReplayer(deps: ReplayerDeps) {
  const { clock, tickets, service, live, broadcaster } = deps;
  // How far the year has been applied lives in the timeline the ticket service shares (see demo-timeline.ts).
  const year = deps.timeline;
  let timer: NodeJS.Timeout | null = null;
  let seeking: Promise<JumpResult> | null = null;
  let queued: QueuedSeek | null = null;
  let draining = false;
  let jumps = 0;
  let stopped = false;
  let skipped = 0;
  let lastClockPushMs = 0;
  // The timeline in memory, for seeks: loaded in the background after start, page by page (playing forward reads SQLite).
  const { index } = year;
  let indexLoading: Promise<void> | null = null;
  const loadIndex = () => (indexLoading ??= index.load({
    ticketsAfter: (afterId, limit) => tickets.timelineTicketsAfter(afterId, limit),
    eventsOf: (afterId, lastId) => tickets.timelineEventsOf(afterId, lastId),
  }, () => new Promise<void>((resolve, reject) => setImmediate(() => (stopped ? reject(new Error('the replay was stopped')) : resolve())))));

  const state = (): ReplayState => ({ mode: 'demo', playing: clock.playing, speed: clock.speed, clock: clock.now(), loop: deps.loop });
  const save = (seek: ReplayProgress['seek'] = null) => deps.progress.save({ processedTo: year.processedTo, seek });

  /**
   * Applies everything in (processedTo, to] as one slice: its entries read at once and folded per ticket, the
   * aggregates ticked hour by hour (so the module streams tick with the clock), each moved ticket counted once at the
   * end. Call inside a transaction with the rows deferred.
   */
  const advanceSlices = (to: number) => {
    const rows = tickets.entriesBetween(year.processedTo, to);
    const slice = service.beginReplaySlice(rows.map((r) => r[0]));
    let i = 0;
    while (year.processedTo < to) {
      const nextHour = Math.floor(year.processedTo / HOUR_MS) * HOUR_MS + HOUR_MS;
      const sliceEnd = Math.min(to, nextHour);
      let lastAt: number | null = null;
      for (; i < rows.length && rows[i][1] <= sliceEnd; i++) {
        const [ticketId, at, action, fromStatus, rating, duplicateOf] = rows[i];
        const entry = { at, action: action as 'report' | TicketAction, fromStatus: fromStatus as TicketStatus | null, rating, duplicateOf };
        // A supervisor may have moved a demo ticket by hand; the plan's later steps for the old course then do not apply.
        if (!slice.apply(ticketId, entry) && action !== 'report') skipped += 1;
        lastAt = at;
      }
      if (sliceEnd === nextHour) {
        // The streams' hour is recorded at the clock of the hour's last entry, as a step-by-step replay would.
        if (lastAt !== null) service.tick(lastAt);
        broadcaster.scopesChanged(live.recordModules(deps.activityOf(nextHour - HOUR_MS)), ['modules']);
      }
      year.processedTo = sliceEnd;
      service.tick(year.processedTo);
    }
    slice.finish();
  };

  /** Rolled back: the aggregates brought back in line with what SQLite holds. */
  const rolledBack = (before: number) => {
    year.processedTo = before;
    service.forgetAll();
    live.rebuild(tickets.iterateCounted(year.processedTo), year.processedTo);
  };

  /** The top speed's open transaction (see BATCH_MAX_ROWS): where it began, and the rows it has yet to write. */
  let batch: { tx: { commit(): void; rollback(): void }; from: number; startedMs: number; rows: ReturnType<TicketService['deferWrites']> } | null = null;

  /** Ends the open batch: its rows written, the position saved, one commit. Anything else that writes calls this first. */
  const flushOpen = () => {
    if (!batch) return;
    const b = batch;
    batch = null;
    try {
      b.rows.write();
      save();
      b.tx.commit();
    } catch (err) {
      b.tx.rollback();
      rolledBack(b.from);
      throw err;
    } finally {
      b.rows.drop();
    }
  };

  /**
   * One turn of the top speed towards `to`: slices of TOP_SPEED_SLICE_MS until TURN_BUDGET_MS of work is done, in the
   * open batch. A full batch is committed in a turn of its own (its writes and commit are a turn's worth of work), and
   * at once when `to` is reached.
   */
  const advanceTurn = (to: number) => {
    if (batch && (batch.rows.size >= BATCH_MAX_ROWS || year.processedTo - batch.from >= BATCH_MAX_VIRTUAL_MS
      || Date.now() - batch.startedMs >= BATCH_MAX_WALL_MS)) {
      flushOpen();
      return;
    }
    if (!batch) batch = { tx: tickets.beginOpenTransaction(), from: year.processedTo, startedMs: Date.now(), rows: service.deferWrites() };
    const b = batch;
    const started = performance.now();
    try {
      do advanceSlices(Math.min(to, year.processedTo + TOP_SPEED_SLICE_MS));
      while (year.processedTo < to && performance.now() - started < TURN_BUDGET_MS && b.rows.size < BATCH_MAX_ROWS);
    } catch (err) {
      batch = null;
      b.rows.drop();
      b.tx.rollback();
      rolledBack(b.from);
      throw err;
    }
    if (year.processedTo >= to) flushOpen();
  };

  /** One transaction for the slice and the saved position: a crash leaves both before or both after it. */
  const advanceTo = (to: number) => {
    flushOpen();
    const before = year.processedTo;
    try {
      tickets.transaction(() => {
        service.withDeferredWrites(() => advanceSlices(to));
        save();
      });
    } catch (err) {
      rolledBack(before);
      throw err;
    }
  };

  const jumpTo = (to: number): Promise<JumpResult> => {
    flushOpen();
    const run = async () => {
      try {
        await loadIndex();
        const from = year.processedTo;
        const result = await jump({
          index, tickets, live, categories: deps.categories, places: deps.places,
          saveProgress: (p) => deps.progress.save(p),
        }, from, to);
        year.processedTo = to;
        jumps += 1;
        service.forgetAll();
        clock.set(to);
        deps.resync();
        deps.log(`replay: jumped to ${new Date(to).toISOString()} (${result.changed} tickets changed) in ${result.ms.toFixed(0)} ms`);
        return result;
      } finally {
        seeking = null;
      }
    };
    seeking = run();
    return seeking;
  };

  /**
   * Seeks from people, one jump at a time and only the newest: while a jump runs, a new seek waits, and replaces (and
   * answers as superseded) any seek still waiting. A loop of seeks thus costs a jump per jump's length, not a jump per
   * request, and the writes that waited for a jump are committed before the next one starts.
   */
  const drainSeeks = async () => {
    draining = true;
    try {
      while (queued) {
        if (seeking) {
          await idle();
          continue;
        }
        // Writes waiting for the last jump go first (a failed one is its request's to answer); a newer seek may
        // replace the queued one meanwhile, or another jump (the year's loop) begin.
        await deps.writesFirst?.().catch(() => undefined);
        if (seeking || !queued) continue;
        const next: QueuedSeek = queued;
        queued = null;
        try {
          await jumpTo(next.to);
          next.settle(true);
        } catch (err) {
          next.fail(err);
        }
      }
    } finally {
      draining = false;
    }
  };
  const requestSeek = (to: number): Promise<boolean> =>
    new Promise<boolean>((settle, fail) => {
      queued?.settle(false);
      queued = { to, settle, fail };
      if (!draining) void drainSeeks();
    });
  const idle = async (): Promise<void> => {
    while (seeking) await seeking.catch(() => undefined);
  };

  const pump = async () => {
    timer = null;
    if (stopped) return;
    if (!seeking && clock.playing) {
      try {
        if (clock.speed > 0) advanceTo(Math.min(clock.now(), REPLAY_YEAR_END_MS));
        else {
          advanceTurn(REPLAY_YEAR_END_MS);
          clock.set(year.processedTo);
        }
        if (year.processedTo >= REPLAY_YEAR_END_MS) {
          if (deps.loop) {
            deps.log('replay: end of 2023 reached, starting the year again');
            await jumpTo(REPLAY_YEAR_START_MS);
          } else {
            clock.pause();
            clock.set(REPLAY_YEAR_END_MS);
            deps.onStateChange(state());
          }
        }
        // The walls' clocks tick even when nothing else changes (a quiet night replayed at 60x).
        if (Date.now() - lastClockPushMs >= CLOCK_PUSH_INTERVAL_MS) {
          lastClockPushMs = Date.now();
          broadcaster.scopesChanged(deps.allScopes, ['clock']);
        }
      } catch (err) {
        deps.log(`replay: ${(err as Error).message}`);
      }
    }
    if (!stopped) timer = setTimeout(() => void pump(), clock.playing && clock.speed === 0 ? 0 : PUMP_INTERVAL_MS);
  };

  return {
    state,
    get skipped() {
      return skipped;
    },
    get processedTo() {
      return year.processedTo;
    },
    /** Whether a jump is under way (writes wait for it). */
    get seeking(): boolean {
      return seeking !== null;
    },
    /** Finishes a jump that a crash interrupted (the rows are partly at its start, partly at its end). */
    async recover(): Promise<void> {
      const { seek } = deps.progress.load();
      if (!seek) return;
      deps.log(`replay: finishing a jump to ${new Date(seek.to).toISOString()} interrupted by a restart`);
      year.processedTo = seek.from;
      await jumpTo(seek.to);
    },
    /** Loads the timeline for seeks in the background, so the first seek does not wait for it. */
    prepare(): Promise<void> {
      return loadIndex();
    },
    start(): void {
      clock.set(year.processedTo);
      timer = setTimeout(() => void pump(), 0);
    },
    stop(): void {
      stopped = true;
      // What the open batch applied is whole up to processedTo: kept, not thrown away.
      try {
        flushOpen();
      } catch (err) {
        deps.log(`replay: ${(err as Error).message}`);
      }
      if (timer) clearTimeout(timer);
      timer = null;
    },
    /** Applies the year up to the clock before a group of people's writes (see TimelinePort). */
    catchUp(): void {
      if (seeking) throw new DomainError(409, 'seek_in_progress', 'The replay is jumping to another instant; try again in a second.');
      advanceTo(Math.min(clock.now(), REPLAY_YEAR_END_MS));
    },
    /** Resolves when no jump is under way (writes wait for it). */
    idle,
    /** Jumps made since start (the year's loop and start-up included). */
    get jumps(): number {
      return jumps;
    },
    /** Plays forward to `to` through the live path as fast as the machine goes (speed 0's turns and batches). */
    async playTo(to: number): Promise<void> {
      while (year.processedTo < to) {
        advanceTurn(to);
        await new Promise((r) => setImmediate(r));
      }
      flushOpen();
      clock.set(year.processedTo);
    },
    /** Commits what the top speed has applied so far (tests; everything that writes does it by itself). */
    flushOpen,
    /** Jumps to `to` (tests, benchmarks, start-up). */
    async seekTo(to: number): Promise<JumpResult> {
      while (seeking) await idle(); // another waiter may have started a jump since
      return jumpTo(to);
    },
    /** `cmd` has passed parseReplayCommand (shared/replay-command.ts) at the edge: HTTP or socket. */
    async command(cmd: ValidReplayCommand): Promise<ReplayState> {
      if (cmd.action === 'play') clock.play();
      else if (cmd.action === 'pause') {
        clock.pause();
        // Catch up now, so what the paused wall shows is exactly the paused clock.
        if (!seeking) advanceTo(Math.min(clock.now(), REPLAY_YEAR_END_MS));
      } else if (cmd.action === 'speed') clock.setSpeed(cmd.speed);
      else if (!(await requestSeek(cmd.to))) {
        throw new DomainError(409, 'seek_superseded', `A newer seek replaced this one (to ${new Date(cmd.to).toISOString()}) before it ran; the replay goes where the newest seek asked.`);
      }
      const s = state();
      deps.onStateChange(s);
      return s;
    },
  };
}
export type Replayer = ReturnType<typeof createReplayer>;
