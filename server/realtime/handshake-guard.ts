import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import { createRateLimiter } from '../auth/rate-limiter.js';

/**
 * Handshakes an address may start: a burst of HANDSHAKE_BURST, then HANDSHAKE_PER_S a second. A wall opens one
 * connection per (re)connect, so a room of walls behind one NAT restarting together stays well inside it; a script
 * opening thousands is refused before the upgrade, while its sockets cost a file descriptor for a moment only.
 */
export const HANDSHAKE_BURST = 50;
export const HANDSHAKE_PER_S = 20;
/** MOSHAO_SOCKETS_PER_ADDRESS's default: Socket.IO connections one address may hold open in one process. */
export const DEFAULT_SOCKETS_PER_ADDRESS = 200;

/** Which proxies' X-Forwarded-For a node believes: the same list Fastify's trustProxy gets (app.ts), or none. */
export type TrustedProxies = readonly string[] | false;

export interface HandshakeLimits {
  socketsPerAddress: number;
  /** MOSHAO_ALLOWED_ORIGINS: origins besides the server's own whose pages may open a socket, e.g. https://wall.example. */
  allowedOrigins: readonly string[];
  trustedProxies: TrustedProxies;
  /** Handshakes per address: how many at once, then how many a second (HANDSHAKE_BURST, HANDSHAKE_PER_S by default). */
  handshakes?: { burst: number; perSecond: number };
}

/** The address a request comes from: the peer, or what a trusted proxy says the caller was. */
export function addressResolver(trusted: TrustedProxies): (req: IncomingMessage) => string {
  if (!trusted || trusted.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = proxyAddr.compile([...trusted]);
  return (req) => proxyAddr(req, trust);
}

/** An origin as browsers send it ("https://host:port"), or null when `value` is not one. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Why a handshake's Origin is refused, or null. No Origin: not a browser (a test, socket.io-client in node), which
 * cookies do not follow anyway. A browser page may connect from the server's own origin (the same host as the Host
 * header it connected to) or one listed in MOSHAO_ALLOWED_ORIGINS; any other site's page may not.
 */
export function originProblem(origin: string | undefined, host: string | undefined, allowed: readonly string[]): string | null {
  if (origin === undefined) return null;
  const normal = originOf(origin);
  if (normal !== null && host !== undefined && new URL(normal).host === host.toLowerCase()) return null;
  if (normal !== null && allowed.includes(normal)) return null;
  return `Origin ${JSON.stringify(origin.slice(0, 100))} may not open a socket here: only pages of this server, or of an origin in MOSHAO_ALLOWED_ORIGINS.`;
}

type Done = (err: string | null | undefined, success: boolean) => void;
/** What the guard needs of an engine.io server: its connection events. */
interface Engine {
  on(event: 'connection', listener: (socket: { request: IncomingMessage; once(event: 'close', fn: () => void): unknown }) => void): unknown;
}

/**
 * Socket.IO's `allowRequest` for one process (the one process, a writer or an edge): a handshake with a foreign
 * Origin, from an address over its handshake rate, or from one already holding `socketsPerAddress` connections is
 * refused with the reason, before the WebSocket upgrade (engine.io answers 400 with it and closes the TCP socket).
 * A slot is taken when a handshake is let through and given back when its connection closes, or when the handshake
 * never became a connection; so the count is exact even while handshakes are still completing.
 */
export function createHandshakeGuard(limits: HandshakeLimits, now: () => number = Date.now) {
  const addressOf = addressResolver(limits.trustedProxies);
  const { burst, perSecond } = limits.handshakes ?? { burst: HANDSHAKE_BURST, perSecond: HANDSHAKE_PER_S };
  const rate = createRateLimiter({ perMinute: perSecond * 60, burst }, now);
  const open = new Map<string, number>();
  const pending = new WeakMap<IncomingMessage, string>();

  const release = (address: string) => {
    const n = (open.get(address) ?? 1) - 1;
    if (n > 0) open.set(address, n);
    else open.delete(address);
  };

  return {
    addressOf,
    allowRequest(req: IncomingMessage, done: Done): void {
      const refusedOrigin = originProblem(req.headers.origin, req.headers.host, limits.allowedOrigins);
      if (refusedOrigin) return done(refusedOrigin, false);
      const address = addressOf(req);
      const held = open.get(address) ?? 0;
      if (held >= limits.socketsPerAddress) {
        return done(`Too many connections from your address: at most ${limits.socketsPerAddress} at once (MOSHAO_SOCKETS_PER_ADDRESS).`, false);
      }
      const verdict = rate.take(address);
      if (!verdict.ok) {
        return done(`Too many new connections from your address: at most ${perSecond} a second (bursts of ${burst}); retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s.`, false);
      }
      open.set(address, held + 1);
      pending.set(req, address);
      // Refused or broken after this point (a failed upgrade): the TCP socket closes without a connection.
      req.socket.once('close', () => {
        if (pending.delete(req)) release(address);
      });
      done(null, true);
    },
    /** Hands each new connection's slot over to its close. */
    watch(engine: Engine): void {
      engine.on('connection', (socket) => {
        const address = pending.get(socket.request);
        if (address === undefined) return;
        pending.delete(socket.request);
        socket.once('close', () => release(address));
      });
    },
    /** Connections (and handshakes under way) per address now; the flood test reads it. */
    openCount(address?: string): number {
      return address === undefined ? [...open.values()].reduce((a, b) => a + b, 0) : (open.get(address) ?? 0);
    },
  };
}
export type HandshakeGuard = ReturnType<typeof createHandshakeGuard>;
