import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { REPLAY_SPEED_MAX, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { loginAs, testApp } from '../test/app.js';
import { ask, socketSuite } from '../test/sockets.js';

/** Commands both doors must refuse, with the field each refusal names (none when the whole body is wrong). */
const INVALID: [unknown, string | undefined][] = [
  [{ action: 'speed', speed: -5 }, 'speed'],
  [{ action: 'speed', speed: 'fast' }, 'speed'],
  [{ action: 'speed', speed: REPLAY_SPEED_MAX + 1 }, 'speed'],
  [{ action: 'speed' }, 'speed'],
  [{ action: 'seek' }, 'to'],
  [{ action: 'seek', to: 'yesterday' }, 'to'],
  [{ action: 'seek', to: '2023-03-01' }, 'to'],
  [{ action: 'seek', to: REPLAY_YEAR_START_MS - 1 }, 'to'],
  [{ action: 'seek', to: REPLAY_YEAR_END_MS + 1 }, 'to'],
  [{ action: 'seek', to: '2031-01-01T00:00:00Z' }, 'to'],
  [{ action: 'play', to: REPLAY_YEAR_START_MS }, 'to'],
  [{ action: 'pause', speed: 60 }, 'speed'],
  [{ action: 'rewind' }, 'action'],
  [{ speed: 60 }, 'action'],
  [{ action: 'play', url: 'http://evil.example/' }, 'url'],
  [['play'], undefined],
];

describe('replay commands: one check for HTTP and socket (open demo controls)', () => {
  let app: FastifyInstance;
  const clients = socketSuite((a) => (app = a));
  const replayState = async () => (await app.inject({ url: '/api/replay' })).json();
  const post = async (payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'district'), payload: payload as object });

  it('refuses each invalid command over HTTP with 400 naming the field, and the same sentence over the socket; nothing changes', async () => {
    const c = await clients.connect();
    const before = await replayState();
    for (const [command, field] of INVALID) {
      const res = await post(command);
      const label = JSON.stringify(command);
      expect(res.statusCode, label).toBe(400);
      const body = res.json();
      expect(body.error, label).toBe('invalid_replay_command');
      expect(body.field, label).toBe(field);
      if (field) expect(body.message, label).toContain(`"${field}"`);
      expect(await ask(c, 'replay:command', command), label).toEqual(field ? { ok: false, error: body.message, field } : { ok: false, error: body.message });
    }
    expect(await replayState()).toEqual(before);
    const health = (await app.inject({ url: '/api/health' })).json();
    expect(typeof health.replay.speed).toBe('number');
  });

  it('refuses a body that is not JSON or not an object with 400', async () => {
    const headers = { ...(await loginAs(app, 'district')), 'content-type': 'application/json' };
    for (const payload of ['"play"', 'null', '42']) {
      const res = await app.inject({ method: 'POST', url: '/api/replay', headers, payload });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
  });

  it('accepts the bounds: speed 0 and the maximum, a seek in epoch ms or an ISO date-time with its zone', async () => {
    expect((await post({ action: 'speed', speed: 0 })).json()).toMatchObject({ speed: 0 });
    expect((await post({ action: 'speed', speed: REPLAY_SPEED_MAX })).json()).toMatchObject({ speed: REPLAY_SPEED_MAX });
    const march = Date.parse('2023-03-01T00:00:00+08:00');
    expect((await post({ action: 'seek', to: '2023-03-01T00:00:00+08:00' })).json()).toMatchObject({ clock: march });
    // Another caller: one seek per caller every 2 s (replay-control.ts).
    const asAdmin = await app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'admin'), payload: { action: 'seek', to: march + 3_600_000 } });
    expect(asAdmin.json()).toMatchObject({ clock: march + 3_600_000 });
  });

  it('lets an anonymous wall drive the replay over its socket when MOSHAO_DEMO_CONTROLS is open (the default)', async () => {
    const c = await clients.connect();
    expect(await ask(c, 'replay:command', { action: 'speed', speed: 3600 })).toMatchObject({ ok: true, data: { speed: 3600 } });
    expect(await replayState()).toMatchObject({ speed: 3600 });
  });
});

describe('MOSHAO_DEMO_CONTROLS=supervisors', () => {
  let app: FastifyInstance;
  const clients = socketSuite((a) => (app = a), () => testApp({ demoControls: 'supervisors' }));
  const replayState = async () => (await app.inject({ url: '/api/replay' })).json();

  it('refuses an anonymous socket, saying why, before looking at the command; nothing changes', async () => {
    const c = await clients.connect();
    const before = await replayState();
    for (const command of [{ action: 'speed', speed: 60 }, { action: 'play' }, { action: 'speed', speed: 'fast' }]) {
      const res = await ask(c, 'replay:command', command);
      expect(res).toMatchObject({ ok: false, error: expect.stringMatching(/supervisors.*log in/) });
      expect(res.field).toBeUndefined();
    }
    expect(await replayState()).toEqual(before);
  });

  it('refuses a forged or ended session and a viewer, accepts a logged-in admin and district supervisor', async () => {
    const forged = await clients.connect('moshao_session=not-a-session');
    expect(await ask(forged, 'replay:command', { action: 'play' })).toMatchObject({ ok: false, error: expect.stringMatching(/no supervisor session/) });
    const viewer = await clients.connect((await loginAs(app, 'viewer')).cookie);
    expect(await ask(viewer, 'replay:command', { action: 'play' })).toMatchObject({ ok: false, error: expect.stringMatching(/viewer role may not/) });
    expect(await replayState()).toMatchObject({ playing: false });

    const admin = await clients.connect((await loginAs(app, 'admin')).cookie);
    expect(await ask(admin, 'replay:command', { action: 'speed', speed: 60 })).toMatchObject({ ok: true, data: { speed: 60 } });
    // Still one check of the command itself for those allowed.
    expect(await ask(admin, 'replay:command', { action: 'speed', speed: -5 })).toMatchObject({ ok: false, field: 'speed' });
    const district = await clients.connect((await loginAs(app, 'district')).cookie);
    expect(await ask(district, 'replay:command', { action: 'speed', speed: 120 })).toMatchObject({ ok: true });
    expect(await replayState()).toMatchObject({ speed: 120 });
  });

  it('leaves the rest of the wall open: an anonymous socket still subscribes and reports its health', async () => {
    const c = await clients.connect();
    expect((await ask(c, 'scope:subscribe', { scope: '321171' })).ok).toBe(true);
    expect((await ask(c, 'screen:health', { screenId: 'wall-anon', scope: '321171', fps: 60, heapBytes: null, deltaLagMs: null, seq: 0, url: '/' })).ok).toBe(true);
  });
});
