import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../app.js';
import { auth, loginAs, TEST_PASSWORDS, TEST_TOKEN } from '../test/app.js';
import { smallWorld } from '../test/world.js';
import { SEEK_INTERVAL_MS } from '../auth/replay-control.js';

/**
 * A ticket filed through intake during the demo belongs to the virtual instant it was filed at: seeks and the year's
 * loop show it as it was then, never delete it, and never give its id (or a planned ticket's id) to another ticket.
 * The real pipeline on a real SQLite file.
 */
const dir = mkdtempSync(join(tmpdir(), 'moshao-filed-'));
let app: FastifyInstance;
// The door's clock: each seek below comes a seek interval after the last (one seek per caller every 2 s).
let doorNow = Date.now();
beforeAll(async () => {
  app = await buildApp({
    dbPath: join(dir, 'moshao.db'), world: smallWorld(), intakeToken: TEST_TOKEN, clientDir: '/nonexistent', authNow: () => doorNow,
    adminPassword: TEST_PASSWORDS.admin, demoAccounts: { townPassword: TEST_PASSWORDS.town, viewerPassword: TEST_PASSWORDS.viewer },
  });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const MARCH = Date.parse('2023-03-10T10:00:00+08:00');
const FEBRUARY = Date.parse('2023-02-10T10:00:00+08:00');
const APRIL = Date.parse('2023-04-10T10:00:00+08:00');
const TITLE = '三月十日 小区门口路灯不亮';

const seek = async (to: number) => {
  doorNow += SEEK_INTERVAL_MS;
  const res = await app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'admin'), payload: { action: 'seek', to } });
  expect(res.statusCode).toBe(200);
  expect(res.json().clock).toBe(to);
};
const total = async () => (await app.inject({ url: '/api/summary?scope=321171' })).json().tickets.total as number;
const visiblePlanned = (at: number) => smallWorld().tickets.filter((t) => t.reportedAt <= at).length;
const ticketAsAdmin = async (id: number) => app.inject({ url: `/api/tickets/${id}`, headers: await loginAs(app, 'admin') });
const listedIds = async () => ((await app.inject({ url: '/api/tickets?limit=200' })).json().items as { id: number }[]).map((t) => t.id);
const plannedIdOf = (ref: string) => (app.moshao.db.prepare('SELECT id FROM tickets WHERE ref = ?').get(ref) as { id: number }).id;

describe('tickets filed during the demo are part of its timeline', () => {
  let filed: { id: number; reportedAt: number };
  const someRef = smallWorld().tickets.find((t) => t.reportedAt > FEBRUARY && t.reportedAt < MARCH)!.ref;
  let someRefId = 0;

  it('files a ticket at March 10 and moves it along there', async () => {
    await seek(MARCH);
    someRefId = plannedIdOf(someRef);
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: auth,
      payload: { category: 'lamp', title: TITLE, channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
    });
    expect(res.statusCode).toBe(201);
    filed = res.json();
    expect(filed.reportedAt).toBe(MARCH);
    const accepted = await app.inject({ method: 'POST', url: `/api/tickets/${filed.id}/transitions`, headers: await loginAs(app, 'admin'), payload: { action: 'accept' } });
    expect(accepted.statusCode).toBe(200);
    expect(await total()).toBe(visiblePlanned(MARCH) + 1);
    expect(await listedIds()).toContain(filed.id);
  });

  it('is not counted after a seek back to February, yet still answers by id', async () => {
    await seek(FEBRUARY);
    expect(await total()).toBe(visiblePlanned(FEBRUARY));
    expect(await listedIds()).not.toContain(filed.id);
    const res = await ticketAsAdmin(filed.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: filed.id, title: TITLE, status: 'reported' });
    expect(res.json().timeline).toEqual([]);
  });

  it('is back, the same ticket with its events, after a seek to April', async () => {
    await seek(APRIL);
    expect(await total()).toBe(visiblePlanned(APRIL) + 1);
    const res = await ticketAsAdmin(filed.id);
    expect(res.json()).toMatchObject({ id: filed.id, title: TITLE, status: 'accepted', reportedAt: MARCH });
    expect(res.json().timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'accept']);
    expect(plannedIdOf(someRef)).toBe(someRefId);
  });

  it('gives a ticket filed later a new id, never one of the year or of an earlier filing', async () => {
    await seek(FEBRUARY);
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: auth,
      payload: { category: 'road', title: '二月 井盖松动', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBeGreaterThan(filed.id);
    expect(res.json().id).toBeGreaterThan(smallWorld().tickets.length);
  });

  it('survives the year\'s loop: same ids, same title, counted again when the clock passes March', async () => {
    const rows = (app.moshao.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    await seek(REPLAY_YEAR_END_MS);
    await app.moshao.replayer!.seekTo(REPLAY_YEAR_START_MS); // what the loop does at the year's end
    expect(await total()).toBe(0);
    expect((app.moshao.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n).toBe(rows);
    await seek(APRIL);
    expect(await total()).toBe(visiblePlanned(APRIL) + 2);
    expect((await ticketAsAdmin(filed.id)).json()).toMatchObject({ id: filed.id, title: TITLE, status: 'accepted' });
    expect(plannedIdOf(someRef)).toBe(someRefId);
    // The audit log's reference still names this ticket.
    const audit = (await app.inject({ url: '/api/audit?limit=200', headers: await loginAs(app, 'admin') })).json();
    const created = (audit.items as { action: string; target: string }[]).filter((e) => e.action === 'ticket.create').map((e) => e.target);
    expect(created).toContain(`ticket:${filed.id}`);
  });
});
