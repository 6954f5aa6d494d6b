import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, TestWall } from '../test/cluster.js';
import { forkServer, type ForkedServer } from '../test/forked-server.js';
import { describeWithRedis, startRedis, type TestRedis } from '../test/redis.js';

/**
 * server/main.ts by role, as docs/operating.md starts them: a writer (live mode, so its first start is quick and it ticks
 * the clock every second) and an edge in front of it, both real processes.
 */
describeWithRedis('main.ts as writer and edge', () => {
  let redis: TestRedis;
  let dir = '';
  let writer: ForkedServer | null = null;
  let edge: ForkedServer | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'moshao-roles-'));
    writer = await forkServer(join(dir, 'live.db'), { MOSHAO_MODE: 'live', MOSHAO_ROLE: 'writer', MOSHAO_REDIS_URL: redis.url });
    edge = await forkServer(join(dir, 'not-opened.db'), { MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: redis.url, MOSHAO_WRITER_URL: writer.base });
  }, 120_000);

  afterAll(async () => {
    await edge?.stop();
    await writer?.stop();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("serves the writer's API and its clock deltas through the edge, in seq order", async () => {
    expect(writer!.output()).toContain('writer: live wall on http://');
    expect(edge!.output()).toMatch(/edge wall on http:\/\/127\.0\.0\.1:\d+\/ \(writer http:/);
    const health = await fetch(`${edge!.base}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'live', cells: 0 });

    const wall = new TestWall('321171');
    const first = await wall.open(edge!.base);
    // The live writer ticks the clock every second: deltas arrive through Redis and the edge, one seq after another.
    await eventually(() => `seq ${wall.seq} from ${first}, gaps [${wall.gaps.join(', ')}]`, () => wall.applied.length >= 3, 15_000);
    expect(wall.gaps).toEqual([]);
    expect(wall.applied).toEqual(Array.from({ length: wall.applied.length }, (_, k) => first + k + 1));
    wall.close();
  }, 60_000);

  it('stops both on SIGTERM, the edge without a database file of its own', async () => {
    await edge!.stop();
    expect(edge!.exitedByItself()).toBe(false);
    expect(edge!.output()).toContain('SIGTERM: closing');
    expect(existsSync(join(dir, 'not-opened.db'))).toBe(false);
    edge = null;
  });
});
