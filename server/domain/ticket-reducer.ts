import type { TicketAction, TicketStatus, Tier } from '../../shared/constants.js';
import { TRANSITIONS, allowedActions } from '../../shared/lifecycle.js';
import { closeDueAt, type DeadlineRule } from '../../shared/deadlines.js';
import type { Ticket } from '../../shared/schemas/ticket.js';

export interface ActionInput {
  action: TicketAction;
  at: number;
  rating?: number;
  duplicateOf?: number;
}

export type ReduceResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; error: 'illegal_transition' | 'invalid_action'; message: string; allowed: TicketAction[] };

/**
 * The ticket state machine as a pure reducer: the ticket after one action at time `at`.
 * `unitFor` names the handling unit of a tier (village for 3, town for 2, district department for 1).
 * acceptedAt records the first response, which may also be a rejection or a merge of a just-reported ticket.
 */
export function reduceTicket(ticket: Ticket, input: ActionInput, rule: DeadlineRule, unitFor: (tier: Tier) => string): ReduceResult {
  const { action, at } = input;
  const transition = TRANSITIONS[action];
  // Only a refusal lists what was allowed: the replay and a seek call this hundreds of thousands of times.
  const allowed = () => allowedActions(ticket.status).filter((a) => a !== 'escalate' || ticket.tier > 1);
  if (!transition.from.includes(ticket.status)) {
    return { ok: false, error: 'illegal_transition', message: illegal(ticket.status, action, allowed()), allowed: allowed() };
  }
  if (action === 'escalate' && ticket.tier === 1) {
    return { ok: false, error: 'illegal_transition', message: `Ticket ${ticket.id} is already tier 1 (district departments) and cannot be escalated further.`, allowed: allowed() };
  }
  if (action === 'evaluate' && (input.rating === undefined || !Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)) {
    return { ok: false, error: 'invalid_action', message: 'evaluate needs a rating from 1 to 5.', allowed: allowed() };
  }
  const next: Ticket = { ...ticket, status: transition.to as TicketStatus, updatedAt: at };
  switch (action) {
    case 'accept':
    case 'reject':
      next.acceptedAt = at;
      break;
    case 'merge':
      next.acceptedAt ??= at;
      next.duplicateOf = input.duplicateOf ?? null;
      break;
    case 'dispatch':
      next.dispatchedAt = at;
      break;
    case 'start':
      next.startedAt ??= at;
      break;
    case 'escalate': {
      const tier = (ticket.tier - 1) as Tier;
      next.tier = tier;
      next.escalations = ticket.escalations + 1;
      next.handlingUnit = unitFor(tier);
      next.closeDueAt = closeDueAt(at, rule);
      next.dispatchedAt = at;
      break;
    }
    case 'handle':
      next.handledAt = at;
      break;
    case 'close':
      next.closedAt = at;
      break;
    case 'rework':
      next.reworks = ticket.reworks + 1;
      break;
    case 'evaluate':
      next.rating = input.rating ?? null;
      next.evaluatedAt = at;
      break;
    case 'return':
      break;
  }
  return { ok: true, ticket: next };
}

function illegal(status: TicketStatus, action: TicketAction, allowed: TicketAction[]): string {
  const list = allowed.length > 0 ? allowed.join(', ') : 'none (the ticket is finished)';
  return `Cannot ${action} a ticket that is ${status}; allowed actions: ${list}.`;
}
