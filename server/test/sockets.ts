import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { testApp } from './app.js';

/** Listens on a free port of 127.0.0.1 and returns the base URL. */
export async function listenOnFreePort(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

/**
 * Opens untyped Socket.IO clients (so tests can send what the typed client would refuse to compile) and closes them
 * all at the end. `cookie` rides in the websocket handshake, as a browser's session cookie does.
 */
export function socketClients(url: () => string) {
  const open: Socket[] = [];
  return {
    async connect(cookie?: string): Promise<Socket> {
      const c = connect(url(), {
        transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}),
      });
      open.push(c);
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      return c;
    },
    closeAll(): void {
      for (const c of open) c.close();
      open.length = 0;
    },
  };
}

/** Emits with an ack and waits for it (2 s at most). */
export function ask(c: Socket, event: string, ...args: unknown[]): Promise<{ ok: boolean; error?: string; field?: string; data?: unknown }> {
  return c.timeout(2000).emitWithAck(event, ...args);
}

/** Resolves with the disconnect reason, or rejects after `ms`. */
export function disconnected(c: Socket, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (c.disconnected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    c.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A health report the schema accepts. */
export const goodReport = (screenId: string, over: Record<string, unknown> = {}) => ({
  screenId, scope: '321171', fps: 59.9, heapBytes: 52_000_000, deltaLagMs: 120, seq: 3, url: '/?scope=321171', ...over,
});

/**
 * A suite's app on a free port with its socket clients: the app starts before the suite (handed to `onApp`), the
 * clients close after each test, the app after the suite.
 */
export function socketSuite(onApp: (app: FastifyInstance) => void, open: () => Promise<FastifyInstance> = () => testApp()) {
  let app: FastifyInstance | null = null;
  let url = '';
  const clients = socketClients(() => url);
  beforeAll(async () => {
    app = await open();
    onApp(app);
    url = await listenOnFreePort(app);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await app?.close();
  });
  return clients;
}
