import type { ScreenHealth } from '../../shared/events.js';

/**
 * The most screens the registry keeps (a command center has tens of walls). When it is full, the screen that has been
 * disconnected longest makes room; while every kept screen is connected, a new one is refused.
 */
export const SCREEN_REGISTRY_MAX_SCREENS = 500;

/** What GET /api/screens shows of a screen: its last report, whether it is connected, and when it reported (epoch ms). */
export interface ScreenRecord extends ScreenHealth {
  connected: boolean;
  reportedAt: number;
}

interface Held {
  record: ScreenRecord;
  socketId: string;
  disconnectedAt: number | null;
}

export type RecordResult = { ok: true } | { ok: false; error: string };

/** Only the schema's fields, whatever else the object carries: the registry never stores what it did not ask for. */
const fieldsOf = (r: ScreenHealth): ScreenHealth => ({
  screenId: r.screenId, scope: r.scope, fps: r.fps, heapBytes: r.heapBytes, deltaLagMs: r.deltaLagMs, seq: r.seq, url: r.url,
});

/**
 * The last health report of each screen (fps, heap, lag, seq), kept so the command center can see its walls and reload
 * one. Reports arrive already checked against ScreenHealthSchema. A screen id belongs to the connection that reported
 * it until that connection ends, so nobody else can take a wall's name (and its reloads); one connection is one screen.
 */
export function createScreenRegistry(now: () => number = Date.now, maxScreens = SCREEN_REGISTRY_MAX_SCREENS) {
  const screens = new Map<string, Held>();
  const bySocket = new Map<string, string>();

  const evictOldestDisconnected = (): boolean => {
    let oldest: [string, number] | null = null;
    for (const [id, held] of screens) {
      if (held.disconnectedAt !== null && (oldest === null || held.disconnectedAt < oldest[1])) oldest = [id, held.disconnectedAt];
    }
    if (oldest) screens.delete(oldest[0]);
    return oldest !== null;
  };

  return {
    record(socketId: string, report: ScreenHealth): RecordResult {
      const id = report.screenId;
      const mine = bySocket.get(socketId);
      if (mine !== undefined && mine !== id) {
        return { ok: false, error: `This connection already reports as screen "${mine}": one connection is one screen.` };
      }
      const held = screens.get(id);
      if (held && held.disconnectedAt === null && held.socketId !== socketId) {
        return { ok: false, error: `Screen id "${id}" belongs to another connected screen.` };
      }
      if (!held && screens.size >= maxScreens && !evictOldestDisconnected()) {
        return { ok: false, error: `The registry already holds ${maxScreens} connected screens.` };
      }
      screens.set(id, { record: { ...fieldsOf(report), connected: true, reportedAt: now() }, socketId, disconnectedAt: null });
      bySocket.set(socketId, id);
      return { ok: true };
    },
    disconnected(socketId: string): void {
      const id = bySocket.get(socketId);
      const held = id === undefined ? undefined : screens.get(id);
      if (held && held.socketId === socketId) {
        held.record.connected = false;
        held.disconnectedAt = now();
      }
      bySocket.delete(socketId);
    },
    list(): ScreenRecord[] {
      return [...screens.values()].map((h) => ({ ...h.record }));
    },
    /** The connection a reload for screen `id` must go to, and whether it is connected now. */
    get(id: string): { socketId: string; connected: boolean } | undefined {
      const held = screens.get(id);
      return held && { socketId: held.socketId, connected: held.disconnectedAt === null };
    },
  };
}
export type ScreenRegistry = ReturnType<typeof createScreenRegistry>;
