import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { ReplayState } from '../../shared/schemas/common.js';
import { testApp } from '../test/app.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let app: FastifyInstance;
let client: Client;

beforeAll(async () => {
  app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  client = connect(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
});
afterAll(async () => {
  client.close();
  await app.close();
});

const command = (cmd: unknown) =>
  new Promise<Ack<ReplayState>>((resolve) => client.emit('replay:command', cmd as never, resolve));

describe("the socket's replay:command takes what POST /api/replay takes, nothing more", () => {
  it.each([
    ['a negative speed', { action: 'speed', speed: -5 }],
    ['a speed as text', { action: 'speed', speed: '600' }],
    ['a speed beyond the maximum', { action: 'speed', speed: 1e308 }],
    ['an unknown action', { action: 'stop' }],
    ['a field the command does not have', { action: 'play', admin: true }],
    ['no command at all', null],
  ])('refuses %s and leaves the replay as it was', async (_what, cmd) => {
    const before = app.moshao.replayer!.state();
    const ack = await command(cmd);
    expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/speed|action|admin|command/) });
    expect(app.moshao.replayer!.state()).toEqual(before);
  });

  it('still applies a valid speed', async () => {
    const ack = await command({ action: 'speed', speed: 1200 });
    expect(ack).toMatchObject({ ok: true, data: { speed: 1200 } });
  });
});
