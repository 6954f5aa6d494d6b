import { fetchCellMeasures } from '../api/cell-measures.js';
import { fetchGeo } from '../api/geo.js';
import { fetchHealth } from '../api/health.js';
import { fetchCategories, fetchTickets } from '../api/tickets.js';
import type { WallStore } from '../store/index.js';
import { startRankingPoller } from './ranking-poller.js';

/** Geo, categories and health may fail while the server starts; try again at this pace until they load. */
const LOAD_RETRY_MS = 3_000;
/** Per-cell counts follow ticket changes, but a whole-district fetch (one small JSON) at most this often. */
const MEASURES_REFRESH_MIN_MS = 3_000;
/** The board's first fill. */
export const BOARD_INITIAL_TICKETS = 30;

/** Retries `load` until it succeeds or `signal` aborts. */
async function untilLoaded<T>(load: () => Promise<T>, signal: AbortSignal): Promise<T | null> {
  while (!signal.aborted) {
    try {
      return await load();
    } catch (err) {
      if (signal.aborted) break;
      console.warn('[wall] will retry:', err instanceof Error ? err.message : err);
      await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS));
    }
  }
  return null;
}

/**
 * The HTTP side of the wall: geometry, categories and mode (once), the board's newest tickets and the per-cell counts
 * (after every snapshot: first subscribe, gap or reconnect), the counts again after ticket changes (throttled), and
 * the ranking poll. Returns a function that stops it.
 */
export function loadWallData(store: WallStore): () => void {
  const abort = new AbortController();
  const { signal } = abort;
  const state = () => store.getState();

  void untilLoaded(() => fetchGeo('grid', signal), signal).then((geo) => geo && state().setGeo(geo));
  for (const level of ['town', 'village'] as const) {
    void untilLoaded(() => fetchGeo(level, signal), signal).then((geo) => geo && state().setOutlines(level, geo));
  }
  void untilLoaded(() => fetchCategories(), signal).then((list) => list && state().setCategories(list));
  void untilLoaded(() => fetchHealth(signal), signal).then((h) => {
    if (!h) return;
    if (state().mode === null) state().setMode(h.mode);
    state().setWorldCells(h.cells ?? null);
  });
  // A live server without a world is restarted once one is imported: at the next snapshot (the wall re-subscribes by
  // itself) ask again, and reload the page when the world has come, since the map's geometry was loaded only once.
  const recheckWorld = async (): Promise<void> => {
    try {
      const h = await fetchHealth(signal);
      if ((h.cells ?? 0) > 0) window.location.reload();
    } catch (err) {
      if (!signal.aborted) console.warn('[wall] health:', err instanceof Error ? err.message : err);
    }
  };

  let measuresAvailable = true;
  let lastFetchAt = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshMeasures = async (): Promise<void> => {
    lastFetchAt = Date.now();
    try {
      const measures = await fetchCellMeasures(signal);
      // 404: this server has no per-cell counts; the map shows zeros and we stop asking.
      if (measures === null) measuresAvailable = false;
      state().setCellMeasures(measures);
    } catch (err) {
      if (!signal.aborted) console.warn('[wall] cell measures:', err instanceof Error ? err.message : err);
    }
  };
  const scheduleMeasures = (): void => {
    if (!measuresAvailable || pending) return;
    const wait = Math.max(0, lastFetchAt + MEASURES_REFRESH_MIN_MS - Date.now());
    pending = setTimeout(() => {
      pending = undefined;
      void refreshMeasures();
    }, wait);
  };
  const refillBoard = async (): Promise<void> => {
    try {
      const { items: newestFirst } = await fetchTickets({ scope: state().scope, limit: BOARD_INITIAL_TICKETS }, signal);
      state().fillBoard(newestFirst, state().summary?.clock);
    } catch (err) {
      if (!signal.aborted) console.warn('[wall] tickets:', err instanceof Error ? err.message : err);
    }
  };

  const unsubscribe = store.subscribe((now, prev) => {
    if (now.snapshots !== prev.snapshots) {
      if (now.worldCells === 0) void recheckWorld();
      void refillBoard();
      scheduleMeasures();
    } else if (now.summary?.tickets !== prev.summary?.tickets) {
      scheduleMeasures();
    }
  });
  const stopRanking = startRankingPoller(store, signal);

  return () => {
    abort.abort();
    clearTimeout(pending);
    unsubscribe();
    stopRanking();
  };
}
