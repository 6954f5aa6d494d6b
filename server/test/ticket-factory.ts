import type { Ticket } from '../../shared/schemas/ticket.js';

/** A freshly reported ticket for tests; override what matters. */
export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  const reportedAt = over.reportedAt ?? Date.UTC(2023, 5, 1, 2, 0, 0);
  return {
    id: 1, title: '路灯不亮', description: '', category: 'lamp', tier: 3, status: 'reported', channel: 'mini_program',
    reporterRole: 'resident', urgent: false, gridId: '321171102004-01', lng: 119.62, lat: 32.13, address: '',
    handlingUnit: '新茂社区', reportedAt, acceptedAt: null, dispatchedAt: null, startedAt: null, handledAt: null,
    closedAt: null, evaluatedAt: null, responseDueAt: reportedAt + 2 * 3600_000, closeDueAt: reportedAt + 72 * 3600_000,
    escalations: 0, reworks: 0, rating: null, duplicateOf: null, updatedAt: reportedAt,
    ...over,
  };
}
