import { fetchGeo } from '../api/geo.js';
import { fetchHealth } from '../api/health.js';
import { fetchCategories } from '../api/tickets.js';
import type { WallStore } from '../store/index.js';

/** Geo, categories and health may fail while the server starts; try again at this pace until they load. */
const LOAD_RETRY_MS = 3_000;

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
 * The HTTP side of the wall: geometry, categories and mode, once at load. Everything that changes (the summary, the
 * map's cell measures, the ranking, the board) comes with the socket's snapshot and deltas, so a connected wall makes
 * no further request. Returns a function that stops it.
 */
export function loadWallData(store: WallStore): () => void {
  const abort = new AbortController();
  const { signal } = abort;
  const state = () => store.getState();

  // Health first: it names the geometry's versions, whose URLs the browser keeps without asking again.
  const health = untilLoaded(() => fetchHealth(signal), signal);
  void health.then((h) => h && loadGeometry(store, h.geo ?? {}, signal));
  void untilLoaded(() => fetchCategories(), signal).then((list) => list && state().setCategories(list));
  void health.then((h) => {
    if (!h) return;
    if (state().mode === null) state().setMode(h.mode);
    state().setWorldCells(h.cells ?? null);
  });
  // A live server without a world is restarted once one is imported: at the next snapshot (the wall re-subscribes by
  // itself) ask again, and reload the page when the world has come, since the map's geometry was loaded only once.
  // Only a wall without a world asks: one with a world never polls.
  const recheckWorld = async (): Promise<void> => {
    try {
      const h = await fetchHealth(signal);
      if ((h.cells ?? 0) > 0) window.location.reload();
    } catch (err) {
      if (!signal.aborted) console.warn('[wall] health:', err instanceof Error ? err.message : err);
    }
  };

  const unsubscribe = store.subscribe((now, prev) => {
    if (now.snapshots !== prev.snapshots && now.worldCells === 0) void recheckWorld();
  });

  return () => {
    abort.abort();
    unsubscribe();
  };
}
