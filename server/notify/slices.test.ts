import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../domain/supervise/rules.js';
import { subscriberHears } from '../domain/supervise/supervise-index.js';
import { openDatabase, type Db } from '../storage/database.js';
import { liveDbWithWorld } from '../test/live-world.js';
import { createNotifier, type NotifierDeps } from './notifier.js';

/**
 * A burst on a real SQLite file, cut into small slices, and a process that stops between two of them: the database
 * files are copied as they are on disk at that moment (what a kill -9 leaves), and a notifier started on the copy
 * finishes the burst. Every (ticket, level, subscription) row is there once; the rows written before the stop are
 * untouched (same ids: the same webhook-ids when they go).
 */
const dir = mkdtempSync(join(tmpdir(), 'moshao-notify-slices-'));
const open: Db[] = [];
afterAll(() => {
  for (const db of open) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});
const TICKETS = 60;
const SLICE_ROWS = 7;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function notifierOn(db: Db, clock: { now: number }, resume?: NotifierDeps['resume']) {
  const meta = {
    get: (k: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(k) as string | undefined) ?? null,
    set: (k: string, v: string) => { db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(k, v); },
  };
  return createNotifier({
    db, mode: 'live', options: { privateTargets: true, autoSend: false, sliceRows: SLICE_ROWS }, ticketNow: () => clock.now, wallNow: () => clock.now,
    loadTicket: () => null, categories: new Map(), registry: new Registry(), audit: { record: () => undefined }, meta, resume,
  });
}

describe('a 督办 burst in slices across a stop', () => {
  it('loses and doubles no (ticket, level, subscription) row when the process stops between two slices', async () => {
    const path = await liveDbWithWorld(dir, 'slices.db');
    const db = openDatabase(path);
    open.push(db);
    const start = Date.parse('2026-12-02T10:00:00+08:00');
    const clock = { now: start };
    const cells = db.prepare('SELECT id FROM grid_cells ORDER BY id').pluck().all() as string[];
    const category = db.prepare('SELECT code, tier, close_hours AS closeHours FROM categories ORDER BY code LIMIT 1').get() as { code: string; tier: string; closeHours: number };
    const deadline = start + 60_000;
    const insert = db.prepare(`INSERT INTO tickets (title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat, address,
      handling_unit, reported_at, accepted_at, dispatched_at, started_at, response_due_at, close_due_at, updated_at)
      VALUES ('路灯不亮', '晚上看不见路', ?, ?, 'in_progress', 'resident', 'resident', 0, ?, 119.5, 32.2, '某处', ?, ?, ?, ?, ?, ?, ?, ?)`);
    const units = ['区水务局', '丁卯社区'];
    for (let i = 0; i < TICKETS; i++) {
      const reported = deadline - category.closeHours * 3600_000 + 60_000;
      insert.run(category.code, category.tier, cells[(i * 7) % cells.length], units[i % 2], reported, reported, reported, reported, reported + 600_000, deadline, reported);
    }

    // The process before the stop: it never gets the later turns its slices ask for.
    const first = notifierOn(db, clock, () => undefined);
    for (const [i, scope] of [null, cells[0].slice(0, 9), cells[0].slice(0, 12)].entries()) {
      await first.createSubscription({ name: `群${i}`, ...(scope ? { scope } : {}), channel: 'webhook', url: `http://127.0.0.1:9/hook/${i}`, levels: ['red'] });
    }
    await first.createSubscription({ name: '水务', unit: '区水务局', channel: 'webhook', url: 'http://127.0.0.1:9/hook/unit', levels: ['red'] });
    first.rebuild(clock.now, false);
    first.advance(clock.now); // nothing due: the instant evaluated is saved
    clock.now = deadline + 1000; // every ticket is red now
    for (let i = 0; i < 3; i++) first.advance(clock.now);
    const rowsBefore = db.prepare('SELECT id, ticket_id, subscription_id, status FROM notify_outbox ORDER BY id').all();
    expect(rowsBefore.length).toBeGreaterThan(0);
    expect(rowsBefore.length).toBeLessThan(3 * (SLICE_ROWS + 4)); // whole tickets: a slice stops at the ticket that reaches 7 rows
    expect(first.index.hasDue(clock.now)).toBe(true);
    // The instant evaluated is not moved while the burst is unfinished: the restart starts before it.
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'supervise_evaluated_to'`).pluck().get()).toBe(String(start));
    const crashed = join(dir, 'crashed.db');
    copyFileSync(path, crashed);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${crashed}-wal`);
    await first.stop();

    // The restart, on what was on disk: it catches up in slices by itself, each on a later turn.
    const db2 = openDatabase(crashed);
    open.push(db2);
    const second = notifierOn(db2, clock);
    second.rebuild(clock.now, false);
    for (let i = 0; i < 10_000 && second.index.hasDue(clock.now); i++) await turn();
    expect(second.index.hasDue(clock.now)).toBe(false);

    const rows = db2.prepare('SELECT id, ticket_id, subscription_id, status, level, cycle, round FROM notify_outbox ORDER BY id').all() as
      { id: number; ticket_id: number; subscription_id: number; status: string; level: string; cycle: number; round: number }[];
    const tickets = second.repo.iterateOpenSupervised(clock.now);
    const targets = second.listSubscriptions().map((s) => ({ id: s.id, scope: s.scope, unit: s.unit, levels: s.levels, disabled: false }));
    const expected: string[] = [];
    for (const t of tickets) for (const s of targets) if (subscriberHears(s, t, 'red', DEFAULT_RULES)) expected.push(`${t.id}:${s.id}`);
    expect(expected.length).toBeGreaterThan(rowsBefore.length);
    expect(rows.map((r) => `${r.ticket_id}:${r.subscription_id}`).sort()).toEqual(expected.sort());
    expect(rows.every((r) => r.level === 'red' && r.cycle === 0 && r.round === 0 && r.status === 'pending')).toBe(true);
    // What was written before the stop is as it was: the same rows under the same ids.
    expect(rows.slice(0, rowsBefore.length).map((r) => ({ id: r.id, ticket_id: r.ticket_id, subscription_id: r.subscription_id, status: r.status }))).toEqual(rowsBefore);
    // Caught up: now the instant evaluated moves on.
    expect(db2.prepare(`SELECT value FROM meta WHERE key = 'supervise_evaluated_to'`).pluck().get()).toBe(String(clock.now));
    await second.stop();
  }, 60_000);
});
