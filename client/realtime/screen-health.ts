import { SCREEN_URL_MAX_CHARS } from '../../shared/constants.js';
import type { Ack, ScreenHealth, ScreenReceipt } from '../../shared/events.js';
import type { WallState } from '../store/index.js';

/** How often a screen tells the server how it is doing (the server keeps the last report per screen). */
export const HEALTH_INTERVAL_MS = 30_000;
/** The first report comes soon after start, so a new screen shows up in GET /api/screens without a long wait. */
export const HEALTH_FIRST_DELAY_MS = 5_000;
const SCREEN_ID_KEY = 'moshao.screenId';
const SCREEN_SECRET_KEY = 'moshao.screenSecret';
type KeyStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Storage that may be missing or refuse (private mode, a locked-down kiosk): then it holds nothing. */
const read = (storage: KeyStore | undefined, key: string): string | null => {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
};
const write = (storage: KeyStore | undefined, key: string, value: string): void => {
  try {
    storage?.setItem(key, value);
  } catch {
    // Kept in memory only.
  }
};

/** A stable id for this screen: kept in localStorage so a reload reports as the same screen. `fresh` makes a new one. */
export function screenId(storage: KeyStore | undefined = globalThis.localStorage, fresh = false): string {
  const known = fresh ? null : read(storage, SCREEN_ID_KEY);
  if (known) return known;
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  const id = `wall-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  write(storage, SCREEN_ID_KEY, id);
  return id;
}

/**
 * Who this screen is to the server: its id, and the secret the server gave that id with its first report. The secret
 * lives in memory and sessionStorage (a reload, such as the one an admin asks for, keeps it; a new browser session does
 * not). When the server refuses the secret, the id is someone else's or its secret is lost: the screen takes a new id.
 */
export function createScreenIdentity(local: KeyStore | undefined = globalThis.localStorage, session: KeyStore | undefined = globalThis.sessionStorage) {
  let id = screenId(local);
  const stored = read(session, SCREEN_SECRET_KEY)?.split(' ');
  let secret = stored?.[0] === id && stored[1] ? stored[1] : null;
  return {
    current: (): { id: string; secret: string | null } => ({ id, secret }),
    /** What the server answered a report. */
    answered(res: Ack<ScreenReceipt>): void {
      if (res.ok && res.data?.secret) {
        secret = res.data.secret;
        write(session, SCREEN_SECRET_KEY, `${id} ${secret}`);
      } else if (!res.ok && res.field === 'secret') {
        id = screenId(local, true);
        secret = null;
      }
    },
  };
}
export type ScreenIdentity = ReturnType<typeof createScreenIdentity>;

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
export function buildHealthReport(state: WallState, id: string, fps: number, now: number, path: string, secret: string | null = null): ScreenHealth {
  const report: ScreenHealth = {
    screenId: id,
    scope: state.scope,
    fps: Math.min(1000, Math.max(0, Math.round(fps * 10) / 10)),
    heapBytes: heapBytes(),
    deltaLagMs: state.lastDataAt === null ? null : Math.max(0, now - state.lastDataAt),
    seq: state.seq ?? 0,
    url: path.startsWith('/') ? path.slice(0, SCREEN_URL_MAX_CHARS) : '/',
  };
  return secret === null ? report : { ...report, secret };
}
