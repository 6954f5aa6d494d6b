import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScopeDelta, TicketUpsert } from '../../shared/events.js';
import { makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { FakeSocket } from '../test/fake-socket.js';
import { followScope, type ScopeView } from './follow-scope.js';
import type { ScopeSocket } from './scope-link.js';

/*
 * A drill page's live scope goes through the same link as the wall (scope-link.ts): these prove the drill side gets
 * the seq order, the gap re-subscribe, the scope filter and the malformed-event protection.
 */

const SCOPE = '321171001';
const summaryAt = (open: number) => {
  const s = makeSummary({ scope: { id: SCOPE, level: 'town', name: '丁卯街道', parents: ['321171'] } });
  return { ...s, tickets: { ...s.tickets, open } };
};
const delta = (seq: number, open: number): ScopeDelta => ({ scope: SCOPE, seq, patch: { tickets: summaryAt(open).tickets } });

function start() {
  const socket = new FakeSocket();
  const views: ScopeView[] = [];
  const onTickets = vi.fn<(upsert: TicketUpsert) => void>();
  const stop = followScope(socket as unknown as ScopeSocket, SCOPE, { onView: (v) => views.push(v), onTickets });
  const last = () => views[views.length - 1];
  const opens = () => views.filter((v, i) => v.summary && v.summary !== views[i - 1]?.summary).map((v) => v.summary?.tickets.open);
  return { socket, views, last, opens, onTickets, stop };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('followScope', () => {
  it('subscribes to its scope on connect and applies deltas in seq order', () => {
    const { socket, last, opens } = start();
    expect(socket.subscribes.map((s) => s.scope)).toEqual([SCOPE]);
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    expect(last().status).toBe('online');
    socket.fire('scope:delta', delta(10, 99)); // already in the snapshot
    socket.fire('scope:delta', delta(11, 2));
    socket.fire('scope:delta', { ...delta(12, 5), scope: '321171100' }); // another room's
    expect(opens()).toEqual([1, 2]);
  });

  it('re-subscribes on a gap and ignores deltas until the new snapshot', () => {
    const { socket, opens } = start();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    socket.fire('scope:delta', delta(12, 3));
    expect(socket.subscribes).toHaveLength(2);
    socket.fire('scope:delta', delta(13, 4));
    socket.subscribes[1].ack(null, { ok: true, data: makeSnapshot(13, summaryAt(4)) });
    socket.fire('scope:delta', delta(14, 6));
    expect(opens()).toEqual([1, 4, 6]);
  });

  it('keeps the last values when the link drops, and subscribes again on reconnect', () => {
    const { socket, last } = start();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    socket.fire('disconnect', 'transport close');
    expect(last()).toMatchObject({ status: 'offline', summary: { tickets: { open: 1 } } });
    socket.fire('connect');
    expect(socket.subscribes).toHaveLength(2);
  });

  it("hands on its scope's checked ticket changes only", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { socket, onTickets } = start();
    const upsert: TicketUpsert = { scope: SCOPE, tickets: [makeTicket(5)], dropped: 0 };
    socket.fire('ticket:upsert', upsert);
    socket.fire('ticket:upsert', { ...upsert, scope: '321171' });
    socket.fire('ticket:upsert', { scope: SCOPE, tickets: [makeTicket(6), { id: 'x' }], dropped: 0 });
    expect(onTickets.mock.calls.map(([u]) => u.tickets.map((t) => t.id))).toEqual([[5], [6]]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('drops a malformed delta with a warning, keeps the last good summary, counts it, and recovers through the gap', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error');
    const { socket, last } = start();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    socket.fire('scope:delta', { scope: SCOPE, seq: 11, patch: { tickets: 'garbage' } });
    socket.fire('scope:delta', null);
    expect(last()).toMatchObject({ status: 'online', malformed: 2, summary: { tickets: { open: 1 } } });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('[drill] ignored a malformed scope:delta');
    expect(error).not.toHaveBeenCalled();
    socket.fire('scope:delta', delta(12, 7));
    expect(socket.subscribes).toHaveLength(2);
    socket.subscribes[1].ack(null, { ok: true, data: makeSnapshot(12, summaryAt(7)) });
    expect(last().summary?.tickets.open).toBe(7);
  });

  it('stops listening and disconnects when stopped', () => {
    const { socket, stop } = start();
    stop();
    expect(socket.connected).toBe(false);
    expect(socket.handlers.size).toBe(0);
  });
});

describe('followScope: the map and the ranking', () => {
  const child = (id: string, open: number) => ({
    id, level: 'village' as const, name: id, households: 100, gridCells: 3,
    tickets: { total: 10, open, overdue: 0, today: 1 },
    kpi: { responseRate: null, closureRate: null, onTimeRate: null, satisfactionRate: null, reworkRate: null },
  });

  it("takes the snapshot's cells and children, then replaces the ones a delta carries by id", () => {
    const { socket, last } = start();
    const cells = { '321171001001-01': { open: 1, overdue: 0, total: 4 }, '321171001001-02': { open: 0, overdue: 0, total: 2 } };
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1), { cells, children: [child('321171001001', 1), child('321171001002', 0)] }) });
    expect(last().children?.map((c) => c.tickets.open)).toEqual([1, 0]);
    socket.fire('scope:delta', { ...delta(11, 2), cells: { '321171001001-02': { open: 1, overdue: 1, total: 3 } }, children: [child('321171001002', 1)] });
    expect(last().cells).toEqual({ ...cells, '321171001001-02': { open: 1, overdue: 1, total: 3 } });
    expect(last().children?.map((c) => [c.id, c.tickets.open])).toEqual([['321171001001', 1], ['321171001002', 1]]);
    // A delta with neither keeps the same objects (no re-render of the map or the ranking).
    const before = last();
    socket.fire('scope:delta', delta(12, 3));
    expect(last().cells).toBe(before.cells);
    expect(last().children).toBe(before.children);
  });
});
