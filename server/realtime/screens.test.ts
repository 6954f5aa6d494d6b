import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import { loginAs } from '../test/app.js';
import { ask, disconnected, goodReport, socketSuite } from '../test/sockets.js';

let app: FastifyInstance;
const clients = socketSuite((a) => (app = a));

const screens = async () => (await app.inject({ url: '/api/screens' })).json() as Record<string, unknown>[];
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
    expect(await ask(real, 'screen:health', goodReport('wall-lobby', { fps: 60 }))).toEqual({ ok: true, data: null });
    const spoof = await ask(impostor, 'screen:health', goodReport('wall-lobby', { fps: 1, url: '/?scope=321171001' }));
    expect(spoof).toMatchObject({ ok: false, field: 'screenId', error: expect.stringMatching(/another connected screen/) });

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

  it('once the holder disconnects, the id may be taken, and the reload follows the new holder', async () => {
    const first = await clients.connect();
    expect((await ask(first, 'screen:health', goodReport('wall-hall'))).ok).toBe(true);
    const gone = disconnected(first);
    first.disconnect();
    await gone;
    await settle();
    expect((await screens()).find((s) => s.screenId === 'wall-hall')).toMatchObject({ connected: false });
    expect((await reload('wall-hall')).statusCode).toBe(409);

    const next = await clients.connect();
    const nextReloads = reloadsOf(next);
    expect((await ask(next, 'screen:health', goodReport('wall-hall', { fps: 30 }))).ok).toBe(true);
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
