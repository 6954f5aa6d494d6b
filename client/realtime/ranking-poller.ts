import { fetchSummary } from '../api/summary.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { WallState, WallStore } from '../store/index.js';
import type { RankingRow } from '../store/ranking-slice.js';

/**
 * The ranking compares the scope's children (towns of the district, villages of a town). A socket follows one scope
 * (one room), so the children's numbers come by HTTP: a handful of small summaries at a slow pace. A ranking that is
 * 15 s old is as good as a live one, and this costs the server one cached-aggregate read per child per poll.
 */
export const RANKING_POLL_MS = 15_000;

/** The children of the wall's scope, with display names (居委会/村委会 dropped: shorter, as the wall says them). */
export function childrenOf(state: Pick<WallState, 'scope' | 'townGeo' | 'villageGeo' | 'geo'>): { id: string; name: string }[] | null {
  const level: GeoCollection | null =
    state.scope.length === 6 ? state.townGeo : state.scope.length === 9 ? state.villageGeo : state.geo;
  if (!level) return null;
  return level.features
    .filter((f) => f.id.startsWith(state.scope) && f.id !== state.scope)
    .map((f) => ({ id: f.id, name: f.properties.name.replace(/(居委会|村委会)$/, '') }));
}

export function startRankingPoller(store: WallStore, signal: AbortSignal): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // Each poll gets a number: a scope change starts a new one at once, and the older one's rows and timer are dropped.
  let generation = 0;
  const poll = async (): Promise<void> => {
    const mine = ++generation;
    const current = () => !stopped && mine === generation;
    const children = childrenOf(store.getState());
    if (children && children.length > 0) {
      try {
        const rows: RankingRow[] = await Promise.all(
          children.map(async ({ id, name }) => {
            const s = await fetchSummary(id, signal);
            return { id, name, total: s.tickets.total, open: s.tickets.open, onTimeRate: s.kpi.onTimeRate, satisfactionRate: s.kpi.satisfactionRate };
          }),
        );
        if (current()) store.getState().setRanking(rows);
      } catch (err) {
        if (!signal.aborted) console.warn('[wall] ranking:', err instanceof Error ? err.message : err);
      }
    }
    // Until the outlines are loaded there is nothing to rank: look again soon.
    if (current()) timer = setTimeout(poll, children ? RANKING_POLL_MS : 1_000);
  };
  // A rotating wall changed scope: its ranking is of other children now.
  const unsubscribe = store.subscribe((now, prev) => {
    if (now.scope === prev.scope || stopped) return;
    clearTimeout(timer);
    void poll();
  });
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
