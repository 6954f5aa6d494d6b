import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ack, ScopeSnapshot } from '../../shared/events.js';
import { createWallStore } from '../store/wall-store.js';
import { makeChild, makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { FakeSocket } from '../test/fake-socket.js';
import type { ScopeSocket } from './scope-link.js';
import { connectRealtime, createSocket } from './socket.js';

function setup() {
  const store = createWallStore('321171');
  const socket = new FakeSocket();
  const handle = connectRealtime(store, socket as unknown as ScopeSocket);
  return { store, socket, stop: handle.stop, handle };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('connectRealtime', () => {
  it('subscribes on connect and stores the snapshot', () => {
    const { store, socket } = setup();
    expect(socket.subscribes.map((s) => s.scope)).toEqual(['321171']);
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary()) });
    expect(store.getState()).toMatchObject({ status: 'online', seq: 5 });
  });

  it('applies in-order deltas and re-subscribes on a gap', () => {
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary()) });
    socket.fire('scope:delta', { scope: '321171', seq: 6, patch: { clock: 42 } });
    expect(store.getState().summary?.clock).toBe(42);
    expect(socket.subscribes).toHaveLength(1);

    socket.fire('scope:delta', { scope: '321171', seq: 9, patch: { clock: 43 } });
    expect(socket.subscribes).toHaveLength(2);
    // Deltas while the re-subscribe is in flight wait; the snapshot holds this one already (seq 10), so it is dropped.
    socket.fire('scope:delta', { scope: '321171', seq: 10, patch: { clock: 44 } });
    expect(socket.subscribes).toHaveLength(2);
    socket.subscribes[1].ack(null, { ok: true, data: makeSnapshot(10, makeSummary({ clock: 44 })) });
    expect(store.getState()).toMatchObject({ seq: 10, status: 'online' });
  });

  it('applies the deltas that overtook the snapshot (through an edge) and drops those it already holds', () => {
    const { store, socket } = setup();
    socket.fire('scope:delta', { scope: '321171', seq: 5, patch: { clock: 50 } });
    socket.fire('scope:delta', { scope: '321171', seq: 6, patch: { clock: 60 } });
    socket.fire('scope:delta', { scope: '321171', seq: 7, patch: { clock: 70 } });
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary({ clock: 55 })) });
    expect(store.getState()).toMatchObject({ seq: 7, status: 'online' });
    expect(store.getState().summary?.clock).toBe(70);
    expect(socket.subscribes).toHaveLength(1);
  });

  it('re-subscribes when the deltas held during a subscribe leave a gap after its snapshot', () => {
    const { store, socket } = setup();
    socket.fire('scope:delta', { scope: '321171', seq: 8, patch: { clock: 80 } });
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary({ clock: 55 })) });
    expect(store.getState().seq).toBe(5);
    expect(socket.subscribes).toHaveLength(2);
  });

  it('keeps the last values when the link drops and subscribes again on reconnect', () => {
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary()) });
    socket.fire('disconnect', 'transport close');
    expect(store.getState().status).toBe('offline');
    expect(store.getState().summary).not.toBeNull();
    socket.fire('connect');
    expect(socket.subscribes).toHaveLength(2);
  });

  it('drops an ack from before a reconnect', () => {
    const { store, socket } = setup();
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(1, makeSummary()) });
    expect(store.getState().seq).toBeNull();
    socket.subscribes[1].ack(null, { ok: true, data: makeSnapshot(2, makeSummary()) });
    expect(store.getState().seq).toBe(2);
  });

  it('reports a refused subscribe and stays connecting without data', () => {
    const { store, socket, stop } = setup();
    socket.subscribes[0].ack(null, { ok: false, error: 'unknown scope' });
    expect(store.getState()).toMatchObject({ status: 'connecting', lastError: '订阅失败: unknown scope' });
    stop();
  });

  it('stores replay state', () => {
    const { store, socket } = setup();
    socket.fire('replay:state', { mode: 'demo', playing: true, speed: 3600, clock: 0, loop: true });
    expect(store.getState().mode).toBe('demo');
  });

  it('puts new tickets of its scope on the board and ignores other scopes', () => {
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary()) });
    socket.fire('ticket:upsert', { scope: '321171', tickets: [makeTicket(1), makeTicket(2)], dropped: 0 });
    socket.fire('ticket:upsert', { scope: '321171001', tickets: [makeTicket(3)], dropped: 0 });
    expect(store.getState().board.items.map((t) => t.id)).toEqual([1, 2]);
    expect(store.getState().ripples).toHaveLength(2);
  });

  it('drops a malformed delta with a warning, never an error, and recovers through the gap', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error');
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, makeSummary()) });
    socket.fire('scope:delta', { scope: '321171', seq: 6, patch: { tickets: 'garbage' } });
    socket.fire('scope:delta', null);
    socket.fire('ticket:upsert', { nope: true });
    expect(store.getState().seq).toBe(5);
    expect(store.getState().summary?.tickets.total).toBe(0);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(error).not.toHaveBeenCalled();
    // The next good delta shows the gap: a fresh snapshot is asked for.
    socket.fire('scope:delta', { scope: '321171', seq: 7, patch: { clock: 1 } });
    expect(socket.subscribes).toHaveLength(2);
  });

  it('takes a snapshot whose cells are malformed, with a warning: the summary, ranking and board still show', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { store, socket } = setup();
    const snapshot = makeSnapshot(5, makeSummary(), { children: [makeChild('321171001')], board: [makeTicket(1)] });
    socket.subscribes[0].ack(null, { ok: true, data: { ...snapshot, cells: 'garbage' } } as unknown as Ack<ScopeSnapshot>);
    expect(store.getState()).toMatchObject({ seq: 5, status: 'online', cellMeasures: {} });
    expect(store.getState().ranking?.map((r) => r.id)).toEqual(['321171001']);
    expect(store.getState().board.items.map((t) => t.id)).toEqual([1]);
    expect(warn).toHaveBeenCalledWith('[wall] ignored a malformed cells in the snapshot');
  });

  it('refuses a malformed snapshot and retries', () => {
    vi.useFakeTimers();
    try {
      const { store, socket } = setup();
      socket.connected = true;
      socket.subscribes[0].ack(null, { ok: true, data: { seq: 1, summary: { nope: 1 } } } as unknown as Ack<ScopeSnapshot>);
      expect(store.getState().summary).toBeNull();
      vi.advanceTimersByTime(3_000);
      expect(socket.subscribes).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends replay commands over the socket', async () => {
    const { socket, handle } = setup();
    socket.connected = true;
    await expect(handle.replayCommand({ action: 'speed', speed: 3600 })).resolves.toMatchObject({ ok: true });
    expect(socket.emitted).toContainEqual({ event: 'replay:command', payload: { action: 'speed', speed: 3600 } });
    socket.connected = false;
    await expect(handle.replayCommand({ action: 'play' })).resolves.toEqual({ ok: false, error: 'offline' });
  });

  it('reports screen health every 30 s while connected', () => {
    vi.useFakeTimers();
    try {
      const { socket } = setup();
      socket.connected = true;
      vi.advanceTimersByTime(35_000);
      const reports = socket.emitted.filter((e) => e.event === 'screen:health');
      expect(reports).toHaveLength(2);
      expect(reports[0].payload).toMatchObject({ scope: '321171', seq: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createSocket', () => {
  it('reconnects quickly: never waits more than 2 s between attempts', () => {
    const socket = createSocket();
    expect(socket.io.reconnectionDelayMax()).toBe(2_000);
    // WebSocket only: an edge behind a load balancer needs no sticky sessions.
    expect(socket.io.opts.transports).toEqual(['websocket']);
    expect(socket.connected).toBe(false);
  });
});
