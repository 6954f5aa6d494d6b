import type { TicketUpsert } from '../../shared/events.js';
import type { Summary } from '../../shared/schemas/summary.js';
import { applyDelta, applySnapshot, type SummaryState } from '../store/summary-reducers.js';
import { linkScope, type LinkStatus, type ScopeSocket } from './scope-link.js';

/** What a drill page shows of its scope's room. */
export interface ScopeView {
  summary: Summary | null;
  status: LinkStatus;
  /** Malformed events dropped since the page opened: the page says its numbers skipped a bad update. */
  malformed: number;
}

export interface FollowHandlers {
  /** Every change of the view, as a new object. */
  onView: (view: ScopeView) => void;
  /** The scope's new or changed tickets (public projection), already checked. */
  onTickets?: (upsert: TicketUpsert) => void;
}

export const INITIAL_VIEW: ScopeView = { summary: null, status: 'connecting', malformed: 0 };

/**
 * A drill page's live scope: the same link as the wall's (scope-link.ts), with the summary kept in the page rather
 * than in the wall's store. Returns a function that stops it and closes the socket.
 */
export function followScope(socket: ScopeSocket, scope: string, handlers: FollowHandlers): () => void {
  let state: SummaryState = { scope, summary: null, seq: null };
  let view: ScopeView = INITIAL_VIEW;
  const show = (change: Partial<ScopeView>): void => {
    view = { ...view, ...change };
    handlers.onView(view);
  };

  const link = linkScope(
    socket,
    {
      scope: () => scope,
      hasData: () => state.summary !== null,
      snapshot: (snapshot) => {
        state = applySnapshot(state, snapshot);
        show({ summary: state.summary });
      },
      delta: (delta) => {
        const { result, state: next } = applyDelta(state, delta);
        if (result === 'ok') {
          state = next;
          show({ summary: state.summary });
        }
        return result;
      },
      status: (status) => {
        if (status !== view.status) show({ status });
      },
      tickets: (upsert) => handlers.onTickets?.(upsert),
      malformed: () => show({ malformed: view.malformed + 1 }),
    },
    'drill',
  );
  return link.stop;
}
