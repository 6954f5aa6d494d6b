import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { BOARD_INITIAL_TICKETS } from '../../shared/constants.js';
import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import type { ScopeChild, ScopeChildren } from '../../shared/schemas/drill.js';
import type { CellMeasures, Summary } from '../../shared/schemas/summary.js';
import { auth, loginAs, testApp } from '../test/app.js';
import { ask, socketSuite } from '../test/sockets.js';

/*
 * The map's cell measures and the ranking's children travel with a scope's snapshot and seq'd deltas: proven against
 * the HTTP routes the drill pages read (GET /api/cells/measures, /api/scopes/:id/children, /api/summary, /api/tickets).
 */

let app: FastifyInstance;
const UNLIMITED = { perMinute: 1e9, burst: 1e9 };
const clients = socketSuite((a) => (app = a), () => testApp({ budgets: { intake: UNLIMITED } }));

const CELL = '321171102004-01';
const fileTicket = (gridId: string) =>
  app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: { category: 'elevator', title: '电梯困人', channel: 'mini_program', reporterRole: 'resident', gridId } });
const getJson = async <T>(url: string): Promise<T> => (await app.inject({ url })).json() as T;

/** What a wall holds of one scope: its snapshot with every delta since laid over it, as the client store does. */
interface Held {
  scope: string;
  seq: number;
  summary: Summary;
  cells: CellMeasures;
  children: Map<string, ScopeChild>;
  deltas: ScopeDelta[];
}

async function follow(c: Socket, scope: string): Promise<Held> {
  const ack = await ask(c, 'scope:subscribe', { scope });
  if (!ack.ok) throw new Error(ack.error);
  const snap = ack.data as ScopeSnapshot;
  const held: Held = {
    scope, seq: snap.seq, summary: snap.summary, cells: { ...snap.cells }, children: new Map(snap.children.map((ch) => [ch.id, ch])), deltas: [],
  };
  c.on('scope:delta', (d: ScopeDelta) => {
    if (d.scope !== scope) return;
    expect(d.seq).toBe(held.seq + 1);
    held.seq = d.seq;
    held.summary = { ...held.summary, ...d.patch };
    Object.assign(held.cells, d.cells ?? {});
    for (const ch of d.children ?? []) held.children.set(ch.id, ch);
    held.deltas.push(d);
  });
  return held;
}

/** Sends everything pending, then waits until each client has read it (an ack comes after the deltas sent before it). */
async function settle(sockets: Socket[]): Promise<void> {
  app.moshao.broadcaster.flushNow();
  for (const c of sockets) await ask(c, 'scope:subscribe', { scope: '999999' });
}

const cellsInside = (all: CellMeasures, scope: string): CellMeasures =>
  Object.fromEntries(Object.entries(all).filter(([id]) => id.startsWith(scope)));

describe('cell measures and child rows pushed with a scope', () => {
  it('a snapshot carries the scope cells, children and newest public tickets as the HTTP routes give them', async () => {
    for (const ticket of [0, 1, 2]) expect((await fileTicket(CELL)).statusCode, `ticket ${ticket}`).toBe(201);
    const c = await clients.connect();
    for (const scope of ['321171', '321171102', '321171102004', CELL]) {
      const ack = await ask(c, 'scope:subscribe', { scope });
      const snap = ack.data as ScopeSnapshot;
      const measures = await getJson<CellMeasures>('/api/cells/measures');
      expect(snap.cells).toEqual(cellsInside(measures, scope));
      expect(Object.keys(snap.cells).length).toBe(snap.summary.counts.gridCells);
      expect(snap.children).toEqual((await getJson<ScopeChildren>(`/api/scopes/${scope}/children`)).children);
      const listed = await getJson<{ items: unknown[] }>(`/api/tickets?scope=${scope}&limit=${BOARD_INITIAL_TICKETS}`);
      expect(snap.board).toEqual(listed.items);
      expect(snap.board.length).toBeGreaterThan(0);
      for (const t of snap.board) expect(t).not.toHaveProperty('title');
    }
  });

  it('a delta after filing a ticket carries exactly the changed cell and child, equal to a fresh read', async () => {
    const rooms = { district: '321171', town: '321171102', village: '321171102004', cell: CELL, otherTown: '321171001' };
    const sockets: Socket[] = [];
    const held: Record<string, Held> = {};
    for (const [name, scope] of Object.entries(rooms)) {
      const c = await clients.connect();
      sockets.push(c);
      held[name] = await follow(c, scope);
    }
    await settle(sockets);
    for (const h of Object.values(held)) h.deltas.length = 0;

    expect((await fileTicket(CELL)).statusCode).toBe(201);
    await settle(sockets);

    const measures = await getJson<CellMeasures>('/api/cells/measures');
    const childOf = async (parent: string, id: string) =>
      (await getJson<ScopeChildren>(`/api/scopes/${parent}/children`)).children.find((ch) => ch.id === id);
    const expected: Record<string, string> = { district: '321171102', town: '321171102004', village: CELL };
    for (const name of ['district', 'town', 'village', 'cell']) {
      const [d] = held[name].deltas;
      expect(held[name].deltas, name).toHaveLength(1);
      expect(d.cells, name).toEqual({ [CELL]: measures[CELL] });
      if (name === 'cell') expect(d.children, name).toBeUndefined();
      else expect(d.children, name).toEqual([await childOf(rooms[name as keyof typeof rooms], expected[name])]);
    }
    // Another town's room hears nothing of it.
    expect(held.otherTown.deltas.flatMap((d) => Object.keys(d.cells ?? {}))).toEqual([]);
  });

  it('snapshot + deltas equal the server state after random filings, transitions and clock moves', async () => {
    const scopes = ['321171', '321171102', '321171102004', CELL, '321171001', '321171001001'];
    const cells = ['321171102004-01', '321171102004-02', '321171102001-01', '321171001001-01', '321171001002-01', '321171002001-01'];
    const district = await loginAs(app, 'district');
    const actions = ['accept', 'dispatch', 'start', 'handle', 'close', 'reject'] as const;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('file' as const), cell: fc.constantFrom(...cells) }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), action: fc.constantFrom(...actions) }),
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const sockets: Socket[] = [];
        const held: Held[] = [];
        for (const scope of scopes) {
          const c = await clients.connect();
          sockets.push(c);
          held.push(await follow(c, scope));
        }
        const filed: number[] = [];
        for (const s of steps) {
          if (s.kind === 'file') {
            const res = await fileTicket(s.cell);
            expect(res.statusCode).toBe(201);
            filed.push(res.json().id as number);
          } else if (s.kind === 'move' && filed.length > 0) {
            const id = filed[s.pick % filed.length];
            const payload = s.action === 'reject' ? { action: s.action, note: '不属实' } : { action: s.action };
            const res = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: district, payload });
            expect([200, 409]).toContain(res.statusCode);
          } else if (s.kind === 'clock') {
            await app.moshao.replayer!.playTo(app.moshao.now() + s.minutes * 60_000);
          }
        }
        await settle(sockets);
        const measures = await getJson<CellMeasures>('/api/cells/measures');
        for (const h of held) {
          expect(h.cells, h.scope).toEqual(cellsInside(measures, h.scope));
          const children = (await getJson<ScopeChildren>(`/api/scopes/${h.scope}/children`)).children;
          expect([...h.children.values()], h.scope).toEqual(children);
          expect(h.summary.tickets, h.scope).toEqual((await getJson<Summary>(`/api/summary?scope=${h.scope}`)).tickets);
        }
        clients.closeAll();
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
