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

/** The map's cells and the town and village outlines, by their versioned URLs when the server names versions. */
function loadGeometry(store: WallStore, versions: Partial<Record<'town' | 'village' | 'grid', string>>, signal: AbortSignal): void {
  void untilLoaded(() => fetchGeo('grid', signal, versions.grid), signal).then((geo) => geo && store.getState().setGeo(geo));
  for (const level of ['town', 'village'] as const) {
    void untilLoaded(() => fetchGeo(level, signal, versions[level]), signal).then((geo) => geo && store.getState().setOutlines(level, geo));
  }
}

/**
 * The HTTP side of the wall: mode and geometry (once), categories (once), the per-cell counts (at once and after every
 * snapshot: first subscribe, gap or reconnect), the board's newest tickets (after every snapshot), the counts again
 * after ticket changes (throttled), and the ranking poll. Returns a function that stops it.
 */
export function loadWallData(store: WallStore): () => void {
  const abort = new AbortController();
  const { signal } = abort;
  const state = () => store.getState();

  // Health first: it names the geometry's versions, whose URLs the browser keeps without asking again.
  const health = untilLoaded(() => fetchHealth(signal), signal);
  void health.then((h) => h && loadGeometry(store, h.geo ?? {}, signal));
  void untilLoaded(() => fetchCategories(signal), signal).then((list) => list && state().setCategories(list));
  void health.then((h) => {
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
      const newestFirst = await fetchTickets(state().scope, BOARD_INITIAL_TICKETS, signal);
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
  // The map's counts now, beside the snapshot, not after it (the board's tickets need the snapshot's clock).
  void refreshMeasures();

  return () => {
    abort.abort();
    clearTimeout(pending);
    unsubscribe();
    stopRanking();
  };
}
