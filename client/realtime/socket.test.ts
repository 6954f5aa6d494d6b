import { describe, expect, it } from 'vitest';
import type { Ack, ScopeSnapshot } from '../../shared/events.js';
import { createWallStore } from '../store/wall-store.js';
import { makeSummary } from '../test/fixtures.js';
import { connectRealtime, type WallSocket } from './socket.js';

type Handler = (...args: unknown[]) => void;
type SubscribeAck = (err: Error | null, res: Ack<ScopeSnapshot>) => void;

/** Just enough of a socket.io client to drive connectRealtime: record subscribes, fire events by name. */
class FakeSocket {
  connected = false;
  handlers = new Map<string, Handler[]>();
  subscribes: { scope: string; ack: SubscribeAck }[] = [];
  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  timeout(): this {
    return this;
  }
  emit(event: string, req: { scope: string }, ack: SubscribeAck): this {
    if (event === 'scope:subscribe') this.subscribes.push({ scope: req.scope, ack });
    return this;
  }
  connect(): this {
    this.connected = true;
    this.fire('connect');
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
}

function setup() {
  const store = createWallStore('321171');
  const socket = new FakeSocket();
  const stop = connectRealtime(store, socket as unknown as WallSocket);
  return { store, socket, stop };
}

describe('connectRealtime', () => {
  it('subscribes on connect and stores the snapshot', () => {
    const { store, socket } = setup();
    expect(socket.subscribes.map((s) => s.scope)).toEqual(['321171']);
    socket.subscribes[0].ack(null, { ok: true, data: { seq: 5, summary: makeSummary() } });
    expect(store.getState()).toMatchObject({ status: 'online', seq: 5 });
  });

  it('applies in-order deltas and re-subscribes on a gap', () => {
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: { seq: 5, summary: makeSummary() } });
    socket.fire('scope:delta', { scope: '321171', seq: 6, patch: { clock: 42 } });
    expect(store.getState().summary?.clock).toBe(42);
    expect(socket.subscribes).toHaveLength(1);

    socket.fire('scope:delta', { scope: '321171', seq: 9, patch: { clock: 43 } });
    expect(socket.subscribes).toHaveLength(2);
    // Deltas while the re-subscribe is in flight are dropped; the snapshot replaces everything.
    socket.fire('scope:delta', { scope: '321171', seq: 10, patch: { clock: 44 } });
    expect(socket.subscribes).toHaveLength(2);
    socket.subscribes[1].ack(null, { ok: true, data: { seq: 10, summary: makeSummary({ clock: 44 }) } });
    expect(store.getState()).toMatchObject({ seq: 10, status: 'online' });
  });

  it('keeps the last values when the link drops and subscribes again on reconnect', () => {
    const { store, socket } = setup();
    socket.subscribes[0].ack(null, { ok: true, data: { seq: 5, summary: makeSummary() } });
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
    socket.subscribes[0].ack(null, { ok: true, data: { seq: 1, summary: makeSummary() } });
    expect(store.getState().seq).toBeNull();
    socket.subscribes[1].ack(null, { ok: true, data: { seq: 2, summary: makeSummary() } });
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
});
