import type { StateCreator } from 'zustand';
import type { Mode } from '../../shared/constants.js';
import type { ReplayState } from '../../shared/schemas/common.js';

/** connecting: no data yet; online: subscribed and receiving; offline: the link dropped, values on screen are old. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionSlice {
  status: ConnectionStatus;
  /** Wall time (epoch ms) of the last snapshot or delta applied. */
  lastDataAt: number | null;
  /** The last subscribe or connect error, for the status tooltip. */
  lastError: string | null;
  /** From /api/health; replay:state refines it. */
  mode: Mode | null;
  /** Grid cells of the server's world (/api/health): 0 in live mode until a world is imported; null before it answers. */
  worldCells: number | null;
  replay: ReplayState | null;
  setStatus: (status: ConnectionStatus, error?: string | null) => void;
  setMode: (mode: Mode) => void;
  setWorldCells: (cells: number | null) => void;
  setReplay: (replay: ReplayState) => void;
}

export const createConnectionSlice: StateCreator<ConnectionSlice, [], [], ConnectionSlice> = (set) => ({
  status: 'connecting',
  lastDataAt: null,
  lastError: null,
  mode: null,
  worldCells: null,
  replay: null,
  setStatus: (status, error = null) => set({ status, lastError: error }),
  setMode: (mode) => set({ mode }),
  setWorldCells: (worldCells) => set({ worldCells }),
  setReplay: (replay) => set({ replay, mode: replay.mode }),
});
