import { useSyncExternalStore } from 'react';

/** The app's own navigation: history.pushState and popstate, no router package (every kB counts on a phone). */
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function go(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

export function useLocation(): string {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => location.pathname + location.search);
}
