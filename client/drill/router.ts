import { useSyncExternalStore } from 'react';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';
import type { SuperviseLevel } from '../api/supervise.js';
import { safeNext } from './safe-next.js';

const SUPERVISE_LEVELS: readonly string[] = ['blue', 'yellow', 'red', 'escalated'];
const TICKET_ID = /^[1-9]\d{0,11}$/;

/**
 * The supervisors' pages and their deep links. Everything else is the wall's. The browser's own history is the back
 * stack: navigate() pushes an entry, the back button pops one (popstate), and every page can be opened cold from its URL.
 */
export type Route =
  | { page: 'scope'; level: 'district' | 'town' | 'village'; scope: string }
  | { page: 'grid'; scope: string }
  | { page: 'ticket'; id: number }
  | { page: 'supervise'; scope: string | null; level: SuperviseLevel | null }
  | { page: 'supervise-print'; id: number }
  | { page: 'login'; next: string }
  | { page: 'admin' }
  | { page: 'reports' }
  | { page: 'reporters'; scope: string | null }
  | { page: 'not-found'; path: string }
  | { page: 'print-monthly'; scope: string | null; month: string }
  | { page: 'wall' };

const DRILL_PREFIX = '/drill';

export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return { page: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/admin') return { page: 'admin' };
  // The monthly report laid out for A4: what the server prints to PDF (server/routes/reports.ts).
  if (path === '/print/monthly') {
    const q = new URLSearchParams(search);
    return { page: 'print-monthly', scope: q.get('scope'), month: q.get('month') ?? '' };
  }
  if (path !== DRILL_PREFIX && !path.startsWith(`${DRILL_PREFIX}/`)) return { page: 'wall' };
  if (path === DRILL_PREFIX) return { page: 'scope', level: 'district', scope: DISTRICT_CODE };
  if (path === `${DRILL_PREFIX}/reports`) return { page: 'reports' };
  if (path === REPORTERS_PATH) return { page: 'reporters', scope: reportersScope(new URLSearchParams(search).get('scope')) };

  const [kind, value, ...rest] = path.slice(DRILL_PREFIX.length + 1).split('/').map(decodeURIComponent);
  if (kind === 'supervise') return superviseRoute(value, rest, search) ?? { page: 'not-found', path };
  if (rest.length === 0 && value) {
    const level = scopeLevelOf(value);
    if (kind === 'town' && level === 'town') return { page: 'scope', level: 'town', scope: value };
    if (kind === 'village' && level === 'village') return { page: 'scope', level: 'village', scope: value };
    if (kind === 'grid' && level === 'grid') return { page: 'grid', scope: value };
    if (kind === 'ticket' && TICKET_ID.test(value)) return { page: 'ticket', id: Number(value) };
  }
  return { page: 'not-found', path };
}

/** `/drill/supervise?scope=&level=` (a scope id and a level, each optional) and `/drill/supervise/<ticket id>/print`. */
function superviseRoute(value: string | undefined, rest: string[], search: string): Route | null {
  if (value === undefined) {
    const params = new URLSearchParams(search);
    const scope = params.get('scope');
    const level = params.get('level');
    return {
      page: 'supervise',
      scope: scope && scopeLevelOf(scope) ? scope : null,
      level: level && SUPERVISE_LEVELS.includes(level) ? (level as SuperviseLevel) : null,
    };
  }
  if (TICKET_ID.test(value) && rest.length === 1 && rest[0] === 'print') return { page: 'supervise-print', id: Number(value) };
  return null;
}

/** The 督办 page of a scope (null: the widest the caller reaches), at one level or all. */
export function supervisePath(scope: string | null = null, level: SuperviseLevel | null = null): string {
  const q = new URLSearchParams();
  if (scope) q.set('scope', scope);
  if (level) q.set('level', level);
  const s = q.toString();
  return `${DRILL_PREFIX}/supervise${s ? `?${s}` : ''}`;
}

export const supervisePrintPath = (id: number): string => `${DRILL_PREFIX}/supervise/${id}/print`;

/** The URL of a scope's page, from its id alone (ids nest by prefix: shared/scope.ts). */
export function scopePath(scope: string): string {
  switch (scopeLevelOf(scope)) {
    case 'town':
      return `${DRILL_PREFIX}/town/${scope}`;
    case 'village':
      return `${DRILL_PREFIX}/village/${scope}`;
    case 'grid':
      return `${DRILL_PREFIX}/grid/${scope}`;
    default:
      return DRILL_PREFIX;
  }
}

export const ticketPath = (id: number): string => `${DRILL_PREFIX}/ticket/${id}`;
export const REPORTS_PATH = `${DRILL_PREFIX}/reports`;
export const REPORTERS_PATH = `${DRILL_PREFIX}/reporters`;

/** The reporters' page lists a town or a village; any other scope is ignored (the page then picks the caller's own). */
function reportersScope(scope: string | null): string | null {
  const level = scope ? scopeLevelOf(scope) : null;
  return level === 'town' || level === 'village' ? scope : null;
}

/** The reporters' page of a town or village (null: the caller's own town, or a chooser). */
export const reportersPath = (scope: string | null = null): string =>
  scope ? `${REPORTERS_PATH}?scope=${encodeURIComponent(scope)}` : REPORTERS_PATH;
export const loginPath = (next: string): string => `/login?next=${encodeURIComponent(safeNext(next))}`;

const listeners = new Set<() => void>();
let current: { key: string; route: Route } | null = null;

function locationKey(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** The route of the current URL; the same object until the URL changes, as useSyncExternalStore requires. */
export function currentRoute(): Route {
  const key = locationKey();
  if (current?.key !== key) current = { key, route: parseRoute(window.location.pathname, window.location.search) };
  return current.route;
}

function notify(): void {
  for (const listener of listeners) listener();
}

/** Goes to a page: a new history entry, or (replace) the current one, e.g. after login or for a redirect. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === locationKey() && !opts.replace) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
}

export function subscribeRoute(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('popstate', notify);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribeRoute, currentRoute, currentRoute);
}

/** Where the current page lives, for a login redirect that returns here. */
export function hereForLogin(): string {
  return locationKey();
}
