import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { countersFrom, kpiOf, ticketCountsOf } from '../domain/aggregates.js';
import { auth, loginAs, rowCounts, testApp } from '../test/app.js';
import { SEEK_INTERVAL_MS } from '../auth/replay-control.js';
import { smallWorld } from '../test/world.js';

let app: FastifyInstance;
// The door's clock: each command below comes a seek interval after the last (one seek per caller every 2 s).
let doorNow = Date.now();
beforeAll(async () => {
  app = await testApp({ authNow: () => doorNow });
});
afterAll(() => app.close());

const state = async () => (await app.inject({ url: '/api/replay' })).json();
// Replay control over HTTP needs a district supervisor (or an admin).
const command = async (payload: object) => {
  doorNow += SEEK_INTERVAL_MS;
  return app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'district'), payload });
};

describe('the 2023 replay (small world)', () => {
  it('starts paused at 2023-01-01 00:00 Asia/Shanghai', async () => {
    expect(await state()).toMatchObject({ mode: 'demo', playing: false, clock: REPLAY_YEAR_START_MS, loop: true });
  });

  it('lays the year out once: every planned ticket has its row from the start, visible from its report time', () => {
    expect(rowCounts(app).tickets).toBe(smallWorld().tickets.length);
    expect(visible(app, REPLAY_YEAR_START_MS)).toBe(0);
    expect(app.moshao.live.summary('321171').tickets.total).toBe(0);
  });

  it('seeks forwards by jumping and the aggregates equal a recomputation from SQLite', async () => {
    const to = Date.UTC(2023, 5, 30, 16); // 2023-07-01 00:00 Shanghai
    const res = await command({ action: 'seek', to: new Date(to).toISOString() });
    expect(res.statusCode).toBe(200);
    expect(res.json().clock).toBe(to);
    const planned = smallWorld().tickets.filter((t) => t.reportedAt <= to).length;
    expect(visible(app, to)).toBe(planned);
    expect(rowCounts(app).tickets).toBe(smallWorld().tickets.length);
    const { live } = app.moshao;
    const expected = countersFrom(iterate(app, to), to);
    expect(ticketCountsOf(live.countersOf('321171'), to)).toEqual(ticketCountsOf(expected, to));
    expect(kpiOf(live.countersOf('321171'))).toEqual(kpiOf(expected));
  });

  it('seeks backwards by jumping, without deleting a row', async () => {
    const to = Date.UTC(2023, 1, 1, 16);
    await command({ action: 'seek', to });
    const planned = smallWorld().tickets.filter((t) => t.reportedAt <= to).length;
    expect(visible(app, to)).toBe(planned);
    expect(rowCounts(app).tickets).toBe(smallWorld().tickets.length);
    expect(app.moshao.live.summary('321171').tickets.total).toBe(planned);
  });

  it('plays, pauses and changes speed; refuses bad commands with 4xx', async () => {
    expect((await command({ action: 'speed', speed: 3600 })).json()).toMatchObject({ speed: 3600 });
    expect((await command({ action: 'play' })).json()).toMatchObject({ playing: true });
    expect((await command({ action: 'pause' })).json()).toMatchObject({ playing: false });
    expect((await command({ action: 'seek', to: 'yesterday' })).statusCode).toBe(400);
    expect((await command({ action: 'seek', to: '2031-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await command({ action: 'speed' })).statusCode).toBe(400);
    expect((await command({ action: 'rewind' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/replay', payload: { action: 'play' } })).statusCode).toBe(401);
  });

  it('stamps intake during the demo with the virtual time', async () => {
    const clock = (await state()).clock;
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: auth,
      payload: { category: 'road', title: '井盖缺失', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
    });
    expect(res.json().reportedAt).toBe(clock);
    // Answer it, or it would be the one missed response of the year.
    await app.inject({ method: 'POST', url: `/api/tickets/${res.json().id}/transitions`, headers: await loginAs(app, 'town'), payload: { action: 'accept' } });
  });

  it('replays to the end of the year with every response in time', async () => {
    await command({ action: 'seek', to: REPLAY_YEAR_END_MS });
    const s = (await app.inject({ url: '/api/summary?scope=321171' })).json();
    expect(s.tickets.total).toBeGreaterThanOrEqual(smallWorld().tickets.length);
    expect(s.kpi.responseRate).toBe(1);
    expect(app.moshao.replayer!.skipped).toBe(0);
  });
});

const visible = (a: FastifyInstance, at: number) =>
  (a.moshao.db.prepare('SELECT count(*) AS n FROM tickets WHERE reported_at <= ?').get(at) as { n: number }).n;

function* iterate(a: FastifyInstance, at: number) {
  const rows = a.moshao.db.prepare('SELECT id FROM tickets WHERE reported_at <= ?').all(at) as { id: number }[];
  for (const r of rows) yield a.moshao.service.getTicket(r.id)!.ticket;
}
