import { SCREEN_URL_MAX_CHARS } from '../../shared/constants.js';
import type { ScreenHealth } from '../../shared/events.js';
import type { WallState } from '../store/index.js';

/** How often a screen tells the server how it is doing (the server keeps the last report per screen). */
export const HEALTH_INTERVAL_MS = 30_000;
/** The first report comes soon after start, so a new screen shows up in GET /api/screens without a long wait. */
export const HEALTH_FIRST_DELAY_MS = 5_000;
const SCREEN_ID_KEY = 'moshao.screenId';

/** A stable id for this screen: kept in localStorage so a reload reports as the same screen. */
export function screenId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): string {
  try {
    const known = storage?.getItem(SCREEN_ID_KEY);
    if (known) return known;
  } catch {
    // Storage refused: a fresh id per load is still a usable id.
  }
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  const id = `wall-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  try {
    storage?.setItem(SCREEN_ID_KEY, id);
  } catch {
    // See above.
  }
  return id;
}

interface MemoryInfo {
  usedJSHeapSize: number;
}

/** The JS heap in use, where the browser tells (Chromium's performance.memory); null elsewhere. */
export function heapBytes(): number | null {
  const memory = (performance as Performance & { memory?: MemoryInfo }).memory;
  return memory && Number.isFinite(memory.usedJSHeapSize) ? memory.usedJSHeapSize : null;
}

/**
 * One health report from the store's state, in the form ScreenHealthSchema accepts (the server drops any other).
 * deltaLagMs: how long ago the last snapshot or delta was applied. `path`: the page's path and query, cut to the limit.
 */
export function buildHealthReport(state: WallState, id: string, fps: number, now: number, path: string): ScreenHealth {
  return {
    screenId: id,
    scope: state.scope,
    fps: Math.min(1000, Math.max(0, Math.round(fps * 10) / 10)),
    heapBytes: heapBytes(),
    deltaLagMs: state.lastDataAt === null ? null : Math.max(0, now - state.lastDataAt),
    seq: state.seq ?? 0,
    url: path.startsWith('/') ? path.slice(0, SCREEN_URL_MAX_CHARS) : '/',
  };
}
