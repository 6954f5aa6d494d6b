import { request } from 'node:http';
import type { Duplex } from 'node:stream';

/** What one raw WebSocket upgrade got: the socket, the refusal's status and body, or a transport error. */
export type UpgradeOutcome = { kind: 'open'; socket: Duplex } | { kind: 'refused'; status: number; reason: string } | { kind: 'error'; message: string };

/**
 * One WebSocket upgrade to Socket.IO's endpoint, as a script (or a browser, with its Origin) sends it. Unlike
 * socket.io-client, which reports a refused upgrade as "websocket error", this reads the refusal's body: the reason.
 */
export function rawUpgrade(port: number, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=websocket',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (_res, socket) => {
      socket.on('error', () => {});
      resolve({ kind: 'open', socket });
    });
    req.on('response', (res) => {
      let reason = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (reason += chunk));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, reason }));
      res.on('error', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, reason }));
    });
    req.on('error', (err) => resolve({ kind: 'error', message: err.message }));
    req.end();
  });
}
