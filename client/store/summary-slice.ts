import type { StateCreator } from 'zustand';
import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import { applyDelta, applySnapshot, type DeltaResult, type SummaryState } from './summary-reducers.js';
import type { WallState } from './wall-store.js';

export interface SummarySlice extends SummaryState {
  /** How many snapshots were applied: each one (first subscribe, gap, reconnect) makes the HTTP side refresh. */
  snapshots: number;
  applySnapshot: (snapshot: ScopeSnapshot) => void;
  /** Applies the delta if it is the next one; 'gap' tells the socket to re-subscribe. */
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
      set({ ...applySnapshot(pick(get()), snapshot), snapshots: get().snapshots + 1, ...received() });
    },
    applyDelta: (delta) => {
      const { result, state } = applyDelta(pick(get()), delta);
      if (result === 'ok') set({ ...state, ...received() });
      return result;
    },
  });

/** Every applied snapshot or delta proves the link is alive; the status bar shows how fresh the data is. */
function received(): Pick<WallState, 'lastDataAt'> {
  return { lastDataAt: Date.now() };
}
