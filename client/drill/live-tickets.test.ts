import { describe, expect, it } from 'vitest';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { TicketFilter } from '../api/tickets.js';
import { addLive, matchesFilter, overlayLive, type ListRow } from './live-tickets.js';
import { makeTicket } from './test-fixtures.js';

const CELL = '321171001002-03';
const NOW = 10_000;
/** The public projection of a ticket of the cell, as ticket:upsert carries it. */
const pub = (id: number, over: Partial<PublicTicket> = {}): PublicTicket => {
  const { title: _t, description: _d, channel: _c, reporterRole: _r, address: _a, escalations: _e, reworks: _w, rating: _g, duplicateOf: _u, ...rest } =
    makeTicket({ id, gridId: CELL, reportedAt: id, updatedAt: id, closeDueAt: id + 5_000, ...over });
  return rest;
};
const OPEN_TAB: TicketFilter = { scope: CELL, open: true, limit: 30 };

describe('live ticket rows', () => {
  it('keeps the newest version of each ticket, whatever order they come in', () => {
    const live = addLive(addLive(new Map(), [pub(5, { status: 'accepted', updatedAt: 50 })]), [pub(5, { status: 'reported', updatedAt: 40 }), pub(6)]);
    expect([...live.values()].map((t) => [t.id, t.status])).toEqual([[5, 'accepted'], [6, 'reported']]);
  });

  it('updates a listed row in place and keeps what only the full ticket has', () => {
    const rows: ListRow[] = [makeTicket({ id: 9, title: '丁卯路灯不亮', gridId: CELL, updatedAt: 9 }), makeTicket({ id: 7, gridId: CELL, updatedAt: 7 })];
    const live = addLive(new Map(), [pub(7, { status: 'closed', closedAt: 90, updatedAt: 90 })]);
    const out = overlayLive(rows, live, OPEN_TAB, NOW, true);
    expect(out.map((r) => [r.id, r.status])).toEqual([[9, 'reported'], [7, 'closed']]);
    expect(out[1]).toMatchObject({ title: '路灯不亮', closedAt: 90 });
    // A row fetched after the socket's version (newer) is not put back.
    expect(overlayLive([makeTicket({ id: 7, status: 'evaluated', updatedAt: 99 })], live, OPEN_TAB, NOW, true)[0].status).toBe('evaluated');
  });

  it('adds a new ticket that matches the filter, newest first, and leaves out one that does not', () => {
    const rows: ListRow[] = [makeTicket({ id: 9, gridId: CELL, updatedAt: 9 })];
    const live = addLive(new Map(), [pub(12), pub(11, { status: 'closed' }), pub(10, { tier: 2 })]);
    expect(overlayLive(rows, live, OPEN_TAB, NOW, true).map((r) => r.id)).toEqual([12, 10, 9]);
    expect(overlayLive(rows, live, { ...OPEN_TAB, tier: 2 }, NOW, true).map((r) => r.id)).toEqual([10, 9]);
  });

  it('leaves a ticket older than the loaded pages to "load more"', () => {
    const rows: ListRow[] = [makeTicket({ id: 9, gridId: CELL, updatedAt: 9 })];
    const live = addLive(new Map(), [pub(3), pub(12)]);
    expect(overlayLive(rows, live, OPEN_TAB, NOW, false).map((r) => r.id)).toEqual([12, 9]);
    expect(overlayLive(rows, live, OPEN_TAB, NOW, true).map((r) => r.id)).toEqual([12, 9, 3]);
  });

  it('filters as GET /api/tickets does: scope, status, category, overdue, open and the report days', () => {
    const t = pub(100, { reportedAt: 2_000, closeDueAt: 5_000 });
    expect(matchesFilter(t, { scope: '321171001' }, NOW)).toBe(true);
    expect(matchesFilter(t, { scope: '321171002' }, NOW)).toBe(false);
    expect(matchesFilter(t, { scope: CELL, status: 'accepted' }, NOW)).toBe(false);
    expect(matchesFilter(t, { scope: CELL, category: 'road' }, NOW)).toBe(false);
    expect(matchesFilter(t, { scope: CELL, overdue: true }, NOW)).toBe(true);
    expect(matchesFilter(t, { scope: CELL, overdue: true }, 4_000)).toBe(false);
    expect(matchesFilter({ ...t, status: 'handled' }, { scope: CELL, open: true }, NOW)).toBe(true);
    expect(matchesFilter({ ...t, status: 'rejected' }, { scope: CELL, open: true }, NOW)).toBe(false);
    expect(matchesFilter(t, { scope: CELL, from: 2_001 }, NOW)).toBe(false);
    expect(matchesFilter(t, { scope: CELL, to: 1_999 }, NOW)).toBe(false);
  });
});
