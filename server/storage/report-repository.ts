import { WEIGHTED_INDICATORS, type ReportWeights } from '../../shared/schemas/report.js';
import type { ReportEventRow, ReportPeriod } from '../domain/reports/indicators.js';
import type { Db } from './database.js';

/** Ticket ids per slice of a report's read (about 7 events each); the event loop runs between slices. */
export const REPORT_SLICE_TICKETS = 250;

// Tickets by id (CROSS JOIN keeps them the outer loop), each ticket's events through ticket_events(ticket_id, at): rows
// come grouped by ticket in timeline order with no sort of the whole read (+e.at keeps SQLite off the at index,
// which would sort every event of the year). A ticket can matter to the period only if it was filed in it, is open on
// its row, or has an event since the period's start: the others finished before it and are not read at all.
const EVENT_ROWS = `SELECT t.id, t.category, t.grid_id, t.reported_at, e.at, e.action, e.from_status, e.rating, e.duplicate_of
  FROM tickets t CROSS JOIN ticket_events e ON e.ticket_id = t.id
  WHERE t.id > @afterId AND t.id <= @lastId AND t.reported_at < @to AND t.reported_at <= @clock AND +e.at <= @clock
    AND (t.reported_at >= @from OR t.status NOT IN ('closed', 'evaluated', 'rejected', 'merged')
      OR EXISTS (SELECT 1 FROM ticket_events x WHERE x.ticket_id = t.id AND x.at >= @from))`;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The reports' SQL: the score's weights, and the one statement a report reads its events with. */
export function createReportRepository(db: Db) {
  const readWeights = db.prepare('SELECT indicator, weight FROM report_weights').raw(true);
  const writeWeight = db.prepare('UPDATE report_weights SET weight = ?, updated_at = ? WHERE indicator = ?');
  const districtRows = db.prepare(`${EVENT_ROWS} ORDER BY t.id, e.at, e.id`).raw(true);
  const scopeRows = db.prepare(`${EVENT_ROWS} AND t.grid_id >= @lo AND t.grid_id < @hi ORDER BY t.id, e.at, e.id`).raw(true);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM tickets').pluck();

  return {
    weights(): ReportWeights {
      const w = Object.fromEntries(WEIGHTED_INDICATORS.map((k) => [k, 0])) as ReportWeights;
      for (const [k, v] of readWeights.all() as [keyof ReportWeights, number][]) w[k] = v;
      return w;
    },
    setWeights(w: ReportWeights, at: number): void {
      db.transaction(() => {
        for (const k of WEIGHTED_INDICATORS) writeWeight.run(w[k], at, k);
      })();
    },
    /**
     * Hands `each` every event up to the clock of the tickets of a scope (null: the district) that the period can
     * need, rows of a ticket together and in timeline order. One statement, run over slices of ticket ids with a
     * turn of the event loop between them, so a year's read never holds the server for long; no statement stays open
     * across a turn. Writes meanwhile happen after the clock, which the report ignores.
     */
    async forEachEventRow(gridPrefix: string | null, p: ReportPeriod, each: (r: ReportEventRow) => void): Promise<void> {
      const last = maxId.get() as number;
      for (let afterId = 0; afterId < last; afterId += REPORT_SLICE_TICKETS) {
        const params = { afterId, lastId: afterId + REPORT_SLICE_TICKETS, from: p.from, to: p.to, clock: p.clock };
        const rows = gridPrefix === null ? districtRows.iterate(params) : scopeRows.iterate({ ...params, lo: gridPrefix, hi: gridPrefix + '\uffff' });
        for (const r of rows as IterableIterator<ReportEventRow>) each(r);
        if (afterId + REPORT_SLICE_TICKETS < last) await yieldToLoop();
      }
    },
  };
}
export type ReportRepository = ReturnType<typeof createReportRepository>;
