import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createGeoSlice, type GeoSlice } from './geo-slice.js';
import { createRankingSlice, type RankingSlice } from './ranking-slice.js';
import { createSummarySlice, type SummarySlice } from './summary-slice.js';
import { createTicketSlice, type TicketSlice } from './ticket-slice.js';
import { createUiSlice, type UiSlice } from './ui-slice.js';

export type WallState = SummarySlice & ConnectionSlice & GeoSlice & TicketSlice & RankingSlice & UiSlice;
export type WallStore = StoreApi<WallState>;

/** A fresh store for one scope. The app makes one (see index.ts); tests make their own. */
export function createWallStore(scope: string): WallStore {
  return createStore<WallState>()((...a) => ({
    ...createSummarySlice(scope)(...a),
    ...createConnectionSlice(...a),
    ...createGeoSlice(...a),
    ...createTicketSlice(...a),
    ...createRankingSlice(...a),
    ...createUiSlice(scope)(...a),
  }));
}
