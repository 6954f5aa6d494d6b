import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test/fixtures.js';
import { addRipples, BOARD_MAX_TICKETS, EMPTY_BUFFER, fillTickets, FRESH_WINDOW_MS, mergeTickets, RIPPLES_MAX } from './ticket-buffer.js';

describe('mergeTickets', () => {
  it('appends new tickets and reports them as fresh', () => {
    const { buffer, fresh } = mergeTickets(EMPTY_BUFFER, [makeTicket(1), makeTicket(2)]);
    expect(buffer.items.map((t) => t.id)).toEqual([1, 2]);
    expect(fresh.map((t) => t.id)).toEqual([1, 2]);
    expect(buffer.newestReportedAt).toBe(makeTicket(2).reportedAt);
  });

  it('updates a known ticket in place without calling it fresh', () => {
    const first = mergeTickets(EMPTY_BUFFER, [makeTicket(1), makeTicket(2)]).buffer;
    const { buffer, fresh } = mergeTickets(first, [makeTicket(1, { status: 'accepted' })]);
    expect(buffer.items.map((t) => [t.id, t.status])).toEqual([[1, 'accepted'], [2, 'reported']]);
    expect(fresh).toEqual([]);
  });

  it('ignores a status change of an old ticket it never had', () => {
    const first = mergeTickets(EMPTY_BUFFER, [makeTicket(100)]).buffer;
    const old = makeTicket(5, { reportedAt: first.newestReportedAt - FRESH_WINDOW_MS - 1, status: 'closed' });
    const { buffer, fresh } = mergeTickets(first, [old]);
    expect(buffer.items.map((t) => t.id)).toEqual([100]);
    expect(fresh).toEqual([]);
  });

  it(`keeps the newest ${BOARD_MAX_TICKETS}, whatever arrives`, () => {
    let buffer = EMPTY_BUFFER;
    for (let i = 1; i <= 500; i++) buffer = mergeTickets(buffer, [makeTicket(i)]).buffer;
    expect(buffer.items).toHaveLength(BOARD_MAX_TICKETS);
    expect(buffer.items[0].id).toBe(500 - BOARD_MAX_TICKETS + 1);
    // One big batch: the fresh list only names tickets that are still on the board.
    const { fresh } = mergeTickets(EMPTY_BUFFER, Array.from({ length: 100 }, (_, i) => makeTicket(1000 + i)));
    expect(fresh).toHaveLength(BOARD_MAX_TICKETS);
  });

  it('returns the same buffer when there is nothing to merge', () => {
    expect(mergeTickets(EMPTY_BUFFER, []).buffer).toBe(EMPTY_BUFFER);
  });
});

describe('fillTickets', () => {
  it('adds the list (newest first) oldest first, and only what is missing', () => {
    const filled = fillTickets(EMPTY_BUFFER, [makeTicket(3), makeTicket(2), makeTicket(1)]);
    expect(filled.items.map((t) => t.id)).toEqual([1, 2, 3]);
    const again = fillTickets(filled, [makeTicket(4), makeTicket(3)]);
    expect(again.items.map((t) => t.id)).toEqual([1, 2, 3, 4]);
    expect(fillTickets(again, [makeTicket(4)])).toBe(again);
  });

  it('after a jump back drops the tickets reported after the clock and takes the current state of the rest', () => {
    const filled = fillTickets(EMPTY_BUFFER, [makeTicket(3), makeTicket(2), makeTicket(1)]);
    const clock = makeTicket(2).reportedAt;
    const rewound = fillTickets(filled, [makeTicket(2, { status: 'reported', updatedAt: clock }), makeTicket(1)], clock);
    expect(rewound.items.map((t) => t.id)).toEqual([1, 2]);
    expect(rewound.items[1]).toMatchObject({ id: 2, status: 'reported', updatedAt: clock });
    expect(rewound.newestReportedAt).toBe(clock);
    expect(rewound.epoch).toBe(filled.epoch + 1); // the board starts over
    expect(fillTickets(rewound, [makeTicket(2, { status: 'reported', updatedAt: clock })], clock).epoch).toBe(rewound.epoch);
  });
});

describe('addRipples', () => {
  it('adds one ripple per fresh ticket, urgent for tier 1 or urgent, capped', () => {
    const ripples = addRipples([], [makeTicket(1), makeTicket(2, { tier: 1 }), makeTicket(3, { urgent: true })], 1000);
    expect(ripples.map((r) => [r.id, r.urgent, r.at])).toEqual([[1, false, 1000], [2, true, 1000], [3, true, 1000]]);
    const many = addRipples(ripples, Array.from({ length: 100 }, (_, i) => makeTicket(10 + i)), 2000);
    expect(many).toHaveLength(RIPPLES_MAX);
    expect(many[many.length - 1].id).toBe(109);
  });
});
