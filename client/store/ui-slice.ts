import type { StateCreator } from 'zustand';
import { contains, parentOf, scopeLevelOf } from '../../shared/scope.js';
import type { SummaryState } from './summary-reducers.js';

/** The wall's languages (the catalogues in ../i18n are keyed by them). */
export type Lang = 'zh' | 'en';

/** What the map colours cells by. */
export type MapMeasure = 'open' | 'overdue' | 'per1000';
export const MAP_MEASURES: readonly MapMeasure[] = ['open', 'overdue', 'per1000'];

const LANG_KEY = 'moshao.lang';

/** The view state of the wall: language, the map's drill level and measure, the about box. Not from the server. */
export interface UiSlice {
  lang: Lang;
  measure: MapMeasure;
  /** The scope the map shows: the wall's scope, or a town or village someone clicked into. */
  mapScope: string;
  aboutOpen: boolean;
  /** Wall time of the last pointer or key input: the wall returns to its overview after a quiet while. */
  lastInputAt: number;
  setLang: (lang: Lang) => void;
  toggleLang: () => void;
  setMeasure: (measure: MapMeasure) => void;
  drillTo: (scope: string) => void;
  /** One level up the map's drill stack, never above the wall's own scope. */
  drillUp: () => void;
  resetView: () => void;
  setAbout: (open: boolean) => void;
  noteInput: () => void;
}

function readLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function saveLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  } catch {
    // A locked-down kiosk browser may refuse storage; the toggle still works for this session.
  }
}

export const createUiSlice =
  (scope: string): StateCreator<UiSlice & Pick<SummaryState, 'scope'>, [], [], UiSlice> =>
  (set, get) => ({
  lang: readLang(),
  measure: 'open',
  mapScope: scope,
  aboutOpen: false,
  lastInputAt: Date.now(),
  setLang: (lang) => {
    saveLang(lang);
    set({ lang });
  },
  toggleLang: () => get().setLang(get().lang === 'zh' ? 'en' : 'zh'),
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
