import type { StateCreator } from 'zustand';
import { DISTRICT_CODE } from '../../shared/constants.js';
import type { WallState } from './wall-store.js';

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

/** The parent of a town (the district) or of a village (its town). */
export function parentScope(scope: string): string {
  if (scope.length === 12) return scope.slice(0, 9);
  if (scope.length === 9) return DISTRICT_CODE;
  return scope;
}

export const createUiSlice =
  (scope: string): StateCreator<WallState, [], [], UiSlice> =>
  (set, get) => ({
  measure: 'open',
  mapScope: scope,
  aboutOpen: false,
  lastInputAt: Date.now(),
  setMeasure: (measure) => set({ measure }),
  drillTo: (scope) => {
    // Only deeper than the wall's scope and never below a village: a cell has no children to show.
    if (!scope.startsWith(get().scope) || scope.length > 12) return;
    set({ mapScope: scope });
  },
  drillUp: () => {
    const { mapScope, scope } = get();
    if (mapScope === scope) return;
    const up = parentScope(mapScope);
    set({ mapScope: up.startsWith(scope) ? up : scope });
  },
  resetView: () => set({ mapScope: get().scope, aboutOpen: false, measure: 'open' }),
  setAbout: (aboutOpen) => set({ aboutOpen }),
  noteInput: () => set({ lastInputAt: Date.now() }),
});
