import type { StateCreator } from 'zustand';
import { contains, parentOf, scopeLevelOf } from '../../shared/scope.js';
import type { SummaryState } from './summary-reducers.js';

/** What the map colours cells by. */
export type MapMeasure = 'open' | 'overdue' | 'per1000';
export const MAP_MEASURES: readonly MapMeasure[] = ['open', 'overdue', 'per1000'];

/**
 * The view state of the wall: the map's drill level and measure, the about box. Not from the server. The language is
 * the whole site's, in i18n/lang-store.ts.
 */
export interface UiSlice {
  measure: MapMeasure;
  /** The scope the map shows: the wall's scope, or a town or village someone clicked into. */
  mapScope: string;
  aboutOpen: boolean;
  /** Wall time of the last pointer or key input: the wall returns to its overview after a quiet while. */
  lastInputAt: number;
  setMeasure: (measure: MapMeasure) => void;
  drillTo: (scope: string) => void;
  /** One level up the map's drill stack, never above the wall's own scope. */
  drillUp: () => void;
  resetView: () => void;
  setAbout: (open: boolean) => void;
  noteInput: () => void;
}

export const createUiSlice =
  (scope: string): StateCreator<UiSlice & Pick<SummaryState, 'scope'>, [], [], UiSlice> =>
  (set, get) => ({
  measure: 'open',
  mapScope: scope,
  aboutOpen: false,
  lastInputAt: Date.now(),
  setMeasure: (measure) => set({ measure }),
  drillTo: (scope) => {
    // Only inside the wall's scope and never down to one cell: the map of a village already shows each of its cells.
    if (!contains(get().scope, scope) || scopeLevelOf(scope) === 'grid') return;
    set({ mapScope: scope });
  },
  drillUp: () => {
    const { mapScope, scope } = get();
    if (mapScope === scope) return;
    const up = parentOf(mapScope);
    set({ mapScope: up !== null && contains(scope, up) ? up : scope });
  },
  resetView: () => set({ mapScope: get().scope, aboutOpen: false, measure: 'open' }),
  setAbout: (aboutOpen) => set({ aboutOpen }),
  noteInput: () => set({ lastInputAt: Date.now() }),
});
