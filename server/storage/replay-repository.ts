import type { TicketAction } from '../../shared/constants.js';
import type { PlannedTicket } from '../../fixtures/types.js';
import type { Db } from './database.js';

export interface ReplayStep {
  ref: string;
  at: number;
  action: 'report' | TicketAction;
  actor: string;
  note: string;
  rating: number | null;
}

/** The 2023 plan as the replay reads it, and the reset that a backwards seek or a loop needs. */
export function createReplayRepository(db: Db) {
  const between = db.prepare(
    'SELECT ref, at, action, actor, note, rating FROM replay_steps WHERE at > ? AND at <= ? ORDER BY at, id',
  );
  const plan = db.prepare('SELECT ticket FROM replay_plan WHERE ref = ?');
  return {
    stepsBetween(fromExclusive: number, toInclusive: number): ReplayStep[] {
      return between.all(fromExclusive, toInclusive) as ReplayStep[];
    },
    findPlan(ref: string): PlannedTicket | null {
      const row = plan.get(ref) as { ticket: string } | undefined;
      return row ? (JSON.parse(row.ticket) as PlannedTicket) : null;
    },
    /** Empties the ticket tables (the world and the plan stay): the replay starts the year again. */
    clearTickets(): void {
      db.transaction(() => {
        db.exec('DELETE FROM idempotency_keys; DELETE FROM ticket_events; DELETE FROM tickets;');
      })();
    },
  };
}
export type ReplayRepository = ReturnType<typeof createReplayRepository>;
