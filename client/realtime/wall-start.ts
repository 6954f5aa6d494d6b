import { whenFontsReady } from '../charts/fonts.js';
import { wallStore, type WallStore } from '../store/index.js';
import { followWallScope } from './follow-wall-scope.js';
import { connectRealtime, type RealtimeHandle } from './socket.js';
import { loadWallData } from './wall-data.js';

export interface WallStart {
  realtime: RealtimeHandle;
  stopData: () => void;
}

let started: WallStart | null = null;

/**
 * The wall's socket (subscribe, snapshot), its HTTP loads and its fonts, started once per page: by main.tsx while the
 * browser still loads and compiles React and ECharts, so the first snapshot is already in the store when the panels
 * mount; or by App when the wall is reached from another page. Returns the running handle.
 */
export function startWall(store: WallStore = wallStore): WallStart {
  if (!started) {
    // Asked for now, not when text is first laid out: the charts wait for these faces before they draw.
    void whenFontsReady();
    // A rotating wall changes its scope in place: the link follows the store's scope.
    started = { realtime: followWallScope(store, connectRealtime), stopData: loadWallData(store) };
  }
  return started;
}

/** Ends what startWall started (the wall unmounts); a later startWall starts afresh. */
export function stopWall(): void {
  started?.realtime.stop();
  started?.stopData();
  started = null;
}
