import type { Ticket } from '../../shared/schemas/ticket.js';

/** A ticket for tests: a tier-3 street-lamp report in a 丁卯街道 cell, with any field overridden. */
export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 1, title: '路灯不亮', description: '', category: 'lamp', tier: 3, status: 'reported', channel: 'mini_program',
    reporterRole: 'resident', urgent: false, gridId: '321171001002-03', lng: 119.5, lat: 32.1, address: '', handlingUnit: '',
    reportedAt: 0, acceptedAt: null, dispatchedAt: null, startedAt: null, handledAt: null, closedAt: null, evaluatedAt: null,
    responseDueAt: 1, closeDueAt: 2, escalations: 0, reworks: 0, rating: null, duplicateOf: null, updatedAt: 0, ...over,
  };
}
