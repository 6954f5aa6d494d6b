import { useSyncExternalStore } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth.js';
import type { MMe } from './api.js';

/**
 * Who is using the phone. The last answer of /api/auth/me is kept on the phone (never the CSRF token), so that the app
 * opened without network still knows its reporter and files offline as them; it is asked again whenever the network is
 * there, which also renews the CSRF token that writes need.
 */
const KEY = 'moshao-m-me';
type Known = Omit<MMe, 'csrfToken'>;
let me: Known | null | undefined = (() => {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Known) : undefined;
  } catch {
    return undefined;
  }
})();
const listeners = new Set<() => void>();

function keep(next: MMe | null): void {
  if (next) {
    const { csrfToken: _csrf, ...known } = next;
    me = known;
  } else me = null;
  try {
    if (me) localStorage.setItem(KEY, JSON.stringify(me));
    else localStorage.removeItem(KEY);
  } catch {
    // storage refused: the session still works while the page is open
  }
  listeners.forEach((l) => l());
}

/** Whether this phone has had a session (it then asks the server at start). */
export const knownBefore = (): boolean => me !== undefined && me !== null;

/** Nobody is logged in on a phone that never had a session: say so without asking. */
export function forgetNobody(): void {
  if (me === undefined) {
    me = null;
    listeners.forEach((l) => l());
  }
}

/** Asks the server who is logged in; without network keeps what the phone knew. */
export async function renew(): Promise<void> {
  try {
    keep((await fetchMe()) as MMe | null);
  } catch {
    if (me === undefined) {
      me = null;
      listeners.forEach((l) => l());
    }
  }
}

export async function login(username: string, password: string): Promise<void> {
  keep((await apiLogin({ username, password })) as MMe);
}

export async function logout(): Promise<void> {
  await apiLogout().catch(() => undefined);
  keep(null);
}

/** undefined while the first answer is awaited, null when nobody is logged in. */
export function useMe(): Known | null | undefined {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => me);
}
