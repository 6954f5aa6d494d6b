import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

export type Lang = 'zh' | 'en';

/** One key for the whole site: a language chosen on the wall holds on the supervisors' pages, and back. */
export const LANG_STORAGE_KEY = 'moshao.lang';

export interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggleLang: () => void;
}

function readLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function saveLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // A locked-down kiosk or a private window may refuse storage; the choice still holds for this page.
  }
}

/** The language choice, read from storage once and written back on every change. The app makes one; tests their own. */
export function createLangStore(): StoreApi<LangState> {
  return createStore<LangState>()((set, get) => ({
    lang: readLang(),
    setLang: (lang) => {
      saveLang(lang);
      set({ lang });
    },
    toggleLang: () => get().setLang(get().lang === 'zh' ? 'en' : 'zh'),
  }));
}

/** The one language store of the page: the wall's `l` key and the supervisors' menu both switch it. */
export const langStore = createLangStore();

export function useLang(): Lang {
  return useStore(langStore, (s) => s.lang);
}
