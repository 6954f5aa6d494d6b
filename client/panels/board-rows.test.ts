import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test/fixtures.js';
import { reconcileRows, rotateRows, type BoardRow } from './board-rows.js';

const ids = (rows: BoardRow[]) => rows.map((r) => r.id);
const tickets = (...n: number[]) => n.map((i) => makeTicket(i));

describe('reconcileRows', () => {
  it('fills an empty board newest first, without highlighting the initial list', () => {
    const rows = reconcileRows([], tickets(1, 2, 3), 'top');
    expect(ids(rows)).toEqual([3, 2, 1]);
    expect(rows.every((r) => !r.fresh)).toBe(true);
  });

  it('puts new tickets on top, highlighted, while nothing scrolls', () => {
    const rows = reconcileRows(reconcileRows([], tickets(1, 2), 'top'), tickets(1, 2, 3, 4), 'top');
    expect(ids(rows)).toEqual([4, 3, 2, 1]);
    expect(rows.filter((r) => r.fresh).map((r) => r.id)).toEqual([4, 3]);
  });

  it('inserts new tickets just below the visible rows while scrolling, so nothing on screen moves', () => {
    const start = reconcileRows([], tickets(1, 2, 3, 4, 5, 6), 'top'); // 6 5 4 3 2 1
    const rows = reconcileRows(start, tickets(1, 2, 3, 4, 5, 6, 7, 8), 3);
    expect(ids(rows)).toEqual([6, 5, 4, 7, 8, 3, 2, 1]);
    expect(ids(rows).slice(0, 3)).toEqual(ids(start).slice(0, 3));
  });

  it('updates tickets in place and keeps the row objects that did not change', () => {
    const start = reconcileRows([], tickets(1, 2), 'top');
    expect(reconcileRows(start, [start[1].ticket, start[0].ticket], 'top')).toBe(start);
    const rows = reconcileRows(start, [makeTicket(1, { status: 'closed' }), start[0].ticket], 'top');
    expect(rows[1].ticket.status).toBe('closed');
    expect(rows[0]).toBe(start[0]);
  });

  it('drops a removed ticket below the fold at once, and lets one that may be visible scroll away', () => {
    const start = reconcileRows([], tickets(1, 2, 3, 4, 5, 6), 'top'); // 6 5 4 3 2 1
    const rows = reconcileRows(start, tickets(2, 3, 4, 5), 2);
    // 6 was visible: it stays until it scrolls off; 1 was below the fold: gone.
    expect(ids(rows)).toEqual([6, 5, 4, 3, 2]);
    expect(rows[0].leaving).toBe(true);
    const rotated = rotateRows(rows);
    expect(ids(rotated)).toEqual([5, 4, 3, 2]);
  });
});

describe('rotateRows', () => {
  it('moves the first row to the end, no longer highlighted', () => {
    const rows = reconcileRows(reconcileRows([], tickets(1), 'top'), tickets(1, 2), 'top');
    expect(rows[0]).toMatchObject({ id: 2, fresh: true });
    const rotated = rotateRows(rows);
    expect(ids(rotated)).toEqual([1, 2]);
    expect(rotated[1].fresh).toBe(false);
    expect(rotateRows([])).toEqual([]);
  });
});

describe('ticketTime', () => {
  it('shows HH:mm for the clock day and M/D for older tickets, in Shanghai time', async () => {
    const { ticketTime } = await import('./TicketBoard.js');
    const at = Date.UTC(2023, 5, 14, 17, 5); // 15 June 01:05 in Shanghai
    expect(ticketTime(at, '2023-06-15')).toBe('01:05');
    expect(ticketTime(at, '2023-06-16')).toBe('6/15');
    expect(ticketTime(at, null)).toBe('01:05');
  });
});
