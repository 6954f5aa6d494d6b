import type { Ticket } from '../../shared/schemas/ticket.js';
import type { AccountPrincipal, Principal } from '../auth/policy.js';
import type { MoshaoServer } from './broadcaster.js';

/** The room of one account's sockets: only that account's own tickets are announced there. */
export const accountRoom = (accountId: number): string => `account:${accountId}`;

/**
 * "My reports", live: a reporter's socket (authenticated by its session cookie at the handshake) joins its account's
 * room, and a change to one of that reporter's tickets is announced there as `ticket:mine` { id, status, at }. Which
 * tickets have a reporter is held in memory (a few per reporter), so the replay's thousands of changes a second cost a
 * map lookup each, never a query.
 */
export function createMineChannel(io: MoshaoServer, principalOfCookie: (cookie: string | undefined) => Principal | null,
  owners: Iterable<[number, number]>) {
  const ownerOf = new Map(owners);
  io.on('connection', (socket) => {
    const p = principalOfCookie(socket.handshake.headers.cookie);
    if (p && p.kind === 'account' && p.role === 'reporter') void socket.join(accountRoom((p as AccountPrincipal).accountId));
  });
  const announce = (accountId: number, t: Pick<Ticket, 'id' | 'status' | 'updatedAt'>) => {
    io.to(accountRoom(accountId)).emit('ticket:mine', { id: t.id, status: t.status, at: t.updatedAt });
  };
  return {
    /** A ticket filed by a reporter: its later changes go to the reporter's room. */
    owned(ticketId: number, accountId: number, t: Pick<Ticket, 'id' | 'status' | 'updatedAt'>): void {
      ownerOf.set(ticketId, accountId);
      announce(accountId, t);
    },
    ticketChanged(t: Ticket): void {
      const accountId = ownerOf.get(t.id);
      if (accountId !== undefined) announce(accountId, t);
    },
    /** The ticket tables were emptied (the demo laid out its year again). */
    forgetAll(): void {
      ownerOf.clear();
    },
  };
}
export type MineChannel = ReturnType<typeof createMineChannel>;
