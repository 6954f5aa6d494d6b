import { createStore, useStore } from 'zustand';
import type { Me } from '../../shared/schemas/auth.js';
import { fetchMe, login, logout } from '../api/auth.js';
import type { LoginBody } from '../../shared/schemas/auth.js';

export interface SessionState {
  /** undefined until GET /api/auth/me has answered; null when nobody is logged in. */
  me: Me | null | undefined;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<Me | null>;
  login: (body: LoginBody) => Promise<Me>;
  logout: () => Promise<void>;
}

export function createSessionStore() {
  return createStore<SessionState>()((set) => ({
    me: undefined,
    setMe: (me) => set({ me }),
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
