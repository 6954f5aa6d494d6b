import { randomBytes } from 'node:crypto';
import type { ScreenHealth } from '../../shared/events.js';
import { safeEqual } from '../auth/passwords.js';

/**
 * The most screens the registry keeps (a command center has tens of walls). When it is full, the screen that has been
 * disconnected longest makes room; while every kept screen is connected, a new one is refused.
 */
export const SCREEN_REGISTRY_MAX_SCREENS = 500;
/**
 * The most screens one address registers (a hall's walls behind one NAT are a handful). Beyond it the address's own
 * longest-disconnected screen makes room; one address cannot fill the registry with made-up screens.
 */
export const SCREENS_PER_ADDRESS = 10;
/** The query parameters of a wall's page (client/scope-from-url.ts, client/rotation): all a report's URL keeps. */
const WALL_PARAMETERS = ['scope', 'rotate', 'every'] as const;

/** What GET /api/screens shows of a screen: its last report, whether it is connected, and when it reported (epoch ms). */
export interface ScreenRecord extends Omit<ScreenHealth, 'secret'> {
  connected: boolean;
  reportedAt: number;
}

interface Held {
  record: ScreenRecord;
  socketId: string;
  disconnectedAt: number | null;
  /** Given with the first report; later reports for this id must carry it (compared in constant time). */
  secret: string;
  address: string;
}

export type RecordResult = { ok: true; secret: string | null } | { ok: false; error: string; field: 'screenId' | 'secret' };

/**
 * A reported page address reduced to its path and the wall's own parameters: whatever else a caller put in the query
 * (free text, a token, a name) is never stored or shown.
 */
export function wallUrlOf(url: string): string {
  const parsed = new URL(url, 'http://wall.invalid');
  const kept = new URLSearchParams();
  for (const name of WALL_PARAMETERS) {
    const value = parsed.searchParams.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

/** Only the schema's fields, whatever else the object carries, and never the secret: the registry stores what it shows. */
const fieldsOf = (r: ScreenHealth): Omit<ScreenHealth, 'secret'> => ({
  screenId: r.screenId, scope: r.scope, fps: r.fps, heapBytes: r.heapBytes, deltaLagMs: r.deltaLagMs, seq: r.seq, url: wallUrlOf(r.url),
});

/**
 * The last health report of each screen (fps, heap, lag, seq), kept so the command center can see its walls and reload
 * one. Reports arrive already checked against ScreenHealthSchema. The first report of a screen id registers it and
 * gets a secret back; from then on the id answers only to that secret, connected or not, so nobody else can take a
 * wall's name (and its reloads). One connection is one screen.
 */
export function createScreenRegistry(now: () => number = Date.now, maxScreens = SCREEN_REGISTRY_MAX_SCREENS) {
  const screens = new Map<string, Held>();
  const bySocket = new Map<string, string>();

  /** Drops the longest-disconnected screen among those `among` accepts; false when every one of them is connected. */
  const evictOldestDisconnected = (among: (held: Held) => boolean = () => true): boolean => {
    let oldest: [string, number] | null = null;
    for (const [id, held] of screens) {
      if (held.disconnectedAt !== null && among(held) && (oldest === null || held.disconnectedAt < oldest[1])) oldest = [id, held.disconnectedAt];
    }
    if (oldest) screens.delete(oldest[0]);
    return oldest !== null;
  };
  const countFrom = (address: string) => [...screens.values()].filter((h) => h.address === address).length;

  /** Room for a new screen from `address`, or the refusal that says why there is none. */
  const makeRoom = (address: string): RecordResult | null => {
    if (countFrom(address) >= SCREENS_PER_ADDRESS && !evictOldestDisconnected((h) => h.address === address)) {
      return { ok: false, error: `Your address already reports ${SCREENS_PER_ADDRESS} connected screens.`, field: 'screenId' };
    }
    if (screens.size >= maxScreens && !evictOldestDisconnected()) {
      return { ok: false, error: `The registry already holds ${maxScreens} connected screens.`, field: 'screenId' };
    }
    return null;
  };

  return {
    /** Records `report` from connection `socketId` at `address`; a new screen id gets its secret in the result. */
    record(socketId: string, report: ScreenHealth, address: string): RecordResult {
      const id = report.screenId;
      const mine = bySocket.get(socketId);
      if (mine !== undefined && mine !== id) {
        return { ok: false, error: `This connection already reports as screen "${mine}": one connection is one screen.`, field: 'screenId' };
      }
      const held = screens.get(id);
      if (held && !(report.secret !== undefined && safeEqual(report.secret, held.secret))) {
        return { ok: false, error: `Screen id "${id}" belongs to another screen: send the secret it got with its first report, or report under a new id.`, field: 'secret' };
      }
      if (!held) {
        const refused = makeRoom(address);
        if (refused) return refused;
      }
      // The owner on a new connection (a reload, a reconnect through another edge): the reloads follow it there.
      if (held && held.socketId !== socketId) bySocket.delete(held.socketId);
      const secret = held ? held.secret : randomBytes(24).toString('base64url');
      screens.set(id, { record: { ...fieldsOf(report), connected: true, reportedAt: now() }, socketId, disconnectedAt: null, secret, address });
      bySocket.set(socketId, id);
      return { ok: true, secret: held ? null : secret };
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
