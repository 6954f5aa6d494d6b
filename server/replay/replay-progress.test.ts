import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loginAs, testApp } from '../test/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

/** What a process killed right now would leave behind: the saved progress and the planned tickets committed. */
function onDisk() {
  const db = app.moshao.db;
  const progress = Number(db.prepare("SELECT value FROM meta WHERE key = 'replay_processed_to'").pluck().get() ?? 0);
  const filed = db.prepare('SELECT count(*) FROM tickets WHERE ref IS NOT NULL').pluck().get() as number;
  const planned = db.prepare('SELECT count(*) FROM replay_plan WHERE reported_at <= ?').pluck().get(progress) as number;
  return { progress, filed, planned };
}

describe('the replay\'s saved progress (what a restart resumes from)', () => {
  it('matches the committed tickets between every two days of a long seek, not only at its end', async () => {
    const seek = app.inject({
      method: 'POST', url: '/api/replay', headers: await loginAs(app, 'admin'),
      payload: { action: 'seek', to: Date.UTC(2023, 2, 31, 16) },
    });
    // The seek commits a day, then yields to the event loop: each yield is a moment a kill could land.
    const seen = new Set<number>();
    let done = false;
    void seek.then(() => { done = true; });
    while (!done) {
      const d = onDisk();
      expect(d.filed, `at progress ${new Date(d.progress).toISOString()}`).toBe(d.planned);
      seen.add(d.progress);
      await new Promise((r) => setImmediate(r));
    }
    expect((await seek).statusCode).toBe(200);
    // The check ran at many points in the middle of the seek, not just before and after it.
    expect(seen.size).toBeGreaterThan(30);
    const end = onDisk();
    expect(end.progress).toBe(Date.UTC(2023, 2, 31, 16));
    expect(end.filed).toBe(end.planned);
  });
});
