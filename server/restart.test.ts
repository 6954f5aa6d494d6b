import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { smallWorld } from './test/world.js';
import type { FastifyInstance } from 'fastify';
import { createTicketRepository } from './storage/ticket-repository.js';

/** The aggregates saved at a clean shutdown come back equal to a rebuild; a crash or a changed table means a rebuild. */
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
    // Killed here (no clean close): the saved copy is already gone, so the next start must rebuild.
    expect(savedMeta()).toBe('');
    await second.close();
  });

  it('are not taken back when the table changed behind the server\'s back', async () => {
    const db = new Database(path);
    expect(savedMeta()).not.toBe('');
    db.prepare(`INSERT INTO tickets (title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat, address,
      handling_unit, reported_at, response_due_at, close_due_at, updated_at)
      SELECT title, description, category, tier, 'reported', channel, reporter_role, urgent, grid_id, lng, lat, address, handling_unit,
        reported_at, response_due_at, close_due_at, updated_at FROM tickets WHERE id = 1`).run();
    db.close();
    lines.length = 0;
    const third = await open();
    expect(lines.some((l) => l.includes('rebuilt'))).toBe(true);
    await third.close();
  });
});
