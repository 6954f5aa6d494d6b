import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_ACTIONS, type TicketStatus } from '../../shared/constants.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { hourStart } from '../domain/contribution.js';
import { createLiveState, type LiveState } from '../domain/live-state.js';
import { nullBroadcaster } from '../domain/ports.js';
import { buildScopeDirectory } from '../domain/scope-directory.js';
import { createTicketService } from '../domain/ticket-service.js';
import { makeTicket } from '../test/ticket-factory.js';
import { smallWorld } from '../test/world.js';
import { openDatabase, type Db } from './database.js';
import { checkpoint, restoreAggregates, saveCheckpoint } from './saved-aggregates.js';
import { createTicketRepository } from './ticket-repository.js';
import { createWorldRepository } from './world-repository.js';

/*
 * A checkpoint taken back after a crash, brought forward with only the rows written since, equals counting every
 * ticket again: whatever was written after it (by the server or by another program), whatever the clock did.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const TEN_MIN = 600_000;
const T0 = Date.UTC(2023, 5, 1, 2, 0, 0);
let dir = '';
let template = '';
let runs = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-checkpoint-'));
  template = join(dir, 'world.db');
  const db = openDatabase(template);
  createWorldRepository(db).insertWorld(smallWorld());
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openCopy() {
  const path = join(dir, `run-${++runs}.db`);
  copyFileSync(template, path);
  return path;
}

function liveOf(db: Db): LiveState {
  const world = createWorldRepository(db);
  return createLiveState(buildScopeDirectory({
    districtName: '镇江经开区', towns: world.listTowns(), villages: world.listVillages(), cells: world.listCells(),
    organisation: [], branches: [], standings: [],
  }));
}

/** What counting every ticket reported by `now` gives: the start-up's full recount. */
function recount(db: Db, now: number): LiveState {
  const live = liveOf(db);
  live.rebuild(createTicketRepository(db).iterateCounted(now), now);
  return live;
}

function expectEqual(a: LiveState, b: LiveState): void {
  expect(a.at).toBe(b.at);
  for (const scope of a.scopeIds()) expect(a.countersOf(scope), scope).toEqual(b.countersOf(scope));
}

/** Restored and recounted stay equal as the clock moves on: the restored deadline heap is complete. */
function expectEqualLater(a: LiveState, b: LiveState, later: number): void {
  a.advance(later);
  b.advance(later);
  expectEqual(a, b);
}

const STATUSES: TicketStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'closed', 'evaluated', 'rejected', 'merged'];

/** The counted fields of a row as the reducer leaves them (responded when past reported, closed when solved). */
const rowState = (cells: string[], categories: string[]) => fc.record({
  status: fc.constantFrom(...STATUSES),
  gridId: fc.constantFrom(...cells),
  category: fc.constantFrom(...categories),
  tier: fc.constantFrom(1 as const, 2 as const, 3 as const),
  urgent: fc.boolean(),
  // On a 10-minute grid around T0, so that deadlines often fall between a checkpoint and a restart an hour apart.
  reportedAt: fc.integer({ min: -36, max: 36 }).map((k) => T0 + k * TEN_MIN),
  respondAfter: fc.integer({ min: 0, max: 36 }).map((k) => k * TEN_MIN),
  closeAfter: fc.integer({ min: 1, max: 300 }).map((k) => k * TEN_MIN),
  responseDue: fc.integer({ min: 1, max: 24 }).map((k) => k * TEN_MIN),
  closeDue: fc.oneof(fc.integer({ min: 1, max: 36 }), fc.integer({ min: 36, max: 600 })).map((k) => k * TEN_MIN),
  rating: fc.integer({ min: 1, max: 5 }),
  reworks: fc.integer({ min: 0, max: 2 }),
}).map((r): Ticket => {
  const solved = r.status === 'closed' || r.status === 'evaluated';
  return makeTicket({
    id: 0, status: r.status, gridId: r.gridId, category: r.category, tier: r.tier, urgent: r.urgent, reportedAt: r.reportedAt,
    acceptedAt: r.status === 'reported' ? null : r.reportedAt + r.respondAfter,
    closedAt: solved ? r.reportedAt + r.respondAfter + r.closeAfter : null,
    responseDueAt: r.reportedAt + r.responseDue, closeDueAt: r.reportedAt + r.closeDue,
    rating: r.status === 'evaluated' ? r.rating : null, reworks: solved ? r.reworks : 0,
  });
});

describe('a checkpoint brought forward with the rows written since', () => {
  const world = smallWorld();
  const cells = [...new Set(world.cells.map((c) => c.townCode))].slice(0, 2)
    .flatMap((t) => world.cells.filter((c) => c.townCode === t).slice(0, 3)).map((c) => c.id);
  const categories = world.categories.slice(0, 4).map((c) => c.code);
  const row = rowState(cells, categories);
  type Op = { kind: 'update'; pick: number; t: Ticket } | { kind: 'insert'; t: Ticket } | { kind: 'delete'; pick: number } | { kind: 'refile'; pick: number; t: Ticket };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), t: row }),
    fc.record({ kind: fc.constant('insert' as const), t: row }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    // A deleted id filled again (the insert trigger's case): delete then insert with the same id.
    fc.record({ kind: fc.constant('refile' as const), pick: fc.nat(), t: row }),
  );

  it('equals a full recount, for any writes since and any clock (another program\'s writes and the demo\'s lag included)', () => {
    fc.assert(fc.property(
      fc.array(row, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: -30, max: 40 }).map((k) => k * TEN_MIN + 7), // the checkpoint's instant from T0
      fc.option(fc.integer({ min: 0, max: 18 }).map((k) => k * TEN_MIN), { nil: null }), // how far the counted report times lag it (demo)
      fc.array(op, { maxLength: 30 }),
      fc.oneof(fc.integer({ min: -6, max: 0 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 40, max: 400 })).map((k) => k * TEN_MIN + 3), // the restart's from the checkpoint's
      fc.integer({ min: 0, max: 3 * DAY }),
      (initial, cpOffset, lag, ops, restartOffset, laterOffset) => {
        const db = openDatabase(openCopy());
        try {
          const tickets = createTicketRepository(db);
          for (const t of initial) tickets.insertTicket(t);
          const cpAt = T0 + cpOffset;
          const through = lag === null ? null : cpAt - lag;
          // The running server's aggregates: the rows reported by `through` (every row when null), at the checkpoint.
          const running = liveOf(db);
          running.rebuild([...tickets.iterateCounted()].filter((t) => through === null || t.reportedAt <= through), cpAt);
          saveCheckpoint(db, running, through);

          const ids = () => db.prepare('SELECT id FROM tickets ORDER BY id').pluck().all() as number[];
          const write = db.prepare(`UPDATE tickets SET grid_id = ?, status = ?, tier = ?, category = ?, channel = ?, urgent = ?,
            reported_at = ?, accepted_at = ?, closed_at = ?, response_due_at = ?, close_due_at = ?, rating = ?, reworks = ? WHERE id = ?`);
          for (const o of ops) {
            const all = ids();
            if (o.kind === 'insert') tickets.insertTicket(o.t);
            else if (all.length === 0) continue;
            else if (o.kind === 'update') {
              const t = o.t;
              write.run(t.gridId, t.status, t.tier, t.category, t.channel, t.urgent ? 1 : 0, t.reportedAt, t.acceptedAt, t.closedAt,
                t.responseDueAt, t.closeDueAt, t.rating, t.reworks, all[o.pick % all.length]);
            } else {
              const id = all[o.pick % all.length];
              db.prepare('DELETE FROM tickets WHERE id = ?').run(id);
              if (o.kind === 'refile') tickets.insertTicketWithId({ ...o.t, id, ref: null });
            }
          }
          // Crash: the file as it is. An earlier clock within the checkpoint's hour still restores (the demo's lag).
          const now = Math.max(cpAt + restartOffset, restartOffset < 0 ? hourStart(cpAt) : cpAt);
          const restarted = liveOf(db);
          const outcome = restoreAggregates(db, tickets, restarted, now);
          expect(outcome.restored, outcome.detail).toBe(true);
          const expected = recount(db, now);
          expectEqual(restarted, expected);
          expectEqualLater(restarted, expected, now + laterOffset);
        } finally {
          db.close();
        }
      },
    ), { numRuns: 100 });
  });

  it('through the ticket service: checkpoints between filings and transitions, a crash, a restart equal to a recount', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(
        fc.record({ kind: fc.constant('file' as const), cell: fc.constantFrom(...cells), category: fc.constantFrom(...categories), urgent: fc.boolean() }),
        fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), action: fc.constantFrom(...TICKET_ACTIONS), rating: fc.integer({ min: 1, max: 5 }) }),
        fc.record({ kind: fc.constant('clock' as const), by: fc.integer({ min: 0, max: 30 * HOUR }) }),
        fc.record({ kind: fc.constant('checkpoint' as const) }),
      ), { minLength: 1, maxLength: 80 }),
      fc.integer({ min: 0, max: 2 * DAY }),
      (steps, restartAfter) => {
        const path = openCopy();
        let db = openDatabase(path);
        const clock = { now: T0 };
        const live = liveOf(db);
        live.rebuild([], clock.now);
        const world = createWorldRepository(db);
        const service = createTicketService({
          tickets: createTicketRepository(db), live, broadcaster: nullBroadcaster, clock: { now: () => clock.now },
          categories: new Map(world.listCategories().map((c) => [c.code, c])),
          places: new Map(world.listCells().map((c) => [c.id, { villageName: c.villageCode, townName: c.townCode }])),
        });
        let filed = 0;
        let checkpoints = 0;
        for (const s of steps) {
          if (s.kind === 'clock') clock.now += s.by;
          else if (s.kind === 'checkpoint') {
            service.tick();
            saveCheckpoint(db, live, null);
            checkpoints += 1;
          } else if (s.kind === 'file') {
            service.fileTicket({
              category: s.category, title: '路灯不亮', description: '', channel: 'mini_program', reporterRole: 'resident',
              urgent: s.urgent, gridId: s.cell, lng: 119.6, lat: 32.1, address: '',
            });
            filed += 1;
          } else if (filed > 0) {
            try {
              service.transition(1 + (s.pick % filed), { action: s.action, rating: s.rating }, 'tester');
            } catch {
              // an illegal transition is refused and changes nothing
            }
          }
        }
        // Crash: closed without a last checkpoint, reopened as a restart would.
        db.close();
        db = openDatabase(path);
        try {
          const now = clock.now + restartAfter;
          const restarted = liveOf(db);
          const outcome = restoreAggregates(db, createTicketRepository(db), restarted, now);
          expect(outcome.restored, outcome.detail).toBe(checkpoints > 0);
          if (!outcome.restored) return;
          const expected = recount(db, now);
          expectEqual(restarted, expected);
          expectEqualLater(restarted, expected, now + 3 * DAY);
        } finally {
          db.close();
        }
      },
    ), { numRuns: 40 });
  });

  it('moves an unchanged open ticket back across a deadline when the restart\'s clock is earlier in the same hour', () => {
    const db = openDatabase(openCopy());
    try {
      const tickets = createTicketRepository(db);
      tickets.insertTicket(makeTicket({ gridId: cells[0], category: categories[0], reportedAt: T0, responseDueAt: T0 + 20 * 60_000 }));
      const running = liveOf(db);
      running.rebuild(tickets.iterateCounted(T0 + 30 * 60_000), T0 + 30 * 60_000);
      expect(running.countersOf().responseOverdue).toBe(1);
      saveCheckpoint(db, running, T0 + 25 * 60_000);
      const restarted = liveOf(db);
      expect(restoreAggregates(db, tickets, restarted, T0 + 10 * 60_000).restored).toBe(true);
      expect(restarted.countersOf().responseOverdue).toBe(0);
      expectEqual(restarted, recount(db, T0 + 10 * 60_000));
    } finally {
      db.close();
    }
  });

  it('counters made into JSON over several turns hold the instant they were taken at; a crash before they are written means a recount', async () => {
    const db = openDatabase(openCopy());
    try {
      const tickets = createTicketRepository(db);
      const newTicket = () => makeTicket({ gridId: cells[1], category: categories[1], reportedAt: T0 - HOUR });
      tickets.insertTicket(makeTicket({ gridId: cells[0], category: categories[0] }));
      const live = liveOf(db);
      live.rebuild(tickets.iterateCounted(T0), T0);
      saveCheckpoint(db, live, null);
      // Between slices the server goes on writing (rows, not yet in these counters): recorded as changes since the instant.
      let slices = 0;
      const written = await checkpoint(db, live, null, async () => {
        slices += 1;
        tickets.insertTicket(newTicket());
        db.prepare("UPDATE tickets SET status = 'accepted', accepted_at = ? WHERE id = 1").run(T0);
      }, 0);
      expect(written).toBe(true);
      expect(slices).toBeGreaterThan(10);
      const restarted = liveOf(db);
      expect(restoreAggregates(db, tickets, restarted, T0).restored).toBe(true);
      expectEqual(restarted, recount(db, T0));
      // Killed while the next checkpoint's JSON is being made: its instant is marked, its counters never written.
      void checkpoint(db, live, null, () => new Promise<void>(() => {}), 0);
      const outcome = restoreAggregates(db, tickets, liveOf(db), T0);
      expect(outcome.restored).toBe(false);
      expect(outcome.detail).toMatch(/earlier checkpoint/);
    } finally {
      db.close();
    }
  });

  it('falls back to a recount when the checkpoint cannot be trusted', () => {
    const db = openDatabase(openCopy());
    try {
      const tickets = createTicketRepository(db);
      tickets.insertTicket(makeTicket({ gridId: cells[0], category: categories[0] }));
      const live = liveOf(db);
      expect(restoreAggregates(db, tickets, live, T0).detail).toBe('no checkpoint');
      live.rebuild(tickets.iterateCounted(T0), T0);
      saveCheckpoint(db, live, null);
      expect(restoreAggregates(db, tickets, liveOf(db), T0).restored).toBe(true);
      // Earlier than the checkpoint's clock hour: the series buckets it dropped are gone.
      expect(restoreAggregates(db, tickets, liveOf(db), T0 - 2 * HOUR).restored).toBe(false);
      // Another program dropped a trigger: writes since may be unrecorded.
      db.exec('DROP TRIGGER ticket_changes_update');
      expect(restoreAggregates(db, tickets, liveOf(db), T0).detail).toMatch(/change record/);
    } finally {
      db.close();
    }
  });
});
