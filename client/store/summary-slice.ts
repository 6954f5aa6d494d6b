import type { StateCreator } from 'zustand';
import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import { mergeCells, mergeRanking, rankingRowOf } from './pushed-rows.js';
import { applyDelta, applySnapshot, type DeltaResult, type SummaryState } from './summary-reducers.js';
import type { WallState } from './wall-store.js';

export interface SummarySlice extends SummaryState {
  /** How many snapshots were applied (first subscribe, gap, reconnect, a replay's jump). */
  snapshots: number;
  /** The scope's whole state: summary, the map's cell measures, the ranking's rows and the board's newest tickets. */
  applySnapshot: (snapshot: ScopeSnapshot) => void;
  /**
   * Applies the delta if it is the next one (summary sections, and the cells and children that changed); 'gap' tells
   * the socket to re-subscribe.
   */
  applyDelta: (delta: ScopeDelta) => DeltaResult;
}

const pick = ({ scope, summary, seq }: SummaryState): SummaryState => ({ scope, summary, seq });

export const createSummarySlice =
  (scope: string): StateCreator<WallState, [], [], SummarySlice> =>
  (set, get) => ({
    scope,
    summary: null,
    seq: null,
    snapshots: 0,
    applySnapshot: (snapshot) => {
      set({
        ...applySnapshot(pick(get()), snapshot),
        cellMeasures: snapshot.cells,
        ranking: snapshot.children.map(rankingRowOf),
        snapshots: get().snapshots + 1,
        ...received(),
      });
      // The snapshot's clock: a demo that jumped back drops the board's later tickets.
      get().fillBoard(snapshot.board, snapshot.summary.clock);
    },
    applyDelta: (delta) => {
      const { result, state } = applyDelta(pick(get()), delta);
      if (result === 'ok') {
        const { cellMeasures, ranking } = get();
        set({ ...state, cellMeasures: mergeCells(cellMeasures, delta.cells), ranking: mergeRanking(ranking, delta.children), ...received() });
      }
      return result;
    },
  });

/** Every applied snapshot or delta proves the link is alive; the status bar shows how fresh the data is. */
function received(): Pick<WallState, 'lastDataAt'> {
  return { lastDataAt: Date.now() };
}
