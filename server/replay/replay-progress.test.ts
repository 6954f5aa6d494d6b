import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.js';
import { loginAs, testApp } from '../test/app.js';
import { rowsOffTheTimeline } from '../test/timeline-on-disk.js';
import { smallWorld } from '../test/world.js';

const dir = mkdtempSync(join(tmpdir(), 'moshao-progress-'));
const file = join(dir, 'running.db');
let app: FastifyInstance;
/** A second connection to the running app's file sees only what is committed: what a kill right now leaves on disk. */
let onDisk: Database.Database;
beforeAll(async () => {
  app = await testApp({ dbPath: file });
  onDisk = new Database(file);
});
afterAll(async () => {
  onDisk.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const summaries = (a: FastifyInstance) => Object.fromEntries(a.moshao.live.scopeIds().map((s) => [s, a.moshao.live.summary(s)]));

describe('the replay\'s saved position (what a restart resumes from)', () => {
  it('matches the rows at every moment of a jump: at its start, its end, or finished by the next start', async () => {
    const to = Date.UTC(2023, 8, 30, 16);
    const seek = app.inject({ method: 'POST', url: '/api/replay', headers: await loginAs(app, 'admin'), payload: { action: 'seek', to } });
    // The jump writes a slice, then yields to the event loop: each yield is a moment a kill could land.
    let done = false;
    void seek.then(() => { done = true; });
    const copies: string[] = [];
    while (!done) {
      expect(rowsOffTheTimeline(onDisk)).toEqual([]);
      // What a kill right now would leave on disk. Copied by the second connection: the app's own may be inside the
      // jump's open transaction, where SQLite refuses VACUUM and would show rows not yet committed.
      const copy = join(dir, `killed-${copies.length}.db`);
      onDisk.exec(`VACUUM INTO '${copy}'`);
      copies.push(copy);
      await new Promise((r) => setImmediate(r));
    }
    expect((await seek).statusCode).toBe(200);
    expect(rowsOffTheTimeline(app.moshao.db as unknown as Database.Database)).toEqual([]);
    expect(copies.length).toBeGreaterThan(1);

    // Each copy starts, finishes what it was doing, and then stands where the uninterrupted run stands.
    const expected = summaries(app);
    for (const copy of copies) {
      const restarted = await buildApp({ dbPath: copy, world: smallWorld(), clientDir: '/nonexistent' });
      try {
        const db = new Database(copy, { readonly: true });
        expect(rowsOffTheTimeline(db)).toEqual([]);
        db.close();
        if (restarted.moshao.replayer!.processedTo === to) {
          for (const [scope, s] of Object.entries(summaries(restarted))) expect(s, `${copy} ${scope}`).toEqual(expected[scope]);
        }
      } finally {
        await restarted.close();
      }
    }
  });
});
