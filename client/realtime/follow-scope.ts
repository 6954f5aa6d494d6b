import type { ScopeDelta, ScopeSnapshot, TicketUpsert } from '../../shared/events.js';
import type { ScopeChild } from '../../shared/schemas/drill.js';
import type { CellMeasures, Summary } from '../../shared/schemas/summary.js';
import { mergeById, mergeCells } from '../store/pushed-rows.js';
import { applyDelta, applySnapshot, type SummaryState } from '../store/summary-reducers.js';
import { linkScope, type LinkStatus, type ScopeSocket } from './scope-link.js';

/** What a drill page shows of its scope's room: everything comes with the snapshot and its deltas, no HTTP. */
export interface ScopeView {
  summary: Summary | null;
  /** The map's counts of every grid cell inside the scope, by id; null until the first snapshot. */
  cells: CellMeasures | null;
  /** The children's ranking rows, in code order; null until the first snapshot. */
  children: readonly ScopeChild[] | null;
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

export const INITIAL_VIEW: ScopeView = { summary: null, cells: null, children: null, status: 'connecting', malformed: 0 };

/** A snapshot's cells and children (validate.ts's snapshotOf has left a malformed one empty). */
export function viewOfSnapshot(snapshot: ScopeSnapshot): Pick<ScopeView, 'cells' | 'children'> {
  return { cells: snapshot.cells, children: snapshot.children };
}

/**
 * A delta's changed cells and children folded into the view: each arrives whole, as it is now, so they replace by id.
 * Returns the parts that changed (none when the delta carries neither), for one new view object.
 */
export function viewAfterDelta(view: ScopeView, delta: ScopeDelta): Partial<ScopeView> {
  const out: Partial<ScopeView> = {};
  const cells = mergeCells(view.cells, delta.cells);
  if (cells !== view.cells) out.cells = cells;
  const children = mergeById(view.children, delta.children);
  if (children !== view.children) out.children = children;
  return out;
}

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
        show({ summary: state.summary, ...viewOfSnapshot(snapshot) });
      },
      delta: (delta) => {
        const { result, state: next } = applyDelta(state, delta);
        if (result === 'ok') {
          state = next;
          show({ summary: state.summary, ...viewAfterDelta(view, delta) });
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
