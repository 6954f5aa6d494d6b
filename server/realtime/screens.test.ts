import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { loginAs } from '../test/app.js';
import { ask, disconnected, goodReport, socketSuite } from '../test/sockets.js';

let app: FastifyInstance;
const clients = socketSuite((a) => (app = a));

const screens = async () => (await app.inject({ url: '/api/screens', headers: await loginAs(app, 'town') })).json() as Record<string, unknown>[];
const reload = async (id: string) =>
  app.inject({ method: 'POST', url: `/api/screens/${id}/reload`, headers: await loginAs(app, 'admin') });
/** Counts the screen:reload events a socket receives. */
const reloadsOf = (c: Socket) => {
  const got = { count: 0 };
  c.on('screen:reload', () => (got.count += 1));
  return got;
};
const settle = () => new Promise((r) => setTimeout(r, 200));

describe('screens over a real port', () => {
  it('a second socket cannot take a connected screen id; the reload reaches only the real screen', async () => {
    const real = await clients.connect();
    const impostor = await clients.connect();
    const realReloads = reloadsOf(real);
    const impostorReloads = reloadsOf(impostor);
    expect(await ask(real, 'screen:health', goodReport('wall-lobby', { fps: 60 }))).toEqual({ ok: true, data: { secret: expect.any(String) } });
    const spoof = await ask(impostor, 'screen:health', goodReport('wall-lobby', { fps: 1, url: '/?scope=321171001' }));
    expect(spoof).toMatchObject({ ok: false, field: 'secret', error: expect.stringMatching(/belongs to another screen/) });

    const lobby = (await screens()).find((s) => s.screenId === 'wall-lobby');
    expect(lobby).toMatchObject({ fps: 60, url: '/?scope=321171', connected: true });
    expect((await reload('wall-lobby')).statusCode).toBe(200);
    await settle();
    expect(realReloads.count).toBe(1);
    expect(impostorReloads.count).toBe(0);
  });

  it('serves only the schema fields, and no connection ids', async () => {
    const c = await clients.connect();
    expect((await ask(c, 'screen:health', goodReport('wall-fields'))).ok).toBe(true);
    const listed = (await screens()).find((s) => s.screenId === 'wall-fields')!;
    expect(Object.keys(listed).sort()).toEqual(['connected', 'deltaLagMs', 'fps', 'heapBytes', 'reportedAt', 'scope', 'screenId', 'seq', 'url']);
  });

  it('once the holder disconnects, the id answers only to its secret: a stranger is refused, the wall itself comes back', async () => {
    const first = await clients.connect();
    const registered = await ask(first, 'screen:health', goodReport('wall-hall'));
    const { secret } = registered.data as { secret: string };
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Later reports carry it, and get no new one.
    expect(await ask(first, 'screen:health', goodReport('wall-hall', { secret }))).toEqual({ ok: true, data: { secret: null } });
    const gone = disconnected(first);
    first.disconnect();
    await gone;
    await settle();
    expect((await screens()).find((s) => s.screenId === 'wall-hall')).toMatchObject({ connected: false });
    expect((await reload('wall-hall')).statusCode).toBe(409);

    const stranger = await clients.connect();
    expect(await ask(stranger, 'screen:health', goodReport('wall-hall', { fps: 1 }))).toMatchObject({ ok: false, field: 'secret' });
    expect((await screens()).find((s) => s.screenId === 'wall-hall')).toMatchObject({ connected: false });

    const next = await clients.connect();
    const nextReloads = reloadsOf(next);
    expect((await ask(next, 'screen:health', goodReport('wall-hall', { fps: 30, secret }))).ok).toBe(true);
    expect((await screens()).find((s) => s.screenId === 'wall-hall')).toMatchObject({ connected: true, fps: 30 });
    expect((await reload('wall-hall')).statusCode).toBe(200);
    await settle();
    expect(nextReloads.count).toBe(1);
  });

  it('one connection reports as one screen only', async () => {
    const c = await clients.connect();
    expect((await ask(c, 'screen:health', goodReport('wall-one'))).ok).toBe(true);
    expect(await ask(c, 'screen:health', goodReport('wall-two'))).toMatchObject({ ok: false, error: expect.stringMatching(/one connection is one screen/) });
    expect((await screens()).map((s) => s.screenId)).not.toContain('wall-two');
  });
});

describe('GET /api/screens', () => {
  it('is for supervisors, and shows a reported URL reduced to its path and the wall parameters', async () => {
    const c = await clients.connect();
    expect((await ask(c, 'screen:health', goodReport('wall-url', { url: '/?scope=321171001&name=someone&rotate=321171,321171001&every=30' }))).ok).toBe(true);
    expect((await app.inject({ url: '/api/screens' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/screens', headers: await loginAs(app, 'viewer') })).statusCode).toBe(403);
    expect((await screens()).find((s) => s.screenId === 'wall-url')).toMatchObject({ url: '/?scope=321171001&rotate=321171%2C321171001&every=30' });
  });
});
