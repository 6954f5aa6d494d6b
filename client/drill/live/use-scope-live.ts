import { useEffect, useRef, useState } from 'react';
import type { Summary } from '../../../shared/schemas/summary.js';
import type { PublicTicket } from '../../../shared/schemas/ticket.js';
import { connectScopeFeed, createDrillSocket, type FeedStatus } from './scope-feed.js';

export interface ScopeLive {
  summary: Summary | null;
  status: FeedStatus;
}

/**
 * The live summary of the page's scope through its own socket. `onTickets` hears the scope's ticket changes; it may
 * change between renders without re-subscribing.
 */
export function useScopeLive(scope: string | null, onTickets?: (tickets: PublicTicket[], dropped: number) => void): ScopeLive {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const ticketsRef = useRef(onTickets);
  useEffect(() => {
    ticketsRef.current = onTickets;
  }, [onTickets]);

  useEffect(() => {
    if (!scope) return;
    setSummary(null);
    setStatus('connecting');
    return connectScopeFeed(createDrillSocket(), scope, {
      onSummary: setSummary,
      onStatus: setStatus,
      onTickets: (tickets, dropped) => ticketsRef.current?.(tickets, dropped),
    });
  }, [scope]);

  return { summary, status };
}
