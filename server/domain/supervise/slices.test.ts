import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, type TicketStatus } from '../../../shared/constants.js';
import type { SupervisedTicket } from './rules.js';
import { createSuperviseIndex, type NoticeRecord, type SubscriptionTarget } from './supervise-index.js';

/**
 * A burst recorded in slices (advance with a budget, the rest on later turns) records exactly what one advance would:
 * every (ticket, level, subscription) row once, none lost, none twice; and a process that stops between two slices
 * and restarts from the last instant whose notices were all recorded adds exactly the rows the slices had not reached.
 */
const MINUTE_MS = 60_000;
const WEDNESDAY = Date.parse('2023-10-18T10:00:00+08:00');
const CELLS = ['321171001002-03', '321171002001-01'];
const UNITS = ['丁卯社区', '区水务局'];
const SUBS: SubscriptionTarget[] = [
  { id: 1, scope: null, unit: null, levels: ['blue', 'yellow', 'red', 'escalated'], disabled: false },
  { id: 2, scope: '321171001', unit: null, levels: ['yellow', 'red', 'escalated'], disabled: false },
  { id: 3, scope: null, unit: '丁卯社区', levels: ['blue', 'yellow', 'red', 'escalated'], disabled: false },
  { id: 4, scope: '321171002', unit: null, levels: ['red'], disabled: false },
  { id: 5, scope: '321171001002', unit: null, levels: ['blue', 'red'], disabled: false },
];
const keyOf = (r: NoticeRecord) => `${r.ticketId}:${r.level}:${r.subscriptionId}:${r.cycle}:${r.round}`;

const ticketArb = fc.record({
  cell: fc.constantFrom(...CELLS),
  unit: fc.constantFrom(...UNITS),
  status: fc.constantFrom<TicketStatus>('reported', 'accepted', 'in_progress'),
  // The closing deadline from two hours before the burst's start to ten hours after it.
  closeInMinutes: fc.integer({ min: -120, max: 600 }),
  responseInMinutes: fc.integer({ min: -600, max: 60 }),
  escalated: fc.boolean(),
});
const burstArb = fc.record({
  tickets: fc.array(ticketArb, { minLength: 1, maxLength: 40 }),
  waitMinutes: fc.integer({ min: 1, max: 12 * 60 }),
  sliceRows: fc.integer({ min: 1, max: 30 }),
  // Where the process stops, as a share of the burst's slices.
  crashAt: fc.integer({ min: 1, max: 99 }),
});

type TicketSpec = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;

function ticketsOf(spec: TicketSpec[]): SupervisedTicket[] {
  return spec.map((s, i) => {
    const closeDueAt = WEDNESDAY + s.closeInMinutes * MINUTE_MS;
    return {
      id: i + 1, gridId: s.cell, status: s.status, handlingUnit: s.unit, reportedAt: closeDueAt - 24 * HOUR_MS,
      responseDueAt: WEDNESDAY + s.responseInMinutes * MINUTE_MS, closeDueAt, closeFrom: closeDueAt - 24 * HOUR_MS,
      escalations: s.escalated ? 1 : 0,
    };
  });
}

/** An index as the server holds it: built quietly at `from` (what held then was recorded before), recording into `rows`. */
function indexAt(tickets: SupervisedTicket[], from: number, rows: NoticeRecord[]) {
  let building = true;
  const index = createSuperviseIndex({ subscriptions: () => SUBS, record: (r) => { if (!building) rows.push(...r); } });
  index.rebuild(tickets, from, { quiet: true });
  building = false;
  return index;
}

describe('a 督办 burst recorded in slices', () => {
  it('records every (ticket, level, subscription) row once, whole tickets per slice, as one advance would; a restart between slices adds exactly what was missing', () => {
    let bursts = 0;
    let cut = 0;
    fc.assert(fc.property(burstArb, ({ tickets: spec, waitMinutes, sliceRows, crashAt }) => {
      const tickets = ticketsOf(spec);
      const now = WEDNESDAY + waitMinutes * MINUTE_MS;

      const whole: NoticeRecord[] = [];
      indexAt(tickets, WEDNESDAY, whole).advance(now);
      const expected = whole.map(keyOf).sort();
      expect(new Set(expected).size).toBe(expected.length);
      if (expected.length > 0) bursts += 1;

      // The same burst in slices of about `sliceRows` rows, until nothing is due.
      const sliced: NoticeRecord[] = [];
      const index = indexAt(tickets, WEDNESDAY, sliced);
      const slices: number[] = [];
      while (index.hasDue(now)) {
        const before = sliced.length;
        index.advance(now, (rows) => rows >= sliceRows);
        slices.push(sliced.length - before);
        // Whole tickets: a slice stops at the first ticket that takes it to its budget, never inside one.
        expect(slices.at(-1)!).toBeLessThan(sliceRows + SUBS.length);
        if (slices.length > tickets.length + 1) throw new Error('the slices do not end');
      }
      expect(sliced.map(keyOf).sort()).toEqual(expected);

      // A process that stops after some of the slices: what they recorded is in the outbox, the rest is not. The restart
      // builds the index as it stood at the last instant whose notices were all recorded (the burst's start) and
      // advances in slices again; the outbox's unique index keeps one row per notice.
      const beforeCrash: NoticeRecord[] = [];
      const first = indexAt(tickets, WEDNESDAY, beforeCrash);
      const crashAfter = Math.floor((slices.length * crashAt) / 100);
      for (let i = 0; i < crashAfter && first.hasDue(now); i++) first.advance(now, (rows) => rows >= sliceRows);
      const outbox = new Set(beforeCrash.map(keyOf));
      if (beforeCrash.length > 0 && beforeCrash.length < expected.length) cut += 1;
      expect(outbox.size).toBe(beforeCrash.length);
      const afterRestart: NoticeRecord[] = [];
      const restarted = createSuperviseIndex({ subscriptions: () => SUBS, record: (r) => { afterRestart.push(...r); } });
      restarted.rebuild(tickets, now, { quiet: false, since: WEDNESDAY, done: (rows) => rows >= sliceRows });
      while (restarted.hasDue(now)) restarted.advance(now, (rows) => rows >= sliceRows);
      // The restart computes the whole burst again (nothing it holds is new to it)...
      expect(afterRestart.map(keyOf).sort()).toEqual(expected);
      for (const r of afterRestart) outbox.add(keyOf(r));
      // ...and the outbox ends with every row of the burst, each once, none that one advance would not have written.
      expect([...outbox].sort()).toEqual(expected);
      // The wall's counts agree with the levels, however the burst was cut.
      expect(restarted.countsOf('321171')).toEqual(index.countsOf('321171'));
    }), { numRuns: 300 });
    // The runs were bursts, and many were cut between slices (not vacuous).
    expect(bursts).toBeGreaterThan(150);
    expect(cut).toBeGreaterThan(15);
  });
});
