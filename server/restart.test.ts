import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { smallWorld } from './test/world.js';
import type { FastifyInstance } from 'fastify';
import { createTicketRepository } from './storage/ticket-repository.js';
import { allowedActions } from '../shared/lifecycle.js';
import type { TicketStatus } from '../shared/constants.js';

/**
 * The aggregates checkpointed at a clean shutdown come back equal to a rebuild; so do they after a crash or rows written
 * by another program since: only those rows are counted again (server/storage/saved-aggregates.test.ts for any writes).
 */
const dir = mkdtempSync(join(tmpdir(), 'moshao-saved-'));
const path = join(dir, 'moshao.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines: string[] = [];
const open = () => buildApp({ dbPath: path, world: smallWorld(), clientDir: '/nonexistent', onProgress: (l) => lines.push(l) });
const summaries = (app: FastifyInstance) => Object.fromEntries(app.moshao.live.scopeIds().map((s) => [s, app.moshao.live.summary(s)]));
const savedMeta = () => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'saved_aggregates'").get() as { value: string } | undefined)?.value ?? '';
  } finally {
    db.close();
  }
};

describe('aggregates saved at a clean shutdown', () => {
  let expected: Record<string, unknown>;

  it('are taken back at the next start, equal to what was running (and to a rebuild)', async () => {
    const first = await open();
    await first.moshao.replayer!.playTo(Date.parse('2023-06-10T12:00:00+08:00'));
    first.moshao.service.tick();
    expected = summaries(first);
    await first.close();
    expect(savedMeta()).not.toBe('');

    lines.length = 0;
    const second = await open();
    expect(lines.some((l) => l.includes('taken back'))).toBe(true);
    expect(summaries(second)).toEqual(expected);
    // A rebuild from SQLite at the same instant gives the same numbers.
    const at = second.moshao.live.at;
    second.moshao.live.rebuild(createTicketRepository(second.moshao.db).iterateCounted(at), at);
    // The module numbers too: a rebuild takes them again from their sources (the day's streams so far, stored events).
    expect(summaries(second)).toEqual(expected);
    await second.close();
  });

  it('are taken back after a crash, with the transitions made since (of tickets counted before the checkpoint too)', async () => {
    const app = await open();
    const { service, replayer } = app.moshao;
    await replayer!.playTo(Date.parse('2023-06-11T09:00:00+08:00'));
    // Tickets counted long before (the oldest open ones), moved on by hand after the last checkpoint.
    const old = (app.moshao.db.prepare('SELECT id, status FROM tickets WHERE reported_at <= ? ORDER BY id LIMIT 40')
      .all(replayer!.processedTo) as { id: number; status: TicketStatus }[])
      .map((t) => ({ ...t, action: allowedActions(t.status).find((a) => a !== 'merge') })).filter((t) => t.action).slice(0, 10);
    expect(old.length).toBe(10);
    for (const t of old) service.transition(t.id, { action: t.action!, rating: 5 }, 'tester');
    await replayer!.playTo(Date.parse('2023-06-11T15:00:00+08:00'));
    service.tick(replayer!.processedTo);
    // Killed here: no clean close, no last checkpoint; the database file is left as the kill leaves it.
    replayer!.stop();
    app.moshao.db.close();

    lines.length = 0;
    const restarted = await open();
    expect(lines.some((l) => l.includes('taken back'))).toBe(true);
    const got = summaries(restarted);
    const at = restarted.moshao.live.at;
    restarted.moshao.live.rebuild(createTicketRepository(restarted.moshao.db).iterateCounted(at), at);
    expect(got).toEqual(summaries(restarted));
    await restarted.close();
  });

  it('are taken back with the rows another program wrote behind the server\'s back', async () => {
    const db = new Database(path);
    expect(savedMeta()).not.toBe('');
    db.prepare(`INSERT INTO tickets (title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat, address,
      handling_unit, reported_at, response_due_at, close_due_at, updated_at)
      SELECT title, description, category, tier, 'reported', channel, reporter_role, urgent, grid_id, lng, lat, address, handling_unit,
        reported_at, response_due_at, close_due_at, updated_at FROM tickets WHERE id = 1`).run();
    db.close();
    lines.length = 0;
    const third = await open();
    expect(lines.some((l) => l.includes('taken back'))).toBe(true);
    const got = summaries(third);
    const at = third.moshao.live.at;
    third.moshao.live.rebuild(createTicketRepository(third.moshao.db).iterateCounted(at), at);
    expect(got).toEqual(summaries(third));
    await third.close();
  });
});
