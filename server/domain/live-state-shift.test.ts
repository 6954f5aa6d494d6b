import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../../shared/constants.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { createRng, type Rng } from '../../fixtures/prng.js';
import { makeTicket } from '../test/ticket-factory.js';
import { seriesHorizon } from './aggregates.js';
import { createLiveState } from './live-state.js';
import { SMALL_CELLS, smallDirectory } from '../test/small-directory.js';

/*
 * The property behind a jump's aggregates: moving the aggregates from one instant to another by what changed
 * (beginShift: the changed tickets' old and new rows, the open tickets at the new instant, the tickets active within
 * the series' horizon) gives the same summaries as counting every ticket again at the new instant — in either
 * direction, near or far, and the deadlines still ahead then fall due the same way.
 */

const CELLS = SMALL_CELLS;
const directory = smallDirectory;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BASE = Date.UTC(2023, 5, 1);
const SEEDS = 40;
const TICKETS = 300;
const DROPPED_OR_SOLVED = new Set(['closed', 'evaluated', 'rejected', 'merged']);

/**
 * A ticket's state columns at random. Every status but 'reported' was accepted first: the clock alone then changes a
 * ticket's numbers only while it is open, which is what the live aggregates' deadlines follow.
 */
function stateOf(rng: Rng, base: Ticket): Ticket {
  const status = rng.pick(TICKET_STATUSES);
  const solved = status === 'closed' || status === 'evaluated';
  return {
    ...base,
    status,
    tier: rng.pick([1, 2, 3] as const),
    acceptedAt: status === 'reported' ? null : base.reportedAt + rng.int(0, 4 * HOUR),
    closedAt: solved ? base.reportedAt + rng.int(0, 15 * DAY) : null,
    closeDueAt: base.reportedAt + rng.int(HOUR, 10 * DAY),
    rating: status === 'evaluated' ? rng.int(1, 5) : null,
    reworks: rng.chance(0.2) ? 1 : 0,
  };
}

function world(rng: Rng, was: number, to: number) {
  const [lo, hi] = to < was ? [to, was] : [was, to];
  return Array.from({ length: TICKETS }, (_, i) => {
    const reportedAt = BASE + rng.int(-70 * DAY, 70 * DAY);
    const base = makeTicket({
      id: i + 1, gridId: rng.pick(CELLS), urgent: rng.chance(0.2), channel: rng.pick(['mini_program', 'hotline_12345', 'grid_patrol'] as const),
      category: rng.pick(['lamp', 'road', 'noise']), reportedAt, responseDueAt: reportedAt + rng.int(HOUR, 6 * HOUR),
    });
    const before = stateOf(rng, base);
    // A ticket reported between the two instants always changed (its report lies between them); others now and then.
    const changed = (reportedAt > lo && reportedAt <= hi) || rng.chance(0.3);
    return { before, after: changed ? stateOf(rng, base) : before, changed };
  });
}

describe('a shift of the aggregates equals counting every ticket again', () => {
  it.each(Array.from({ length: SEEDS }, (_, i) => i + 1))('seed %i', (seed) => {
    const rng = createRng(seed);
    const was = BASE + rng.int(-60 * DAY, 60 * DAY);
    // Near (within the hour, the day, the series' month) or far, forward or back.
    const span = rng.pick([HOUR / 2, DAY / 3, 3 * DAY, 20 * DAY, 50 * DAY]);
    const to = was + rng.int(-span, span);
    const tickets = world(rng, was, to);

    const shifted = createLiveState(directory());
    shifted.rebuild(tickets.filter((t) => t.before.reportedAt <= was).map((t) => t.before), was);
    const shift = shifted.beginShift(to);
    for (const t of tickets) {
      if (!t.changed) continue;
      shift.change(t.before.reportedAt <= was ? t.before : null, t.after.reportedAt <= to ? t.after : null);
    }
    const atTo = tickets.filter((t) => t.after.reportedAt <= to).map((t) => t.after);
    shift.open(atTo.filter((t) => !DROPPED_OR_SOLVED.has(t.status)));
    const h = seriesHorizon(to).day;
    shift.series(atTo.filter((t) => t.reportedAt >= h || (t.closedAt !== null && t.closedAt >= h)));
    shift.commit();

    const counted = createLiveState(directory());
    counted.rebuild(atTo, to);
    const summaries = (live: typeof counted) => live.scopeIds().map((s) => live.summary(s));
    expect(shifted.at).toBe(to);
    expect(summaries(shifted)).toEqual(summaries(counted));

    // The deadlines ahead of `to` wait in both alike.
    const later = to + rng.int(0, 5 * DAY);
    shifted.advance(later);
    counted.advance(later);
    expect(summaries(shifted)).toEqual(summaries(counted));
  });
});
