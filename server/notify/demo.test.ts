import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { auth, testApp, TEST_TOWN } from '../test/app.js';
import { json, startReceiver, type Receiver } from '../test/receivers.js';

/** The demo replays a year in minutes: what it would send is recorded, and a jump never floods a group. */
const apps: FastifyInstance[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await Promise.all(receivers.map((r) => r.close()));
});

/** Tickets nobody acts on: they go blue, then red, and stay red (repeating) for the rest of the test. */
async function fileTickets(app: FastifyInstance) {
  const cell = app.moshao.db.prepare(`SELECT id FROM grid_cells WHERE id LIKE '${TEST_TOWN}%' ORDER BY id LIMIT 1`).pluck().get() as string;
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
      category: 'lamp', title: '路灯不亮', channel: 'mini_program', reporterRole: 'resident', gridId: cell,
    } });
    expect(res.statusCode).toBe(201);
  }
}

async function demoWithSubscription(inDemo: boolean) {
  const app = await testApp({ notify: { privateTargets: true, inDemo, autoSend: false } });
  apps.push(app);
  const hook = await startReceiver(json(200, {}));
  receivers.push(hook);
  const sub = await app.moshao.notify.createSubscription({ name: '区平台', channel: 'webhook', url: hook.url, levels: ['blue', 'yellow', 'red', 'escalated'] });
  const rows = () => app.moshao.notify.repo.listRows(undefined, 500).filter((r) => r.subscriptionId === sub.id);
  const byStatus = () => {
    const out: Record<string, number> = {};
    for (const r of rows()) out[r.status] = (out[r.status] ?? 0) + 1;
    return out;
  };
  return { app, hook, rows, byStatus };
}

describe('督办 in the demo', () => {
  it('records what it would send as simulated by default, and sends nothing', async () => {
    const { app, hook, byStatus } = await demoWithSubscription(false);
    await fileTickets(app);
    await app.moshao.replayer!.playTo(REPLAY_YEAR_START_MS + 4 * DAY_MS);
    await app.moshao.notify.sender.drain();
    expect(byStatus().simulated).toBeGreaterThan(0);
    expect(Object.keys(byStatus())).toEqual(['simulated']);
    expect(hook.received).toHaveLength(0);
  });

  it('with MOSHAO_NOTIFY_IN_DEMO sends what play brings, while a jump records without sending, and a jump back and forth sends nothing again', async () => {
    const { app, hook, rows, byStatus } = await demoWithSubscription(true);
    const replayer = app.moshao.replayer!;
    await fileTickets(app);
    const t0 = REPLAY_YEAR_START_MS + 10 * DAY_MS;
    await replayer.seekTo(t0);
    const afterJump = byStatus();
    expect(afterJump.simulated).toBeGreaterThan(0);
    expect(afterJump.pending ?? 0).toBe(0);

    await replayer.playTo(t0 + 3 * DAY_MS);
    expect(byStatus().pending).toBeGreaterThan(0);
    for (let i = 0; i < 5 && (byStatus().pending ?? 0) > 0; i++) await app.moshao.notify.sender.drain();
    expect(byStatus().pending ?? 0).toBe(0);
    const sent = byStatus().sent;
    expect(sent).toBeGreaterThan(0);
    const messages = hook.received.length;
    const ids = new Set(rows().map((r) => r.id));

    // Back two days and forward to where it stood: the levels there were recorded already, nothing new goes out.
    await replayer.seekTo(t0 - 2 * DAY_MS);
    await replayer.seekTo(t0 + 3 * DAY_MS);
    await app.moshao.notify.sender.drain();
    expect(hook.received).toHaveLength(messages);
    expect(byStatus().sent).toBe(sent);
    expect(byStatus().pending ?? 0).toBe(0);
    // Whatever is new was recorded quietly (levels that hold at t0 - 2 days and were never recorded before).
    expect(rows().filter((r) => !ids.has(r.id)).every((r) => r.status === 'simulated')).toBe(true);
  });
});
