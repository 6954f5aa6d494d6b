/**
 * N Socket.IO clients (websocket transport) in their own process, each subscribed to a scope, recording when each
 * ticket id first arrives in a ticket:upsert; the driver knows when it sent each id (upserts carry no title to stamp).
 * Epoch ms come from performance.timeOrigin + performance.now() in both processes: the same system clock, sub-ms.
 * argv: <port> <clients> <scope>. Prints {"ready":true} once all are subscribed; answers IPC 'report' and 'close'.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TicketUpsert } from '../../shared/events.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const [portArg, countArg, scope] = process.argv.slice(2);
const port = Number(portArg);
const count = Number(countArg);
/** Connecting a thousand at once makes the handshakes themselves time out; batches keep it brisk but orderly. */
const CONNECT_BATCH = 50;

const epochNow = () => performance.timeOrigin + performance.now();
/** Per client, ticket id -> epoch ms of its first receipt (a later upsert of the same id is a status change). */
const receipts: Map<number, number>[] = [];
/** Size of the scope:delta the app sends in the same flush, before the upsert: evidence for where fan-out time goes. */
let deltaBytes = 0;
let upsertBytes = 0;

const onUpsert = (seen: Map<number, number>) => (u: TicketUpsert) => {
  const now = epochNow();
  if (upsertBytes === 0) upsertBytes = JSON.stringify(u).length;
  for (const t of u.tickets) if (!seen.has(t.id)) seen.set(t.id, now);
};

function connectOne(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const s: Client = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    const seen = new Map<number, number>();
    receipts.push(seen);
    s.on('ticket:upsert', onUpsert(seen));
    s.on('scope:delta', (d) => {
      if (deltaBytes === 0) deltaBytes = JSON.stringify(d).length;
    });
    s.once('connect_error', reject);
    s.once('connect', () => {
      s.timeout(30_000).emit('scope:subscribe', { scope }, (err, res) => {
        if (err) reject(err);
        else if (!res.ok) reject(new Error(res.error));
        else resolve(s);
      });
    });
  });
}

const clients: Client[] = [];
for (let i = 0; i < count; i += CONNECT_BATCH) {
  clients.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, connectOne))));
}
process.stdout.write(`${JSON.stringify({ ready: true, clients: clients.length })}\n`);

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'reset') {
    for (const seen of receipts) seen.clear();
    process.send!({ reset: true });
  } else if (msg.cmd === 'report') {
    process.send!({ receipts: receipts.map((seen) => [...seen]), deltaBytes, upsertBytes });
  } else if (msg.cmd === 'close') {
    for (const c of clients) c.disconnect();
    process.exit(0);
  }
});
process.on('SIGTERM', () => process.exit(0));
