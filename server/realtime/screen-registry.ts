import type { ScreenHealth } from '../../shared/events.js';

export interface ScreenRecord extends ScreenHealth {
  socketId: string;
  connected: boolean;
  reportedAt: number;
}

/** The last health report of each screen (fps, heap, lag, seq), kept so the command center can see its walls. */
export function createScreenRegistry(now: () => number = Date.now) {
  const screens = new Map<string, ScreenRecord>();
  const bySocket = new Map<string, string>();
  return {
    record(socketId: string, r: ScreenHealth): boolean {
      if (!r || typeof r.screenId !== 'string' || r.screenId.length === 0 || r.screenId.length > 80) return false;
      if (typeof r.fps !== 'number' || typeof r.seq !== 'number') return false;
      screens.set(r.screenId, { ...r, socketId, connected: true, reportedAt: now() });
      bySocket.set(socketId, r.screenId);
      return true;
    },
    disconnected(socketId: string): void {
      const id = bySocket.get(socketId);
      const rec = id ? screens.get(id) : undefined;
      if (rec && rec.socketId === socketId) rec.connected = false;
      bySocket.delete(socketId);
    },
    list(): ScreenRecord[] {
      return [...screens.values()];
    },
    get(id: string): ScreenRecord | undefined {
      return screens.get(id);
    },
  };
}
export type ScreenRegistry = ReturnType<typeof createScreenRegistry>;
