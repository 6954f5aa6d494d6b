/**
 * Baseline for push: a bare Socket.IO 4.8 server on a bare http server. POST /emit takes the same intake body as
 * the app and immediately io.emit()s a 'ticket:upsert' of the same shape and size as the app's (one public ticket),
 * with no storage, aggregates or coalescing. Prints one JSON line with its port.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { NewTicket, PublicTicket } from '../../shared/schemas/ticket.js';

let nextId = 1;
const toTicket = (b: NewTicket, now: number): PublicTicket => ({
  id: nextId++, category: b.category, tier: 3, status: 'reported', urgent: b.urgent ?? false, gridId: b.gridId ?? '',
  handlingUnit: 'grid:' + (b.gridId ?? ''), lng: 119.451, lat: 32.161, reportedAt: now, acceptedAt: null, dispatchedAt: null,
  startedAt: null, handledAt: null, closedAt: null, evaluatedAt: null, responseDueAt: now + 7_200_000,
  closeDueAt: now + 259_200_000, updatedAt: now,
});

const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const ticket = toTicket(JSON.parse(Buffer.concat(chunks).toString('utf8')) as NewTicket, Date.now());
    io.emit('ticket:upsert', { scope: '321171', tickets: [ticket], dropped: 0 });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(ticket));
  });
});
const io = new Server(http, { serveClient: false });
// Same client code path as against the app: subscribe, get an ack.
io.on('connection', (socket) => {
  socket.on('scope:subscribe', (_req: unknown, ack: unknown) => {
    if (typeof ack === 'function') ack({ ok: true, data: { seq: 0 } });
  });
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
const shutdown = () => {
  io.disconnectSockets(true);
  void io.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
