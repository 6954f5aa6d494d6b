import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { REPLAY_YEAR_START_MS, type TicketAction, type TicketStatus } from '../../shared/constants.js';
import { testApp } from '../test/app.js';

/**
 * The replay folds a slice of the year at once (its entries read together, each ticket's moves folded with the pure
 * reducer, each moved ticket counted once at the slice's end, the rows written once per batch of slices). It must end
 * where the step-by-step path ends, wherever the slices fall: the same rows, the same numbers on every scope, the same
 * 督办 notices owed. The step-by-step path is the ticket service's applyRecorded, one entry at a time, each after a
 * tick to its instant.
 */
const UNTIL = Date.UTC(2023, 5, 30, 16); // 2023-07-01 00:00 Shanghai: half the year, a few seconds per run

let reference: FastifyInstance;
beforeAll(async () => {
  reference = await testApp();
  const { db, service } = reference.moshao;
  const rows = db.prepare('SELECT ticket_id, at, action, from_status, rating, duplicate_of FROM ticket_events WHERE at > ? AND at <= ? ORDER BY at, id')
    .raw(true).all(REPLAY_YEAR_START_MS, UNTIL) as [number, number, string, string | null, number | null, number | null][];
  db.transaction(() => {
    for (const [id, at, action, fromStatus, rating, duplicateOf] of rows) {
      service.tick(at);
      service.applyRecorded(id, { at, action: action as 'report' | TicketAction, fromStatus: fromStatus as TicketStatus | null, rating, duplicateOf });
    }
    service.tick(UNTIL);
  })();
}, 120_000);
afterAll(() => reference?.close());

const ticketRows = (a: FastifyInstance) => a.moshao.db.prepare('SELECT * FROM tickets ORDER BY id').all();
const outbox = (a: FastifyInstance) =>
  a.moshao.db.prepare('SELECT ticket_id, level, subscription_id, cycle, round FROM notify_outbox ORDER BY ticket_id, level, subscription_id, cycle, round').all();
/** Every scope's summary; `modules` left out where the reference has no module streams. */
const summaries = (a: FastifyInstance, withModules: boolean) => Object.fromEntries(a.moshao.live.scopeIds().map((s) => {
  const { modules, ...rest } = a.moshao.live.summary(s);
  return [s, withModules ? { ...rest, modules } : rest];
}));

describe('the replay folded a slice at a time', () => {
  it('ends where the step-by-step path ends, wherever the slices fall', async () => {
    const expectedRows = ticketRows(reference);
    const expectedSummaries = summaries(reference, false);
    const expectedOutbox = outbox(reference);
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(fc.integer({ min: REPLAY_YEAR_START_MS + 1, max: UNTIL - 1 }), { maxLength: 12 }),
      async (cuts) => {
        const app = await testApp();
        try {
          const replayer = app.moshao.replayer!;
          // Slices ending anywhere (mid-hour, on a ticket's own instant, far apart or close together).
          for (const to of [...cuts.sort((x, y) => x - y), UNTIL]) await replayer.playTo(to);
          expect(replayer.processedTo).toBe(UNTIL);
          expect(replayer.skipped).toBe(0);
          expect(ticketRows(app)).toEqual(expectedRows);
          expect(summaries(app, false)).toEqual(expectedSummaries);
          expect(outbox(app)).toEqual(expectedOutbox);
          // And the numbers, the 人车房物 included, are what counting the committed rows again gives (a restart).
          const incremental = summaries(app, true);
          app.moshao.live.rebuild(app.moshao.db.prepare('SELECT id FROM tickets WHERE reported_at <= ?').pluck().all(UNTIL)
            .map((id) => app.moshao.service.findTicket(id as number)!), UNTIL);
          expect(summaries(app, true)).toEqual(incremental);
        } finally {
          await app.close();
        }
      },
    ), { numRuns: 4 });
  }, 300_000);
});
