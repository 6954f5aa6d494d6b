import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createGeoSlice, type GeoSlice } from './geo-slice.js';
import { createSummarySlice, type SummarySlice } from './summary-slice.js';

export type WallState = SummarySlice & ConnectionSlice & GeoSlice;
export type WallStore = StoreApi<WallState>;

/** A fresh store for one scope. The app makes one (see index.ts); tests make their own. */
export function createWallStore(scope: string): WallStore {
  return createStore<WallState>()((...a) => ({
    ...createSummarySlice(scope)(...a),
    ...createConnectionSlice(...a),
    ...createGeoSlice(...a),
  }));
}
