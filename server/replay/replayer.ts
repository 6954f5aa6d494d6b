import { DAY_MS, HOUR_MS, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import type { ReplayState, ValidReplayCommand } from '../../shared/schemas/common.js';
import type { CellActivity, LiveState } from '../domain/live-state.js';
import type { Broadcaster } from '../domain/ports.js';
import type { TicketService } from '../domain/ticket-service.js';
import { DomainError } from '../domain/errors.js';
import type { ReplayRepository } from '../storage/replay-repository.js';
import type { TicketRepository } from '../storage/ticket-repository.js';
import type { ReplayClock } from './clock.js';

const PUMP_INTERVAL_MS = 100;
/** At top speed the replay moves this much virtual time per slice, then yields to I/O (sockets, HTTP). */
const MAX_SPEED_SLICE_MS = 6 * HOUR_MS;
const CLOCK_PUSH_INTERVAL_MS = 1000;

export interface ReplayerDeps {
  clock: ReplayClock;
  plan: ReplayRepository;
  tickets: TicketRepository;
  service: TicketService;
  live: LiveState;
  broadcaster: Broadcaster;
  allScopes: string[];
  /** Module streams of one cell-hour (fixtures/streams.ts), per cell. */
  activityOf: (hourStartMs: number) => Map<string, CellActivity>;
  loop: boolean;
  /** Persists how far the replay got, so a restart resumes there. */
  saveProgress: (t: number) => void;
  onStateChange: (s: ReplayState) => void;
  log: (msg: string) => void;
}

/**
 * Replays the 2023 plan through the same service path as live intake: each planned step is filed or transitioned at
 * its virtual time. `processedTo` is the virtual time up to which every step has been applied.
 */
export function createReplayer(deps: ReplayerDeps, startAt: number) {
  const { clock, plan, tickets, service, live, broadcaster } = deps;
  let processedTo = startAt;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;
  let stopped = false;
  let skipped = 0;
  let lastClockPushMs = 0;

  const state = (): ReplayState => ({ mode: 'demo', playing: clock.playing, speed: clock.speed, clock: clock.now(), loop: deps.loop });

  const applySteps = (from: number, to: number) => {
    const steps = plan.stepsBetween(from, to);
    tickets.transaction(() => {
      for (const step of steps) {
        try {
          if (step.action === 'report') {
            const p = plan.findPlan(step.ref);
            if (!p) continue;
            service.tick(step.at);
            service.fileTicket(p, step.at);
          } else {
            const id = tickets.findIdByRef(step.ref);
            if (id === null) continue;
            service.tick(step.at);
            service.transition(id, { action: step.action, note: step.note, rating: step.rating ?? undefined }, step.actor, step.at);
          }
        } catch (err) {
          // A supervisor may have moved a demo ticket by hand; the plan's later step then no longer applies.
          if (err instanceof DomainError) skipped += 1;
          else throw err;
        }
      }
    });
  };

  /** Applies everything in (processedTo, to], hour by hour so the module streams tick with the clock. */
  const advanceTo = (to: number) => {
    // One transaction for the whole slice: SQLite then writes each touched page once per slice, not once per hour.
    // The progress is saved inside it: committed apart, a kill in between would make the restart file the same
    // planned tickets again (and fail on their unique ref at every start).
    try {
      tickets.transaction(() => {
        advanceSlices(to);
        deps.saveProgress(processedTo);
      });
    } catch (err) {
      // The slice was rolled back; bring the aggregates back in line with what SQLite holds.
      processedTo = Number.isFinite(lastCommitted) ? lastCommitted : processedTo;
      service.forgetAll();
      live.rebuild(tickets.iterateCounted(), processedTo);
      throw err;
    }
    lastCommitted = processedTo;
  };
  let lastCommitted = startAt;

  const advanceSlices = (to: number) => {
    while (processedTo < to) {
      const nextHour = Math.floor(processedTo / HOUR_MS) * HOUR_MS + HOUR_MS;
      const sliceEnd = Math.min(to, nextHour);
      applySteps(processedTo, sliceEnd);
      if (sliceEnd === nextHour) {
        live.recordActivity(nextHour - HOUR_MS, deps.activityOf(nextHour - HOUR_MS));
        broadcaster.scopesChanged(deps.allScopes, ['modules']);
      }
      processedTo = sliceEnd;
      service.tick(processedTo);
    }
  };

  const restartYear = () => {
    // Emptied and rewound together: a kill in between must not resume mid-year with no tickets.
    tickets.transaction(() => {
      plan.clearTickets();
      deps.saveProgress(REPLAY_YEAR_START_MS);
    });
    service.forgetAll();
    live.rebuild([], REPLAY_YEAR_START_MS);
    processedTo = REPLAY_YEAR_START_MS;
    lastCommitted = REPLAY_YEAR_START_MS;
    clock.set(REPLAY_YEAR_START_MS);
    broadcaster.scopesChanged(deps.allScopes, ['clock', 'tickets', 'kpi', 'series', 'modules']);
  };

  const pump = () => {
    timer = null;
    if (stopped) return;
    if (!busy && clock.playing) {
      const target = clock.speed > 0 ? clock.now() : Math.min(processedTo + MAX_SPEED_SLICE_MS, REPLAY_YEAR_END_MS);
      advanceTo(Math.min(target, REPLAY_YEAR_END_MS));
      if (clock.speed === 0) clock.set(processedTo);
      if (processedTo >= REPLAY_YEAR_END_MS) {
        if (deps.loop) {
          deps.log('replay: end of 2023 reached, starting the year again');
          restartYear();
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
    }
    timer = setTimeout(pump, clock.playing && clock.speed === 0 ? 0 : PUMP_INTERVAL_MS);
  };

  /** Seeks forwards by replaying fast; backwards by starting the year again from SQLite's plan and replaying to `to`. */
  const seek = async (to: number) => {
    busy = true;
    try {
      if (to < processedTo) restartYear();
      while (processedTo < to) {
        advanceTo(Math.min(to, processedTo + DAY_MS));
        await new Promise((r) => setImmediate(r));
      }
      clock.set(processedTo);
    } finally {
      busy = false;
    }
  };

  return {
    state,
    get skipped() {
      return skipped;
    },
    start(): void {
      clock.set(processedTo);
      timer = setTimeout(pump, 0);
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    /** Replays up to `to` at once (tests, benchmarks). */
    async runTo(to: number): Promise<void> {
      await seek(to);
    },
    /** `cmd` has passed parseReplayCommand (shared/replay-command.ts) at the edge: HTTP or socket. */
    async command(cmd: ValidReplayCommand): Promise<ReplayState> {
      if (cmd.action === 'play') clock.play();
      else if (cmd.action === 'pause') {
        clock.pause();
        // Catch up now, so what the paused wall shows is exactly the paused clock.
        if (!busy) advanceTo(Math.min(clock.now(), REPLAY_YEAR_END_MS));
      }
      else if (cmd.action === 'speed') clock.setSpeed(cmd.speed);
      else if (busy) {
        throw new DomainError(409, 'seek_in_progress', 'A seek is already in progress; try again when it has finished.');
      } else {
        await seek(cmd.to);
      }
      const s = state();
      deps.onStateChange(s);
      return s;
    },
  };
}
export type Replayer = ReturnType<typeof createReplayer>;
