import type { StateCreator } from 'zustand';
import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import { mergeCells, mergeRanking, rankingRowOf } from './pushed-rows.js';
import { applyDelta, applySnapshot, type DeltaResult, type SummaryState } from './summary-reducers.js';
import type { ConnectionSlice } from './connection-slice.js';
import type { GeoSlice } from './geo-slice.js';
import type { RankingSlice } from './ranking-slice.js';
import type { TicketSlice } from './ticket-slice.js';

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

/** What a snapshot or delta writes besides the summary: the map's cells, the ranking, freshness, and the board. */
type SummaryWrites = SummarySlice & Pick<GeoSlice, 'cellMeasures'> & Pick<RankingSlice, 'ranking'> & Pick<ConnectionSlice, 'lastDataAt'> & Pick<TicketSlice, 'fillBoard'>;

const pick = ({ scope, summary, seq }: SummaryState): SummaryState => ({ scope, summary, seq });

export const createSummarySlice =
  (scope: string): StateCreator<SummaryWrites, [], [], SummarySlice> =>
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
function received(): Pick<ConnectionSlice, 'lastDataAt'> {
  return { lastDataAt: Date.now() };
}
