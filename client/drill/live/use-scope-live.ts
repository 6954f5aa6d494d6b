import { useEffect, useRef, useState } from 'react';
import type { TicketUpsert } from '../../../shared/events.js';
import { followScope, INITIAL_VIEW, type ScopeView } from '../../realtime/follow-scope.js';
import { createSocket } from '../../realtime/socket.js';

export type ScopeLive = ScopeView;

/**
 * The live view of the page's scope through its own socket (the client's one socket module). `onTickets` hears the
 * scope's ticket changes; it may change between renders without re-subscribing.
 */
export function useScopeLive(scope: string | null, onTickets?: (upsert: TicketUpsert) => void): ScopeLive {
  const [view, setView] = useState<ScopeView>(INITIAL_VIEW);
  const ticketsRef = useRef(onTickets);
  useEffect(() => {
    ticketsRef.current = onTickets;
  }, [onTickets]);

  useEffect(() => {
    if (!scope) return;
    setView(INITIAL_VIEW);
    return followScope(createSocket(), scope, {
      onView: setView,
      onTickets: (upsert) => ticketsRef.current?.(upsert),
    });
  }, [scope]);

  return view;
}
