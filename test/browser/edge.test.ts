import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectCluster, type ClusterLink } from '../../server/cluster/redis-link.js';
import { buildEdge } from '../../server/edge/edge.js';
import { describeWithRedis, startRedis, type TestRedis } from '../../server/test/redis.js';
import { ensureClientBuilt } from './build-client.js';
import { describeInChromium } from './guard.js';
import { kpiTotal, launchChromium, newWallPage, pauseMidYear, REPO_ROOT, startApp, waitForLiveWall } from './harness.js';

/** How long to wait for the push. Generous: how fast it comes is measured by `npm run bench` (push), not in tests. */
const PUSH_WAIT_MS = 30_000;

describeInChromium('a wall served by an edge, in Chromium', () => {
  describeWithRedis('writer and edge over Redis', () => {
    let redis: TestRedis;
    let writer: FastifyInstance;
    let writerLink: ClusterLink;
    let edge: FastifyInstance;
    let edgeLink: ClusterLink;
    let edgeUrl = '';
    let browser: Browser;
    let page: Page;
    let problems: string[] = [];

    beforeAll(async () => {
      redis = await startRedis();
      writerLink = await connectCluster(redis.url, () => {});
      let writerUrl: string;
      ({ app: writer, baseUrl: writerUrl } = await startApp({ autoPlay: false, cluster: writerLink }));
      await writerLink.joined(writer.moshao.io);
      await pauseMidYear(writer);
      edgeLink = await connectCluster(redis.url, () => {});
      edge = await buildEdge({ writerUrl, cluster: edgeLink, clientDir: ensureClientBuilt(REPO_ROOT) });
      await edge.listen({ port: 0, host: '127.0.0.1' });
      const address = edge.server.address();
      edgeUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      browser = await launchChromium();
      ({ page, problems } = await newWallPage(browser));
      await page.goto(`${edgeUrl}/`);
      await waitForLiveWall(page);
    });

    afterAll(async () => {
      await browser?.close();
      await edge?.close();
      if (edge) await edgeLink.close(edge.edge.io);
      await writer?.close();
      if (writer) await writerLink.close(writer.moshao.io);
      await redis?.stop();
    });

    it('shows a ticket filed through the edge, pushed without a reload, its socket on the edge and not the writer', async () => {
      expect(writer.moshao.io.sockets.sockets.size).toBe(0);
      expect(edge.edge.io.sockets.sockets.size).toBe(1);
      const before = (await kpiTotal(page))!;
      const res = await fetch(`${edgeUrl}/api/tickets`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.moshao.intakeToken}` },
        body: JSON.stringify({ category: 'lamp', title: '测试：路灯不亮', channel: 'mini_program', reporterRole: 'resident', gridId: '321171001001-01' }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: number };
      await page.waitForSelector(`[data-testid="ticket-board"] [data-ticket-id="${id}"]`, { state: 'attached', timeout: PUSH_WAIT_MS });
      await expect.poll(() => kpiTotal(page), { timeout: PUSH_WAIT_MS }).toBe(before + 1);
      expect(problems).toEqual([]);
    });
  });
});
