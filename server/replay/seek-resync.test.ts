import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ScopeDelta, ScopeSnapshot, TicketUpsert } from '../../shared/events.js';
import { loginAs, testApp } from '../test/app.js';
import { listenOnFreePort } from '../test/sockets.js';

/** After a seek a wall gets one fresh start (a gap in seq, then a snapshot at the new instant), not a flood of upserts. */
let app: FastifyInstance;
let wall: Socket;
const deltas: ScopeDelta[] = [];
const upserts: TicketUpsert[] = [];
beforeAll(async () => {
  app = await testApp();
  const url = await listenOnFreePort(app);
  wall = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  wall.on('scope:delta', (d: ScopeDelta) => deltas.push(d));
  wall.on('ticket:upsert', (u: TicketUpsert) => upserts.push(u));
  await new Promise<void>((resolve) => wall.once('connect', () => resolve()));
});
afterAll(async () => {
  wall?.close();
  await app?.close();
});

const subscribe = () => new Promise<Ack<ScopeSnapshot>>((resolve) => wall.emit('scope:subscribe', { scope: '321171' }, resolve));

describe('a seek seen from a wall', () => {
  it('sends one delta whose seq leaves a gap, and the next snapshot stands at the new instant', async () => {
    const first = await subscribe();
    expect(first.ok).toBe(true);
    const seq = first.ok ? first.data.seq : 0;
    const to = Date.parse('2023-08-01T09:00:00+08:00');
    const res = await app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'admin'), payload: { action: 'seek', to } });
    expect(res.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 600)); // two coalescing windows
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas[0].seq).toBeGreaterThan(seq + 1); // a gap: the wall re-subscribes
    expect(upserts.reduce((n, u) => n + u.tickets.length, 0)).toBe(0); // thousands of tickets changed, none pushed one by one
    const again = await subscribe();
    expect(again.ok && again.data.summary.clock).toBe(to);
    expect(again.ok && again.data.summary.tickets.total).toBe(app.moshao.live.summary('321171').tickets.total);
  });
});
