import type { TicketAction, TicketStatus } from './constants.js';

/**
 * The ticket state machine. Each action lists the statuses it may be taken from and the status it
 * leads to. Escalation additionally needs a tier above 1; that check lives with the reducer on the server.
 */
export const TRANSITIONS: Readonly<Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }>> = {
  accept: { from: ['reported'], to: 'accepted' },
  reject: { from: ['reported'], to: 'rejected' },
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched' },
  return: { from: ['dispatched', 'in_progress'], to: 'returned' },
  start: { from: ['dispatched'], to: 'in_progress' },
  escalate: { from: ['accepted', 'dispatched', 'in_progress', 'returned'], to: 'dispatched' },
  handle: { from: ['in_progress'], to: 'handled' },
  close: { from: ['handled'], to: 'closed' },
  rework: { from: ['handled'], to: 'in_progress' },
  evaluate: { from: ['closed'], to: 'evaluated' },
  merge: { from: ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'returned'], to: 'merged' },
};

/** The actions allowed from a status (ignoring the tier rule of escalation). */
export function allowedActions(status: TicketStatus): TicketAction[] {
  return (Object.keys(TRANSITIONS) as TicketAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}
