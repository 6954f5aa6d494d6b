import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, fileTicket, startWriter, stopNode, TestWall, type Node } from '../test/cluster.js';
import { forkServer, type ForkedServer } from '../test/forked-server.js';
import { describeWithRedis, startRedis, type TestRedis } from '../test/redis.js';

const DISTRICT = '321171';
const WALLS_PER_EDGE = 20;

describeWithRedis('an edge killed under its walls', () => {
  let redis: TestRedis;
  let writer: Node;
  const edges: ForkedServer[] = [];
  const walls: TestWall[] = [];
  let cells: string[] = [];
  const writerSeq = () => writer.app.moshao.broadcaster.seqOf(DISTRICT);

  beforeAll(async () => {
    redis = await startRedis();
    writer = await startWriter(redis.url);
    cells = (writer.app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 10').all() as { id: string }[]).map((r) => r.id);
    // Real edge processes (server/main.ts with MOSHAO_ROLE=edge), so that one can be SIGKILLed.
    const env = { MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: redis.url, MOSHAO_WRITER_URL: writer.url };
    edges.push(...(await Promise.all([forkServer('/nonexistent/edge.db', env), forkServer('/nonexistent/edge.db', env)])));
    for (let i = 0; i < 2 * WALLS_PER_EDGE; i++) walls.push(new TestWall(DISTRICT));
    await Promise.all(walls.map((w, i) => w.open(edges[i % 2].base)));
  }, 120_000);

  afterAll(async () => {
    for (const w of walls) w.close();
    for (const e of edges) await e.stop();
    await stopNode(writer);
    await redis?.stop();
  }, 60_000);

  it('moves its walls to the other edge, where they resync and then follow every delta without a gap', async () => {
    const first = [await fileTicket(edges[0].base, cells[0], 1), await fileTicket(edges[1].base, cells[1], 2)];
    const state = () => walls.map((w) => `seq ${w.seq} gaps [${w.gaps.join(', ')}]`).slice(0, 4).join('; ') + ` (writer ${writerSeq()})`;
    await eventually(state, () => walls.every((w) => first.every((id) => w.tickets.has(id)) && w.seq === writerSeq()));

    await edges[0].kill();
    expect(edges[1].exitedByItself()).toBe(false);
    // A wall whose edge died reconnects to the other one (a load balancer's job; the wall's own reconnect in a browser).
    const orphans = walls.filter((_, i) => i % 2 === 0);
    for (const w of orphans) await new Promise<void>((resolve) => (w.socket.disconnected ? resolve() : w.socket.once('disconnect', () => resolve())));
    const resyncedAt = await Promise.all(orphans.map((w) => w.open(edges[1].base)));
    for (const seq of resyncedAt) expect(seq).toBe(writerSeq());

    const later: number[] = [];
    for (let n = 0; n < 6; n++) later.push(await fileTicket(edges[1].base, cells[n % cells.length], 10 + n));
    await eventually(state, () => walls.every((w) => later.every((id) => w.tickets.has(id)) && w.seq === writerSeq()));
    const total = writer.app.moshao.live.countersOf().total;
    for (const w of walls) {
      expect(w.gaps).toEqual([]);
      expect((w.lastPatch.tickets as { total: number }).total).toBe(total);
      // Applied seqs are strictly consecutive across the move: each one once.
      expect(w.applied.every((s, k) => k === 0 || s === w.applied[k - 1] + 1)).toBe(true);
    }
  }, 60_000);
});
