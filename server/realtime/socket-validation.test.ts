import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { SOCKET_MAX_MESSAGE_BYTES } from '../../shared/constants.js';
import { loginAs } from '../test/app.js';
import { ask, disconnected, goodReport, socketSuite } from '../test/sockets.js';
import { SOCKET_EVENT_BURST_EVENTS, SOCKET_EVENT_RATE_PER_S } from './event-guard.js';

let app: FastifyInstance;
const clients = socketSuite((a) => (app = a));
/** GET /api/screens as a supervisor reads it. */
const getScreens = async () => app.inject({ url: '/api/screens', headers: await loginAs(app, 'admin') });

/** What a socket event could change: the replay, the screens, and the scope and rooms of socket `id`. */
async function serverState(id?: string) {
  const socket = id === undefined ? undefined : app.moshao.io.sockets.sockets.get(id);
  return {
    replay: (await app.inject({ url: '/api/replay' })).json(),
    screens: (await getScreens()).json(),
    scope: socket ? [socket.data.scope, [...socket.rooms].sort()] : null,
  };
}

/**
 * Sends `payloads` from fresh sockets, fewer per socket than the flood limit lets through at once, so that every
 * answer comes from the schema and none from the throttle. Each socket first subscribes and reports, as a wall does.
 */
let validSecret: string | undefined;
async function fromFreshSockets(payloads: readonly unknown[], send: (c: Socket, payload: unknown) => Promise<void>) {
  const perSocket = SOCKET_EVENT_BURST_EVENTS - 4;
  for (let i = 0; i < payloads.length; i += perSocket) {
    const c = await clients.connect();
    expect((await ask(c, 'scope:subscribe', { scope: '321171001' })).ok).toBe(true);
    // One screen over all the fresh sockets, as a reloading wall is: its secret carries it to each new connection.
    const health = await ask(c, 'screen:health', goodReport('wall-valid', validSecret ? { secret: validSecret } : {}));
    expect(health.ok).toBe(true);
    validSecret ??= (health.data as { secret: string }).secret;
    const before = await serverState(c.id);
    for (const payload of payloads.slice(i, i + perSocket)) await send(c, payload);
    // Packets are handled in order: once this is answered, every payload above has been dealt with.
    expect((await ask(c, 'scope:subscribe', { scope: '321171001' })).ok).toBe(true);
    expect(await serverState(c.id)).toEqual(before);
  }
}

const big = 'x'.repeat(10_000);
/** Shapes that are not an object of the right fields, for every event. */
const NOT_OBJECTS = [null, 42, 'play', true, [], [{ scope: '321171' }]];

const MALFORMED = {
  'scope:subscribe': [
    ...NOT_OBJECTS, {}, { scope: 5 }, { scope: null }, { scope: ['321171'] }, { scope: big }, { scope: '321171', extra: 1 },
  ],
  'screen:health': [
    ...NOT_OBJECTS,
    {},
    ...Object.keys(goodReport('w')).map((k) => ({ ...goodReport('wall-missing'), [k]: undefined })),
    goodReport('wall-types', { fps: 'sixty' }),
    goodReport('wall-types', { seq: 1.5 }),
    goodReport('wall-types', { seq: -1 }),
    goodReport('wall-types', { heapBytes: '1GB' }),
    goodReport('wall-types', { deltaLagMs: [] }),
    goodReport('wall-types', { fps: -3 }),
    goodReport('wall-types', { scope: '999' }),
    goodReport(big),
    goodReport('wall <script>'),
    goodReport('wall-types', { url: `/${big}` }),
    goodReport('wall-types', { url: 'http://evil.example/' }),
    goodReport('wall-types', { url: '//evil.example/' }),
    goodReport('wall-types', { injected: '<script>alert(1)</script>' }),
  ],
  'replay:command': [
    ...NOT_OBJECTS,
    {},
    { action: 'rewind' },
    { action: ['play'] },
    { action: 'speed', speed: -5 },
    { action: 'speed', speed: 'fast' },
    { action: 'speed', speed: 1e12 },
    { action: 'speed', speed: null },
    { action: 'speed' },
    { action: 'seek' },
    { action: 'seek', to: 'yesterday' },
    { action: 'seek', to: 0 },
    { action: 'seek', to: '2031-01-01T00:00:00Z' },
    { action: 'seek', to: big },
    { action: 'play', speed: 60 },
    { action: 'play', extra: big },
  ],
} as const;

describe('every client event is checked against its schema', () => {
  for (const [event, payloads] of Object.entries(MALFORMED)) {
    it(`${event}: ${payloads.length} malformed payloads each get { ok: false } with a reason and change nothing`, async () => {
      await fromFreshSockets(payloads, async (c, payload) => {
        const res = await ask(c, event, payload);
        expect(res, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false });
        expect(res.error).toMatch(/\S/);
        expect(res.error).not.toMatch(/Too many events/);
        expect(res.error!.length).toBeLessThan(400);
      });
    });

    it(`${event}: the same payloads without an ack are dropped (nothing thrown, nothing changed, the socket lives on)`, async () => {
      await fromFreshSockets(payloads, async (c, payload) => {
        c.emit(event, payload);
      });
    });
  }

  it('names the offending field in the refusal', async () => {
    const c = await clients.connect();
    expect(await ask(c, 'replay:command', { action: 'speed', speed: 'fast' })).toMatchObject({ ok: false, field: 'speed', error: expect.stringMatching(/"speed"/) });
    expect(await ask(c, 'screen:health', goodReport('wall-x', { url: 'http://evil.example/' }))).toMatchObject({ ok: false, field: 'url' });
    expect(await ask(c, 'screen:health', goodReport('wall-x', { injected: 'x' }))).toMatchObject({ ok: false, field: 'injected', error: expect.stringMatching(/not a field/) });
    expect(await ask(c, 'scope:subscribe', {})).toMatchObject({ ok: false, field: 'scope', error: expect.stringMatching(/required/) });
    expect(await ask(c, 'scope:subscribe', { scope: '999999' })).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown scope/) });
  });

  it('refuses a second argument; drops a well-formed request without an ack and events nobody listens to', async () => {
    const c = await clients.connect();
    const before = await serverState(c.id);
    expect(await ask(c, 'replay:command', { action: 'play' }, 'and more')).toMatchObject({ ok: false, error: expect.stringMatching(/one payload/) });
    // Nobody would hear the answer, so nothing is done.
    c.emit('replay:command', { action: 'play' });
    c.emit('scope:subscribe', { scope: '321171' });
    c.emit('no:such-event', { huge: big });
    expect((await ask(c, 'no:such-event', {}).catch((err: Error) => err.message))).toMatch(/timed out/);
    expect(c.connected).toBe(true);
    expect(await serverState(c.id)).toEqual(before);
  });

  it('drops a health report without an ack: the secret it would register could reach nobody', async () => {
    const c = await clients.connect();
    c.emit('screen:health', goodReport('wall-no-ack'));
    expect((await ask(c, 'scope:subscribe', { scope: '321171' })).ok).toBe(true);
    const screens = (await getScreens()).json() as { screenId: string }[];
    expect(screens.map((s) => s.screenId)).not.toContain('wall-no-ack');
  });
});

describe('flood and size limits', () => {
  it(`throttles a socket past ${SOCKET_EVENT_BURST_EVENTS} events at once and ${SOCKET_EVENT_RATE_PER_S}/s, keeps it connected, and serves it again later`, async () => {
    const c = await clients.connect();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 100 }, () => ask(c, 'scope:subscribe', { scope: '321171' })));
    const seconds = (Date.now() - started) / 1000;
    const passed = answers.filter((a) => a.ok).length;
    const refused = answers.filter((a) => !a.ok);
    expect(passed).toBeGreaterThanOrEqual(SOCKET_EVENT_BURST_EVENTS);
    expect(passed).toBeLessThanOrEqual(SOCKET_EVENT_BURST_EVENTS + Math.ceil(seconds * SOCKET_EVENT_RATE_PER_S) + 1);
    expect(refused.length).toBe(100 - passed);
    expect(refused[0].error).toMatch(/Too many events/);
    expect(c.connected).toBe(true);
    // Another socket has its own bucket.
    expect((await ask(await clients.connect(), 'scope:subscribe', { scope: '321171' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await ask(c, 'scope:subscribe', { scope: '321171' })).ok).toBe(true);
  });

  it(`closes a connection whose message exceeds ${SOCKET_MAX_MESSAGE_BYTES} bytes before any of it is stored`, async () => {
    const before = (await getScreens()).body;
    const c = await clients.connect();
    const gone = disconnected(c);
    c.emit('screen:health', goodReport('wall-huge', { url: `/${'a'.repeat(SOCKET_MAX_MESSAGE_BYTES)}` }), () => {});
    expect(await gone).toMatch(/transport/);
    expect((await getScreens()).body).toBe(before);
  });

  it('twenty 500 KB reports leave GET /api/screens as small as it was', async () => {
    const before = (await getScreens()).body;
    const socks = await Promise.all(Array.from({ length: 20 }, () => clients.connect()));
    const gone = socks.map((s) => disconnected(s));
    socks.forEach((s, i) => s.emit('screen:health', goodReport(`wall-big-${i}`, { junk: 'j'.repeat(500_000) })));
    await Promise.all(gone);
    const after = (await getScreens()).body;
    expect(after).toBe(before);
    expect(after.length).toBeLessThan(2_000);
  });
});
