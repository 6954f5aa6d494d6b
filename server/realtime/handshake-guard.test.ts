import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect } from 'socket.io-client';
import { testApp } from '../test/app.js';
import { rawUpgrade } from '../test/raw-upgrade.js';
import { socketSuite } from '../test/sockets.js';
import { createHandshakeGuard, HANDSHAKE_BURST, HANDSHAKE_PER_S, originProblem } from './handshake-guard.js';

describe('originProblem', () => {
  const allowed = ['https://wall.example.org'];
  it("lets through no Origin (not a browser), the server's own host and the allowed origins", () => {
    expect(originProblem(undefined, '127.0.0.1:3000', allowed)).toBeNull();
    expect(originProblem('http://127.0.0.1:3000', '127.0.0.1:3000', allowed)).toBeNull();
    expect(originProblem('https://Moshao.Example:8443', 'moshao.example:8443', allowed)).toBeNull();
    expect(originProblem('https://wall.example.org', '10.0.0.1:3000', allowed)).toBeNull();
  });
  it('refuses another site, another port of the same host, and an opaque origin, naming the setting', () => {
    expect(originProblem('https://evil.example', '127.0.0.1:3000', allowed)).toMatch(/Origin "https:\/\/evil.example" may not open a socket here.*MOSHAO_ALLOWED_ORIGINS/);
    expect(originProblem('http://127.0.0.1:4000', '127.0.0.1:3000', allowed)).not.toBeNull();
    expect(originProblem('null', '127.0.0.1:3000', allowed)).not.toBeNull();
    expect(originProblem('http://wall.example.org', '127.0.0.1:3000', allowed)).not.toBeNull();
  });
});

/** A handshake request from `address`, with a TCP socket the test can close. */
const fakeRequest = (address: string) => {
  const socket = Object.assign(new EventEmitter(), { remoteAddress: address });
  return { req: { headers: {}, socket } as unknown as IncomingMessage, socket };
};
const verdict = (guard: ReturnType<typeof createHandshakeGuard>, req: IncomingMessage) =>
  new Promise<string | null>((resolve) => guard.allowRequest(req, (err, ok) => resolve(ok ? null : String(err))));

describe('the handshake guard', () => {
  it(`lets ${HANDSHAKE_BURST} handshakes through at once, then ${HANDSHAKE_PER_S} a second, per address`, async () => {
    let t = 0;
    const guard = createHandshakeGuard({ socketsPerAddress: 1000, allowedOrigins: [], trustedProxies: false }, () => t);
    for (let i = 0; i < HANDSHAKE_BURST; i++) expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toBeNull();
    expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toMatch(/at most 20 a second \(bursts of 50\); retry in 1 s/);
    expect(await verdict(guard, fakeRequest('10.0.0.2').req)).toBeNull();
    t = 1000;
    for (let i = 0; i < HANDSHAKE_PER_S; i++) expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toBeNull();
    expect(await verdict(guard, fakeRequest('10.0.0.1').req)).not.toBeNull();
  });

  it('counts a handshake that never became a connection only until its TCP socket closes', async () => {
    const guard = createHandshakeGuard({ socketsPerAddress: 2, allowedOrigins: [], trustedProxies: false });
    const a = fakeRequest('10.0.0.1');
    expect(await verdict(guard, a.req)).toBeNull();
    expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toBeNull();
    expect(guard.openCount('10.0.0.1')).toBe(2);
    expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toMatch(/at most 2 at once \(MOSHAO_SOCKETS_PER_ADDRESS\)/);
    a.socket.emit('close');
    expect(guard.openCount('10.0.0.1')).toBe(1);
    expect(await verdict(guard, fakeRequest('10.0.0.1').req)).toBeNull();
  });

  it("believes X-Forwarded-For only from a trusted proxy, as Fastify's trustProxy does", () => {
    const guard = createHandshakeGuard({ socketsPerAddress: 10, allowedOrigins: [], trustedProxies: ['loopback', 'uniquelocal'] });
    const viaEdge = { headers: { 'x-forwarded-for': '203.0.113.7' }, socket: { remoteAddress: '10.1.2.3' } } as unknown as IncomingMessage;
    const direct = { headers: { 'x-forwarded-for': '203.0.113.7' }, socket: { remoteAddress: '198.51.100.4' } } as unknown as IncomingMessage;
    expect(guard.addressOf(viaEdge)).toBe('203.0.113.7');
    expect(guard.addressOf(direct)).toBe('198.51.100.4');
    const untrusting = createHandshakeGuard({ socketsPerAddress: 10, allowedOrigins: [], trustedProxies: false });
    expect(untrusting.addressOf(viaEdge)).toBe('10.1.2.3');
  });
});

describe('handshakes over a real port', () => {
  let app: FastifyInstance;
  const clients = socketSuite((a) => (app = a), () => testApp({ socketsPerAddress: 3, allowedOrigins: ['https://wall.example.org'] }));
  const portOf = () => (app.server.address() as { port: number }).port;

  it('refuses the connection past MOSHAO_SOCKETS_PER_ADDRESS with the reason, and takes one again once a socket closes', async () => {
    const held = [await clients.connect(), await clients.connect(), await clients.connect()];
    const refused = await rawUpgrade(portOf());
    expect(refused).toEqual({ kind: 'refused', status: 400, reason: 'Too many connections from your address: at most 3 at once (MOSHAO_SOCKETS_PER_ADDRESS).' });
    // socket.io-client sees the refusal as a connect_error before any connection exists.
    await expect(clients.connect()).rejects.toThrow(/websocket error/);
    expect(app.moshao.io.engine.clientsCount).toBe(3);
    held[0].close();
    await expect.poll(() => app.moshao.io.engine.clientsCount).toBe(2);
    const again = await rawUpgrade(portOf());
    expect(again.kind).toBe('open');
    if (again.kind === 'open') again.socket.destroy();
  });

  it("refuses another site's page, and lets through this server's own pages and MOSHAO_ALLOWED_ORIGINS", async () => {
    const foreign = await rawUpgrade(portOf(), { origin: 'https://evil.example' });
    expect(foreign).toMatchObject({ kind: 'refused', status: 400, reason: expect.stringMatching(/^Origin "https:\/\/evil.example" may not open a socket here/) });
    for (const origin of [`http://127.0.0.1:${portOf()}`, 'https://wall.example.org']) {
      const c = connect(`http://127.0.0.1:${portOf()}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin } });
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      c.close();
    }
  });
});
