import type { PlannedTicket } from '../../shared/world.js';
import type { Db } from './database.js';

/** The 2023 plan as the world loaded it, read once to lay out the demo's timeline. */
export function createReplayRepository(db: Db) {
  const plans = db.prepare('SELECT ticket FROM replay_plan ORDER BY reported_at, ref').pluck();
  const setId = db.prepare('UPDATE replay_plan SET ticket_id = ? WHERE ref = ?');
  return {
    /** Every planned ticket, in report order (the order that fixes their ids). Read whole: the caller writes meanwhile. */
    *iteratePlans(): IterableIterator<PlannedTicket> {
      for (const json of plans.all() as string[]) yield JSON.parse(json) as PlannedTicket;
    },
    assignTicketId(ref: string, id: number): void {
      setId.run(id, ref);
    },
    /**
     * Empties the ticket tables of a database written by an earlier version, which replayed the plan into rows with
     * other ids; the timeline is laid out again from the plan. Only demo databases have a plan.
     */
    clearTickets(): void {
      db.exec('DELETE FROM idempotency_keys; DELETE FROM ticket_reporters; DELETE FROM ticket_events; UPDATE tickets SET duplicate_of = NULL; DELETE FROM tickets;');
    },
  };
}
export type ReplayRepository = ReturnType<typeof createReplayRepository>;
