import type { TicketAction } from '../../shared/constants.js';
import { allowedActions } from '../../shared/lifecycle.js';
import type { User } from '../../shared/schemas/auth.js';
import type { Ticket } from '../../shared/schemas/ticket.js';

/** Roles that may move tickets along (shared/schemas/auth.ts: transitions need admin, district or town). */
const ACTING_ROLES: ReadonlySet<User['role']> = new Set(['admin', 'district', 'town']);

/**
 * The actions to offer on a ticket page. The server's list (TicketPage.allowedActions) is the authority; without it we
 * work it out the same way: a supervisor of the ticket's scope, the lifecycle from its status, escalation only below
 * tier 1. The server checks again on every POST, so this decides only which buttons to draw.
 */
export function actionsFor(ticket: Ticket, user: User | null, fromServer?: readonly TicketAction[] | null): TicketAction[] {
  if (fromServer) return [...fromServer];
  if (!user || !ACTING_ROLES.has(user.role)) return [];
  if (user.role === 'town' && (!user.townCode || !ticket.gridId.startsWith(user.townCode))) return [];
  return allowedActions(ticket.status).filter((a) => a !== 'escalate' || ticket.tier > 1);
}

/** What an action's form asks for besides the note. */
export function actionNeeds(action: TicketAction): 'rating' | 'duplicate' | null {
  if (action === 'evaluate') return 'rating';
  if (action === 'merge') return 'duplicate';
  return null;
}
