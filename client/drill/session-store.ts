import { createStore, useStore } from 'zustand';
import type { Me } from '../../shared/schemas/auth.js';
import { fetchMe, login, logout } from '../api/auth.js';
import type { LoginBody } from '../../shared/schemas/auth.js';
import { zh, type DrillMessages } from './messages.js';
import { en } from './messages-en.js';

export type Lang = 'zh' | 'en';
/** The same key as the wall's language toggle: one choice for the whole site. */
const LANG_KEY = 'moshao.lang';

export interface SessionState {
  /** undefined until GET /api/auth/me has answered; null when nobody is logged in. */
  me: Me | null | undefined;
  lang: Lang;
  setMe: (me: Me | null) => void;
  toggleLang: () => void;
  refresh: () => Promise<Me | null>;
  login: (body: LoginBody) => Promise<Me>;
  logout: () => Promise<void>;
}

function readLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function createSessionStore() {
  return createStore<SessionState>()((set, get) => ({
    me: undefined,
    lang: readLang(),
    setMe: (me) => set({ me }),
    toggleLang: () => {
      const lang: Lang = get().lang === 'zh' ? 'en' : 'zh';
      try {
        globalThis.localStorage?.setItem(LANG_KEY, lang);
      } catch {
        // Storage may be refused (private mode); the toggle still holds for this page.
      }
      set({ lang });
    },
    refresh: async () => {
      const me = await fetchMe();
      set({ me });
      return me;
    },
    login: async (body) => {
      const me = await login(body);
      set({ me });
      return me;
    },
    logout: async () => {
      try {
        await logout();
      } finally {
        set({ me: null });
      }
    },
  }));
}

export const sessionStore = createSessionStore();

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(sessionStore, selector);
}

const MESSAGES: Record<Lang, DrillMessages> = { zh, en };

export function useT(): DrillMessages {
  return MESSAGES[useSession((s) => s.lang)];
}
