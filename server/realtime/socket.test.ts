import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ScopeDelta, ScopeSnapshot, ServerToClientEvents, TicketUpsert, Ack } from '../../shared/events.js';
import type { Summary } from '../../shared/schemas/summary.js';
import { auth, testApp } from '../test/app.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let app: FastifyInstance;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await app.close();
});

function client(): Client {
  const c: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(c);
  return c;
}
const subscribe = (c: Client, scope: string) =>
  new Promise<Ack<ScopeSnapshot>>((resolve) => c.emit('scope:subscribe', { scope }, resolve));
const next = <E extends keyof ServerToClientEvents>(c: Client, event: E, match: (arg: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true) =>
  new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 3 s`)), 3000);
    const handler = (arg: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(arg)) return;
      clearTimeout(timer);
      c.off(event, handler as never);
      resolve(arg);
    };
    c.on(event, handler as never);
  });
const fileTicket = (gridId: string) =>
  app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: { category: 'elevator', title: '电梯困人', channel: 'mini_program', reporterRole: 'resident', urgent: true, gridId } });

function applyDelta(summary: Summary, d: ScopeDelta): Summary {
  return { ...summary, ...d.patch };
}

describe('scope subscriptions over a real port', () => {
  it('acks a snapshot with a seq, and an error for an unknown scope', async () => {
    const c = client();
    const ok = await subscribe(c, '321171');
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(typeof ok.data.seq).toBe('number');
      expect(ok.data.summary.counts.gridCells).toBe(325);
    }
    const bad = await subscribe(c, '999999');
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.error).toMatch(/Unknown scope/);
  });

  it('delivers an intake ticket as ticket:upsert and a scope:delta with the next seq; snapshot + deltas = server state', async () => {
    const c = client();
    const gridId = '321171102004-01';
    const ack = await subscribe(c, '321171102');
    if (!ack.ok) throw new Error(ack.error);
    const upsert = next(c, 'ticket:upsert', (u: TicketUpsert) => u.tickets.some((t) => t.category === 'elevator' && t.gridId === gridId));
    const delta = next(c, 'scope:delta');
    const res = await fileTicket(gridId);
    expect(res.statusCode).toBe(201);
    const u = await upsert;
    expect(u.scope).toBe('321171102');
    // The public projection: the ticket by id, without the title its reporter wrote.
    const pushed = u.tickets.find((t) => t.id === res.json().id)!;
    expect(pushed).toMatchObject({ id: res.json().id, urgent: true, status: 'reported' });
    expect(pushed).not.toHaveProperty('title');
    const d = await delta;
    expect(d.seq).toBe(ack.data.seq + 1);
    const composed = applyDelta(ack.data.summary, d);
    const server = (await app.inject({ url: '/api/summary?scope=321171102' })).json();
    expect(composed.tickets).toEqual(server.tickets);
    expect(composed.kpi).toEqual(server.kpi);
    expect(composed.tickets.total).toBe(ack.data.summary.tickets.total + 1);
  });

  it('coalesces a burst into at most one delta per 250 ms window', async () => {
    const c = client();
    const ack = await subscribe(c, '321171');
    if (!ack.ok) throw new Error(ack.error);
    const deltas: ScopeDelta[] = [];
    c.on('scope:delta', (d) => deltas.push(d));
    for (let i = 0; i < 20; i++) await fileTicket('321171102004-01');
    await new Promise((r) => setTimeout(r, 700));
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThanOrEqual(4);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => ack.data.seq + 1 + i));
    expect(deltas.at(-1)!.patch.tickets!.total).toBe(ack.data.summary.tickets.total + 20);
  });

  it('after a forced gap a client sees the jump and re-subscribes to a consistent snapshot', async () => {
    const c = client();
    const scope = '321171102004';
    const ack = await subscribe(c, scope);
    if (!ack.ok) throw new Error(ack.error);
    app.moshao.broadcaster.bumpSeq(scope); // as if a delta was lost on the way
    const delta = next(c, 'scope:delta');
    await fileTicket('321171102004-01');
    const d = await delta;
    expect(d.seq).toBeGreaterThan(ack.data.seq + 1); // the gap the client must notice
    const again = await subscribe(c, scope);
    if (!again.ok) throw new Error(again.error);
    expect(again.data.seq).toBe(d.seq);
    const server = (await app.inject({ url: `/api/summary?scope=${scope}` })).json();
    expect(again.data.summary.tickets).toEqual(server.tickets);
  });

  it('pushes a ticket again when the clock passes its response deadline, and counts it as response-overdue', async () => {
    const c = client();
    const ack = await subscribe(c, '321171001001');
    if (!ack.ok) throw new Error(ack.error);
    const filed = (await fileTicket('321171001001-01')).json();
    await next(c, 'ticket:upsert', (u: TicketUpsert) => u.tickets.some((t) => t.id === filed.id));
    const again = next(c, 'ticket:upsert', (u: TicketUpsert) => u.tickets.some((t) => t.id === filed.id));
    const overdue = next(c, 'scope:delta', (d: ScopeDelta) => (d.patch.tickets?.responseOverdue ?? 0) > 0);
    await app.moshao.replayer!.playTo(filed.responseDueAt + 60_000);
    await again;
    expect((await overdue).patch.tickets!.responseOverdue).toBeGreaterThanOrEqual(1);
  });
});
