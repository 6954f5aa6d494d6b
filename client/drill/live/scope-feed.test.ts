import { describe, expect, it, vi } from 'vitest';
import type { Ack, ScopeDelta, ScopeSnapshot, TicketUpsert } from '../../../shared/events.js';
import { makeSnapshot, makeSummary } from '../../test/fixtures.js';
import { makeTicket } from '../test-fixtures.js';
import { connectScopeFeed, type DrillSocket } from './scope-feed.js';

type Handler = (...args: never[]) => void;

/** Just enough of a socket.io client: records subscribes and lets the test answer them and emit server events. */
class FakeSocket {
  connected = false;
  handlers = new Map<string, Handler[]>();
  subscribes: { scope: string; ack: (err: Error | null, res: Ack<ScopeSnapshot>) => void }[] = [];
  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
  timeout() {
    return {
      emit: (_event: string, req: { scope: string }, ack: (err: Error | null, res: Ack<ScopeSnapshot>) => void) =>
        this.subscribes.push({ scope: req.scope, ack }),
    };
  }
  connect() {
    this.connected = true;
    this.fire('connect');
  }
  disconnect() {
    this.connected = false;
  }
  removeAllListeners() {
    this.handlers.clear();
  }
}

const SCOPE = '321171001';
const summaryAt = (open: number) => {
  const s = makeSummary({ scope: { id: SCOPE, level: 'town', name: '丁卯街道', parents: ['321171'] } });
  return { ...s, tickets: { ...s.tickets, open } };
};
const delta = (seq: number, open: number): ScopeDelta => ({ scope: SCOPE, seq, patch: { tickets: summaryAt(open).tickets } });

function start() {
  const socket = new FakeSocket();
  const onSummary = vi.fn();
  const onStatus = vi.fn();
  const onTickets = vi.fn();
  const stop = connectScopeFeed(socket as unknown as DrillSocket, SCOPE, { onSummary, onStatus, onTickets });
  return { socket, onSummary, onStatus, onTickets, stop };
}

describe('connectScopeFeed', () => {
  it('subscribes to its scope on connect and applies deltas in seq order', () => {
    const { socket, onSummary, onStatus } = start();
    expect(socket.subscribes.map((s) => s.scope)).toEqual([SCOPE]);
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    expect(onStatus).toHaveBeenLastCalledWith('online');
    socket.fire('scope:delta', delta(10, 99)); // already in the snapshot
    socket.fire('scope:delta', delta(11, 2));
    socket.fire('scope:delta', { ...delta(12, 5), scope: '321171100' }); // another room's
    expect(onSummary.mock.calls.map(([s]) => s.tickets.open)).toEqual([1, 2]);
  });

  it('re-subscribes on a gap and ignores deltas until the new snapshot', () => {
    const { socket, onSummary } = start();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(10, summaryAt(1)) });
    socket.fire('scope:delta', delta(12, 3));
    expect(socket.subscribes).toHaveLength(2);
    socket.fire('scope:delta', delta(13, 4));
    socket.subscribes[1].ack(null, { ok: true, data: makeSnapshot(13, summaryAt(4)) });
    socket.fire('scope:delta', delta(14, 6));
    expect(onSummary.mock.calls.map(([s]) => s.tickets.open)).toEqual([1, 4, 6]);
  });

  it("hands on the scope's ticket changes", () => {
    const { socket, onTickets } = start();
    const upsert: TicketUpsert = { scope: SCOPE, tickets: [makeTicket({ id: 5 })], dropped: 0 };
    socket.fire('ticket:upsert', upsert);
    socket.fire('ticket:upsert', { ...upsert, scope: '321171' });
    expect(onTickets).toHaveBeenCalledTimes(1);
    expect(onTickets.mock.calls[0][0][0].id).toBe(5);
  });

  it('stops listening and disconnects when stopped', () => {
    const { socket, stop } = start();
    stop();
    expect(socket.connected).toBe(false);
    expect(socket.handlers.size).toBe(0);
  });
});
