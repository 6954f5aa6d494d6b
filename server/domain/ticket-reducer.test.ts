import { describe, expect, it } from 'vitest';
import { TICKET_ACTIONS, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../shared/constants.js';
import { makeTicket } from '../test/ticket-factory.js';
import { reduceTicket } from './ticket-reducer.js';

const rule = { responseMinutes: 120, closeHours: 72 };
const unitFor = (tier: number) => `unit-${tier}`;

/** The legal table, written out by hand from the lifecycle as designed, so the shared TRANSITIONS cannot drift silently. */
const LEGAL: Record<TicketStatus, Partial<Record<TicketAction, TicketStatus>>> = {
  reported: { accept: 'accepted', reject: 'rejected', merge: 'merged' },
  accepted: { dispatch: 'dispatched', escalate: 'dispatched', merge: 'merged' },
  dispatched: { return: 'returned', start: 'in_progress', escalate: 'dispatched', merge: 'merged' },
  in_progress: { return: 'returned', escalate: 'dispatched', handle: 'handled', merge: 'merged' },
  handled: { close: 'closed', rework: 'in_progress', merge: 'merged' },
  returned: { dispatch: 'dispatched', escalate: 'dispatched', merge: 'merged' },
  closed: { evaluate: 'evaluated' },
  evaluated: {},
  rejected: {},
  merged: {},
};

describe('ticket state machine', () => {
  for (const status of TICKET_STATUSES) {
    for (const action of TICKET_ACTIONS) {
      const expected = LEGAL[status][action];
      it(`${action} from ${status} -> ${expected ?? 'refused (409)'}`, () => {
        const t = makeTicket({ status });
        const r = reduceTicket(t, { action, at: t.reportedAt + 60_000, rating: 5 }, rule, unitFor);
        if (expected) {
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.ticket.status).toBe(expected);
        } else {
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error).toBe('illegal_transition');
            expect(r.message).toContain(status);
            expect(r.allowed).toEqual(Object.keys(LEGAL[status]).filter((a) => a !== 'escalate' || t.tier > 1));
          }
        }
      });
    }
  }

  it('escalation moves up one tier, changes the unit and resets the closing deadline', () => {
    const t = makeTicket({ status: 'dispatched', tier: 3 });
    const at = t.reportedAt + 10 * 3600_000;
    const r = reduceTicket(t, { action: 'escalate', at }, rule, unitFor);
    expect(r.ok && r.ticket).toMatchObject({ tier: 2, escalations: 1, handlingUnit: 'unit-2', closeDueAt: at + 72 * 3600_000 });
    const r2 = r.ok ? reduceTicket(r.ticket, { action: 'escalate', at: at + 1 }, rule, unitFor) : r;
    expect(r2.ok && r2.ticket.tier).toBe(1);
    const r3 = r2.ok ? reduceTicket(r2.ticket, { action: 'escalate', at: at + 2 }, rule, unitFor) : r2;
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.message).toMatch(/tier 1/);
  });

  it('evaluate needs a rating from 1 to 5', () => {
    const t = makeTicket({ status: 'closed' });
    expect(reduceTicket(t, { action: 'evaluate', at: 1 }, rule, unitFor).ok).toBe(false);
    expect(reduceTicket(t, { action: 'evaluate', at: 1, rating: 6 }, rule, unitFor).ok).toBe(false);
    const r = reduceTicket(t, { action: 'evaluate', at: 1, rating: 4 }, rule, unitFor);
    expect(r.ok && r.ticket.rating).toBe(4);
  });

  it('rework counts and sends the ticket back to in_progress', () => {
    const r = reduceTicket(makeTicket({ status: 'handled' }), { action: 'rework', at: 1 }, rule, unitFor);
    expect(r.ok && r.ticket).toMatchObject({ status: 'in_progress', reworks: 1 });
  });
});
