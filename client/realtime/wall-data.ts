import { fetchCellMeasures } from '../api/cell-measures.js';
import { fetchGeo } from '../api/geo.js';
import { fetchHealth } from '../api/health.js';
import type { WallStore } from '../store/index.js';

/** Geo and health may fail while the server starts; try again at this pace until they load. */
const LOAD_RETRY_MS = 3_000;
/** Per-cell counts follow ticket changes, but a whole-district fetch at most this often. */
const MEASURES_REFRESH_MIN_MS = 10_000;

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
 * The HTTP side of the wall: the cell geometry (once), the server's mode (once) and the per-cell ticket counts
 * (again after ticket changes, throttled). Returns a function that stops it.
 */
export function loadWallData(store: WallStore): () => void {
  const abort = new AbortController();
  const { signal } = abort;

  void untilLoaded(() => fetchGeo('grid', signal), signal).then((geo) => geo && store.getState().setGeo(geo));
  void untilLoaded(() => fetchHealth(signal), signal).then((h) => h && store.getState().mode === null && store.getState().setMode(h.mode));

  let measuresAvailable = true;
  let lastFetchAt = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshMeasures = async (): Promise<void> => {
    lastFetchAt = Date.now();
    try {
      const measures = await fetchCellMeasures(signal);
      // 404: this server has no per-cell counts; households stay on the map and we stop asking.
      if (measures === null) measuresAvailable = false;
      store.getState().setCellMeasures(measures);
    } catch (err) {
      if (!signal.aborted) console.warn('[wall] cell measures:', err instanceof Error ? err.message : err);
    }
  };
  void refreshMeasures();

  const unsubscribe = store.subscribe((state, prev) => {
    if (!measuresAvailable || state.summary?.tickets === prev.summary?.tickets || pending) return;
    const wait = Math.max(0, lastFetchAt + MEASURES_REFRESH_MIN_MS - Date.now());
    pending = setTimeout(() => {
      pending = undefined;
      void refreshMeasures();
    }, wait);
  });

  return () => {
    abort.abort();
    clearTimeout(pending);
    unsubscribe();
  };
}
